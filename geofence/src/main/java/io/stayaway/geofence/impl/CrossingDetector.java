package io.stayaway.geofence.impl;

import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeClosed;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.Order;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Crossing inference (issue 3: a respondent who crosses a zone between two fixes), one path per static zone. A
 * CROSSING is an inference from a straight path, so it is drawn only between two plausible fixes that are each clearly
 * outside the zone (by more than their own uncertainty): fixes inside or possibly inside are the dwell machinery's
 * business and only ever sit on the path between those two. The straight track from the entry to the exit fix must
 * pass deeper into the zone than twice the larger uncertainty plus the margin, at a plausible speed, with no hole in
 * the track longer than {@code crossingMaxGap}. Both ends must be corroborated by their neighbours, because a single
 * multipath fix can be either end:
 * <ul>
 *   <li>the entry by the clearly-outside fix before it: the straight track from that fix to the exit must pass
 *       through the zone too (an outlying entry has genuine fixes on the exit's side both before and after it, so
 *       that track does not). The first fix of a path (the respondent's first, or the first after a reset or a
 *       silence that confirmed a crossing) has nothing before it to check it against and is taken as it is: a
 *       drive that starts just before a zone must still raise its crossing;</li>
 *   <li>the exit by the next clearly-outside fix, which must be on the far side (the straight track from the entry to
 *       it also passes through the zone) without the track having come back through the zone from the exit. Until
 *       then the crossing is a candidate; the cost is one fix interval of latency (15 s in pursuit mode).</li>
 * </ul>
 * A single multipath fix (inside, beyond the zone, or anywhere else) is thus never the basis of an alert, unless it is
 * the first fix of a path. Mutable, confined to the thread that owns the order's evaluator.
 */
final class CrossingDetector {
    private final CompiledOrder compiled;
    private final Order order;
    private final EvaluatorSettings settings;
    private final DeviceTracks tracks;
    private final long crossingGapMillis;
    private TransitState[] transits;

    CrossingDetector(CompiledOrder compiled, EvaluatorSettings settings, DeviceTracks tracks) {
        this.compiled = compiled;
        this.order = compiled.order();
        this.settings = settings;
        this.tracks = tracks;
        this.crossingGapMillis = settings.crossingMaxGap().toMillis();
        this.transits = new TransitState[compiled.transitCount()];
        Arrays.fill(transits, TransitState.NONE);
    }

    /** Forgets the zone's path (its rule stopped applying, or a breach is open there). */
    void reset(int slot) {
        transits[slot] = TransitState.NONE;
    }

    void resetAll() {
        Arrays.fill(transits, TransitState.NONE);
    }

    /**
     * Extends the zone's path with a plausible fix at signed distance {@code s}; announces a pending crossing the fix
     * confirms, or makes the fix's chord from the anchor a new candidate.
     */
    void track(
            CompiledOrder.StaticRule r,
            Fix fix,
            double s,
            boolean inCorridor,
            boolean breachOpen,
            List<GeofenceEvent> events) {
        int slot = r.transitSlot();
        TransitState t = transits[slot];
        if (breachOpen) {
            transits[slot] = TransitState.NONE;
            return;
        }
        boolean clearlyOutside = s >= fix.uncertainty() || inCorridor;
        boolean continuous = t.last() != null
                && fix.timeMillis() >= t.last().timeMillis()
                && fix.timeMillis() - t.last().timeMillis() <= crossingGapMillis;
        if (!clearlyOutside) {
            transits[slot] = continuous && t.anchor() != null
                    ? new TransitState(
                            t.before(),
                            t.beforeDistance(),
                            t.anchor(),
                            t.anchorDistance(),
                            fix,
                            s,
                            append(t.seqs(), fix.seq()),
                            t.pending())
                    : new TransitState(null, 0, null, 0, fix, s, List.of(), t.pending());
            return;
        }
        TransitState.Candidate p = t.pending();
        if (p != null) {
            double farDepth = chordDepth(r, p.entry(), p.entryDistance(), fix, s);
            double backDepth = chordDepth(r, p.exit(), p.exitDistance(), fix, s);
            boolean farSide = farDepth > threshold(p.entry(), fix);
            boolean cameBack = backDepth > threshold(p.exit(), fix);
            if (farSide && !cameBack) {
                open(r, p, fix, events);
            }
            transits[slot] = t.anchoredAt(fix, s, null);
            return;
        }
        TransitState.Candidate candidate = continuous && t.anchor() != null ? candidate(r, t, fix, s) : null;
        transits[slot] = t.anchoredAt(fix, s, candidate);
    }

    /**
     * The chord from the path's anchor to a clearly-outside fix, when it passes deep enough into the zone at a plausible
     * speed and the fix before the anchor corroborates it as the entry.
     */
    private TransitState.Candidate candidate(CompiledOrder.StaticRule r, TransitState t, Fix fix, double s) {
        if (!tracks.consistent(t.anchor(), fix)) {
            return null;
        }
        double depth = chordDepth(r, t.anchor(), t.anchorDistance(), fix, s);
        double threshold = threshold(t.anchor(), fix);
        if (depth <= threshold || !entryCorroborated(r, t, fix, s)) {
            return null;
        }
        List<Long> path = new ArrayList<>();
        path.add(t.anchor().seq());
        path.addAll(t.seqs());
        path.add(fix.seq());
        return new TransitState.Candidate(
                t.anchor(),
                t.anchorDistance(),
                fix,
                s,
                depth,
                threshold,
                List.copyOf(path.subList(0, Math.min(path.size(), settings.maxSupportingSeqs()))));
    }

    /**
     * Whether the clearly-outside fix before the anchor lies on the anchor's side of the zone, as seen from the exit
     * {@code fix}: the straight track from it to the exit passes through the zone as deep as a crossing must. A single
     * outlying anchor fails this, since the fixes before and after it are genuine and on the same side. An anchor with
     * no fix before it passes: there is nothing to check it against, and a crossing must not be missed for that.
     */
    private boolean entryCorroborated(CompiledOrder.StaticRule r, TransitState t, Fix fix, double s) {
        return t.before() == null || chordDepth(r, t.before(), t.beforeDistance(), fix, s) > threshold(t.before(), fix);
    }

    /** How deep the straight track between two fixes must pass into a zone to count: twice the larger uncertainty plus the margin. */
    private double threshold(Fix a, Fix b) {
        return 2 * Math.max(a.uncertainty(), b.uncertainty()) + settings.crossingMarginMetres();
    }

    /**
     * Deepest penetration of the straight segment a→b into the zone, metres; negative infinity when it
     * cannot touch it (triangle inequality on the ends' distances, then the zone's box). Uses its own
     * projection buffers: the caller's projected fix is left alone.
     */
    private double chordDepth(CompiledOrder.StaticRule r, Fix a, double aDistance, Fix b, double bDistance) {
        double reach = threshold(a, b);
        boolean mayTouch =
                Geodesy.quickDistance(a.lat(), a.lon(), b.lat(), b.lon()) * 1.001 + 1 >= aDistance + bDistance;
        if (!mayTouch || !r.box().segmentWithinReach(a.lat(), a.lon(), b.lat(), b.lon(), reach)) {
            return Double.NEGATIVE_INFINITY;
        }
        double[] pa = new double[2];
        double[] pb = new double[2];
        compiled.frame().project(a.lat(), a.lon(), pa);
        compiled.frame().project(b.lat(), b.lon(), pb);
        return r.shape().maxDepthAlong(pa[0], pa[1], pb[0], pb[1]);
    }

    private List<Long> append(List<Long> seqs, long seq) {
        if (seqs.size() >= settings.maxSupportingSeqs()) {
            return seqs;
        }
        List<Long> grown = new ArrayList<>(seqs.size() + 1);
        grown.addAll(seqs);
        grown.add(seq);
        return List.copyOf(grown);
    }

    /**
     * A crossing waiting for the fix after its exit is announced anyway when the respondent's device
     * stays silent for {@code crossingMaxGap} of server time after the exit fix was evaluated ({@code evaluatedAt}):
     * going quiet right after passing through a zone is itself alarming, and waiting for a fix that never
     * comes would be a missed alert. The explanation says it was confirmed by silence.
     */
    void confirmBySilence(CompiledOrder.StaticRule r, long nowMillis, long evaluatedAt, List<GeofenceEvent> events) {
        TransitState t = transits[r.transitSlot()];
        TransitState.Candidate p = t.pending();
        if (p == null) {
            return;
        }
        if (evaluatedAt == OrderClock.SERVER_TIME_UNKNOWN || nowMillis - evaluatedAt < crossingGapMillis) {
            return;
        }
        List<GeofenceEvent> opened = new ArrayList<>(2);
        open(r, p, p.exit(), opened);
        String silence = Explanations.confirmedBySilence(nowMillis - evaluatedAt);
        for (GeofenceEvent e : opened) {
            Episode withWhy = e.episode().withExplanation(e.episode().explanation() + silence);
            events.add(e instanceof EpisodeOpened ? new EpisodeOpened(withWhy) : new EpisodeClosed(withWhy));
        }
        // The exit's own side has no fix before it yet: the path starts afresh at the exit.
        transits[r.transitSlot()] = TransitState.startingAt(p.exit(), p.exitDistance());
    }

    /** Announces a crossing: opened and closed at once (it is over by the time it is known). */
    private void open(
            CompiledOrder.StaticRule r, TransitState.Candidate c, Fix confirming, List<GeofenceEvent> events) {
        String respondent = order.respondentDeviceId();
        Fix entry = c.entry();
        Fix exit = c.exit();
        String id = Episode.idFor(
                order.id(), r.zone().id(), EpisodeKind.CROSSING, respondent, entry.seq(), entry.timeMillis());
        double u = Math.max(entry.uncertainty(), exit.uncertainty());
        String why = Explanations.crossing(
                r.zone().id(),
                respondent,
                entry,
                exit,
                confirming,
                c.depth(),
                u,
                settings.crossingMarginMetres(),
                c.threshold());
        List<Long> seqs =
                c.seqs().size() < settings.maxSupportingSeqs() ? append(c.seqs(), confirming.seq()) : c.seqs();
        Episode open = Episode.builder()
                .id(id)
                .rule(order.id(), r.zone().id(), EpisodeKind.CROSSING, respondent, null)
                .start(Instant.ofEpochMilli(entry.timeMillis()))
                .seqs(entry.seq(), confirming.seq())
                .measures(-c.depth(), c.depth(), u)
                .supportingSeqs(seqs)
                .explanation(why)
                .build();
        Episode closed = open.toBuilder()
                .end(Instant.ofEpochMilli(exit.timeMillis()))
                .explanation(why + Explanations.CROSSING_CLOSED)
                .build();
        events.add(new EpisodeOpened(open));
        events.add(new EpisodeClosed(closed));
    }

    TransitState[] copy() {
        return transits.clone();
    }

    void restore(TransitState[] saved) {
        transits = saved.clone();
    }
}
