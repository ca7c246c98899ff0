package io.stayaway.geofence.impl;

import java.util.List;

/**
 * Crossing detection for one static zone: the last fix clearly outside (anchor), the path since, and
 * a crossing inferred but not yet confirmed by the fix after its exit; immutable.
 *
 * @param anchor         last plausible fix clearly outside the zone, {@code null} when unknown
 * @param anchorDistance signed distance of {@code anchor} to the zone (a lower bound when it was far), metres
 * @param last           last plausible fix on the path (the anchor itself when the path is empty), {@code null} when none
 * @param lastDistance   signed distance of {@code last} to the zone (a lower bound when it was far), metres
 * @param seqs           the path's fix seqs after the anchor (fixes not clearly outside; empty while the path is just the anchor)
 * @param pending        a crossing whose exit fix is {@code anchor}, waiting for the next clearly-outside fix; {@code null} when none
 */
record TransitState(
        Fix anchor, double anchorDistance, Fix last, double lastDistance, List<Long> seqs, Candidate pending) {
    static final TransitState NONE = new TransitState(null, 0, null, 0, List.of(), null);

    /**
     * A straight track from {@code entry} to {@code exit} (both clearly outside) that passes deeper than
     * {@code threshold} into the zone; announced only once the next fix confirms it; immutable.
     */
    record Candidate(
            Fix entry,
            double entryDistance,
            Fix exit,
            double exitDistance,
            double depth,
            double threshold,
            List<Long> seqs) {}

    static TransitState anchoredAt(Fix f, double distance, Candidate pending) {
        return new TransitState(f, distance, f, distance, List.of(), pending);
    }
}
