package io.stayaway.geofence.impl;

import io.stayaway.geofence.Episode;
import java.util.List;

/**
 * The state of one episode machine: a pending run of supporting observations, the open episode,
 * and the all-clear run towards closing it; immutable (each step makes a new value).
 */
record MachineState(Run run, Episode open, ClearRun clear, double announcedDistance, double announcedPenetration) {
    static final MachineState IDLE = new MachineState(null, null, null, Double.NaN, Double.NaN);

    /**
     * Supporting observations not yet enough to open. {@code idDevice}, {@code idSeq} and {@code idMillis} (device
     * time, or {@link Observation#NO_FIX}) name the episode if it opens: the fix the run's first observation rests on.
     */
    record Run(
            long startMillis,
            long firstSeq,
            String idDevice,
            long idSeq,
            long idMillis,
            int plausibleCount,
            long firstPlausibleMillis,
            long lastPlausibleMillis,
            double minDistance,
            double maxPenetration,
            double maxUncertainty,
            List<Long> seqs,
            long lastSeq) {}

    /** Clear observations since the open episode was last supported. */
    record ClearRun(int count, long firstMillis, long lastMillis) {}

    boolean isIdle() {
        return run == null && open == null && clear == null;
    }
}
