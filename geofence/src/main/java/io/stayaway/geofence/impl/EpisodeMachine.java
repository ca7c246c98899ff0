package io.stayaway.geofence.impl;

import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeClosed;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.EpisodeUpdated;
import io.stayaway.geofence.GeofenceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The debounce state machine shared by every rule: opens an episode when supporting observations
 * reach the confirmation count or span, closes it after a dwell of clear observations; stateless
 * (states are values), thread-safe.
 */
final class EpisodeMachine {
    private EpisodeMachine() {}

    /** A machine's next state and the event it caused, if any. */
    record Step(MachineState state, GeofenceEvent event) {}

    static Step step(MachineState s, Observation o, MachinePolicy p, EpisodeKey key) {
        return s.open() == null ? stepPending(s, o, p, key) : stepOpen(s, o, p);
    }

    private static Step stepPending(MachineState s, Observation o, MachinePolicy p, EpisodeKey key) {
        switch (o.signal()) {
            case SUPPORT -> {
                MachineState.Run run = extend(s.run(), o, p);
                if (confirmed(run, p)) {
                    Episode e = openEpisode(run, o, p, key);
                    return new Step(
                            new MachineState(null, e, null, e.minDistanceMetres(), e.maxPenetrationMetres()),
                            new EpisodeOpened(e));
                }
                return new Step(new MachineState(run, null, null, Double.NaN, Double.NaN), null);
            }
            case HOLD -> {
                return new Step(s, null);
            }
            default -> {
                if (!o.plausible() && o.signal() != Signal.END) {
                    return new Step(s, null);
                }
                return new Step(s.run() == null ? s : MachineState.IDLE, null);
            }
        }
    }

    private static Step stepOpen(MachineState s, Observation o, MachinePolicy p) {
        Episode e = s.open();
        switch (o.signal()) {
            case SUPPORT -> {
                Episode grown = support(e, o, p);
                boolean meaningful = grown.minDistanceMetres() <= s.announcedDistance() - p.updateStepMetres()
                        || grown.maxPenetrationMetres() >= s.announcedPenetration() + p.updateStepMetres();
                if (meaningful) {
                    return new Step(
                            new MachineState(
                                    null, grown, null, grown.minDistanceMetres(), grown.maxPenetrationMetres()),
                            new EpisodeUpdated(grown));
                }
                return new Step(
                        new MachineState(null, grown, null, s.announcedDistance(), s.announcedPenetration()), null);
            }
            case HOLD, OUT -> {
                if (!o.plausible() || s.clear() == null) {
                    return new Step(s, null);
                }
                return new Step(new MachineState(null, e, null, s.announcedDistance(), s.announcedPenetration()), null);
            }
            case CLEAR -> {
                if (!o.plausible()) {
                    return new Step(s, null);
                }
                MachineState.ClearRun c = s.clear() == null
                        ? new MachineState.ClearRun(1, o.timeMillis(), o.timeMillis())
                        : new MachineState.ClearRun(
                                s.clear().count() + 1,
                                Math.min(s.clear().firstMillis(), o.timeMillis()),
                                Math.max(s.clear().lastMillis(), o.timeMillis()));
                if (c.count() >= p.closeFixes() && c.lastMillis() - c.firstMillis() >= p.closeDwellMillis()) {
                    return close(
                            e,
                            c.firstMillis(),
                            String.format(
                                    Locale.ROOT,
                                    "closed: clear of the limit by the margin on %d fixes over %d s",
                                    c.count(),
                                    (c.lastMillis() - c.firstMillis()) / 1000));
                }
                return new Step(new MachineState(null, e, c, s.announcedDistance(), s.announcedPenetration()), null);
            }
            default -> {
                return close(e, Math.max(o.timeMillis(), e.start().toEpochMilli()), "closed: " + o.why());
            }
        }
    }

    /**
     * Closes an open episode whose clear run has lasted the close dwell by {@code nowMillis} of server
     * time although the device fell silent before a second clear fix arrived in device time.
     */
    static Step closeBySilence(MachineState s, long nowMillis, MachinePolicy p) {
        MachineState.ClearRun c = s.clear();
        if (s.open() == null
                || c == null
                || c.count() < p.closeFixes()
                || nowMillis - c.firstMillis() < p.closeDwellMillis()) {
            return new Step(s, null);
        }
        return close(
                s.open(),
                c.firstMillis(),
                String.format(
                        Locale.ROOT,
                        "closed: clear of the limit by the margin on %d fixes, then no contrary fix for %d s",
                        c.count(),
                        (nowMillis - c.firstMillis()) / 1000));
    }

    private static Step close(Episode e, long endMillis, String why) {
        Episode closed = e.toBuilder()
                .end(Instant.ofEpochMilli(Math.max(endMillis, e.start().toEpochMilli())))
                .explanation(e.explanation() + "; " + why)
                .build();
        return new Step(MachineState.IDLE, new EpisodeClosed(closed));
    }

    private static boolean confirmed(MachineState.Run run, MachinePolicy p) {
        if (run.plausibleCount() >= p.confirmFixes()) {
            return true;
        }
        return run.plausibleCount() >= 2
                && run.lastPlausibleMillis() - run.firstPlausibleMillis() >= p.confirmSpanMillis();
    }

    private static MachineState.Run extend(MachineState.Run r, Observation o, MachinePolicy p) {
        long t = o.timeMillis();
        if (r == null) {
            List<Long> seqs = o.seq() >= 0 ? List.of(o.seq()) : List.of();
            return new MachineState.Run(
                    t,
                    o.seq(),
                    o.idDevice(),
                    o.idSeq(),
                    o.idMillis(),
                    o.plausible() ? 1 : 0,
                    o.plausible() ? t : Long.MAX_VALUE,
                    o.plausible() ? t : Long.MIN_VALUE,
                    o.distance(),
                    o.penetration(),
                    o.uncertainty(),
                    seqs,
                    o.seq());
        }
        return new MachineState.Run(
                Math.min(r.startMillis(), t),
                r.firstSeq(),
                r.idDevice(),
                r.idSeq(),
                r.idMillis(),
                r.plausibleCount() + (o.plausible() ? 1 : 0),
                o.plausible() ? Math.min(r.firstPlausibleMillis(), t) : r.firstPlausibleMillis(),
                o.plausible() ? Math.max(r.lastPlausibleMillis(), t) : r.lastPlausibleMillis(),
                Math.min(r.minDistance(), o.distance()),
                Math.max(r.maxPenetration(), o.penetration()),
                Math.max(r.maxUncertainty(), o.uncertainty()),
                appendSeq(r.seqs(), o.seq(), p.maxSupportingSeqs()),
                o.seq() >= 0 ? o.seq() : r.lastSeq());
    }

    private static List<Long> appendSeq(List<Long> seqs, long seq, int max) {
        if (seq < 0 || seqs.size() >= max || (!seqs.isEmpty() && seqs.get(seqs.size() - 1) == seq)) {
            return seqs;
        }
        List<Long> grown = new ArrayList<>(seqs.size() + 1);
        grown.addAll(seqs);
        grown.add(seq);
        return List.copyOf(grown);
    }

    private static Episode openEpisode(MachineState.Run run, Observation o, MachinePolicy p, EpisodeKey key) {
        String id = Episode.idFor(key.orderId(), key.zoneId(), key.kind(), run.idDevice(), run.idSeq(), run.idMillis());
        long spanSeconds =
                run.plausibleCount() >= 2 ? (run.lastPlausibleMillis() - run.firstPlausibleMillis()) / 1000 : 0;
        String why = String.format(
                Locale.ROOT,
                "%s on zone %s opened: %d plausible supporting fixes over %d s (opens at %d fixes or %d s with 2+ fixes); "
                        + "latest: %s; closest %.1f m, deepest %.1f m, uncertainty up to %.1f m",
                key.kind(),
                key.zoneId(),
                run.plausibleCount(),
                spanSeconds,
                p.confirmFixes(),
                p.confirmSpanMillis() / 1000,
                o.why(),
                run.minDistance(),
                run.maxPenetration(),
                run.maxUncertainty());
        return Episode.builder()
                .id(id)
                .rule(key.orderId(), key.zoneId(), key.kind(), key.deviceId(), key.counterpartDeviceId())
                .start(Instant.ofEpochMilli(run.startMillis()))
                .seqs(run.firstSeq(), run.lastSeq())
                .measures(run.minDistance(), run.maxPenetration(), run.maxUncertainty())
                .supportingSeqs(run.seqs())
                .explanation(why)
                .build();
    }

    private static Episode support(Episode e, Observation o, MachinePolicy p) {
        long t = o.timeMillis();
        Instant start = t < e.start().toEpochMilli() ? Instant.ofEpochMilli(t) : e.start();
        return e.toBuilder()
                .start(start)
                .end(null)
                .lastSeq(o.seq() >= 0 ? Math.max(e.lastSeq(), o.seq()) : e.lastSeq())
                .measures(
                        Math.min(e.minDistanceMetres(), o.distance()),
                        Math.max(e.maxPenetrationMetres(), o.penetration()),
                        Math.max(e.accuracyMetres(), o.uncertainty()))
                .supportingSeqs(appendSeq(e.supportingSeqs(), o.seq(), p.maxSupportingSeqs()))
                .build();
    }
}
