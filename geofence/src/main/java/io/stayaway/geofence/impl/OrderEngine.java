package io.stayaway.geofence.impl;

import io.stayaway.geofence.Classification;
import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeClosed;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.EpisodeUpdated;
import io.stayaway.geofence.Evaluation;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.PingFlag;
import io.stayaway.geofence.RuleAssessment;
import io.stayaway.geofence.MobileExclusionZone;
import io.stayaway.geofence.Suspension;
import io.stayaway.geofence.Zone;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The per-order evaluation engine: device tracks, one episode machine per (rule, kind), crossing
 * detection, the replay history for late fixes, and the record of episodes already announced;
 * not thread-safe, confined to the thread that owns the order's evaluator.
 */
public final class OrderEngine {
    private static final String FAR_REASON = "clear: beyond the warning band (bounding-box check; distance is a lower bound)";
    private static final String FAR_MOBILE_REASON = "clear: the parties are beyond the warning distance";
    private static final String VALIDITY_REASON = "not applicable: the order is not in force at the fix time";
    private static final String SUSPENDED_REASON = "not applicable: zone suspended by the court at the fix time";
    private static final String CORRIDOR_REASON = "not applicable: inside a court-permitted corridor through the zone";
    private static final String SCHEDULE_REASON = "not applicable: outside the inclusion zone's schedule";

    /** A processed fix and the engine state just before it, kept for replay; immutable. */
    record HistoryEntry(Ping ping, DeviceTrack[] tracks, MachineState[] machines, TransitState[] transits) {
    }

    private final CompiledOrder compiled;
    private final Order order;
    private final EvaluatorSettings settings;
    private final MachinePolicy policy;
    private final MachinePolicy unknownPolicy;
    private final EpisodeKey[] keys;
    private final long stalenessMillis;
    private final long crossingGapMillis;
    private final long horizonMillis;

    DeviceTrack[] tracks;
    MachineState[] machines;
    TransitState[] transits;
    final ArrayDeque<HistoryEntry> history = new ArrayDeque<>();
    final LinkedHashMap<String, Episode> announced = new LinkedHashMap<>();
    /** Device time of the earliest in-force fix of any party: the start-up grace for a party never seen runs from here. */
    long monitoringSinceMillis = Long.MAX_VALUE;
    /**
     * Per device, the server instant at which its newest fix was evaluated ({@link #SERVER_TIME_UNKNOWN}: not told;
     * taken as the next {@code advanceTo} instant). Not part of the replayed state: late fixes never change it.
     */
    long[] evaluatedAtServer;
    static final long SERVER_TIME_UNKNOWN = Long.MIN_VALUE;

    private final double[] xy = new double[2];

    public OrderEngine(CompiledOrder compiled, EvaluatorSettings settings) {
        this.compiled = compiled;
        this.order = compiled.order();
        this.settings = settings;
        this.policy = new MachinePolicy(settings.confirmFixes(), settings.confirmSpan().toMillis(), settings.closeFixes(),
                settings.closeDwell().toMillis(), settings.updateStepMetres(), settings.maxSupportingSeqs());
        // PROXIMITY_UNKNOWN is debounced like every episode: it opens on the second stale observation (a respondent fix
        // or an advanceTo tick after the limit), and closes after the counterpart has been fresh for the close dwell.
        this.unknownPolicy = new MachinePolicy(2, 0, settings.closeFixes(), settings.closeDwell().toMillis(), Double.POSITIVE_INFINITY,
                settings.maxSupportingSeqs());
        this.stalenessMillis = settings.counterpartStaleness().toMillis();
        this.crossingGapMillis = settings.crossingMaxGap().toMillis();
        this.horizonMillis = settings.reorderHorizon().toMillis();
        this.keys = buildKeys();
        this.tracks = new DeviceTrack[compiled.devices().size()];
        Arrays.fill(tracks, DeviceTrack.EMPTY);
        this.evaluatedAtServer = new long[tracks.length];
        Arrays.fill(evaluatedAtServer, SERVER_TIME_UNKNOWN);
        this.machines = new MachineState[compiled.machineCount()];
        Arrays.fill(machines, MachineState.IDLE);
        this.transits = new TransitState[compiled.transitCount()];
        Arrays.fill(transits, TransitState.NONE);
    }

    private EpisodeKey[] buildKeys() {
        EpisodeKey[] k = new EpisodeKey[compiled.machineCount()];
        String respondent = order.respondentDeviceId();
        for (CompiledOrder.StaticRule r : compiled.staticRules()) {
            k[r.breachSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.BREACH, respondent, null);
            k[r.approachSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.APPROACH, respondent, null);
        }
        for (CompiledOrder.MobileRule r : compiled.mobileRules()) {
            String counterpart = r.zone().protectedDeviceId();
            k[r.proximitySlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.PROXIMITY, respondent, counterpart);
            k[r.approachSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.APPROACH, respondent, counterpart);
            k[r.unknownSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.PROXIMITY_UNKNOWN, respondent, counterpart);
        }
        for (CompiledOrder.InclusionRule r : compiled.inclusionRules()) {
            k[r.curfewSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.CURFEW, respondent, null);
        }
        return k;
    }

    public CompiledOrder compiled() {
        return compiled;
    }

    // ---------------------------------------------------------------------------------------------
    // Entry points

    /** Evaluates one ping of any party of the order; the server time of evaluation is taken as the next advanceTo instant. */
    public Evaluation evaluate(Ping ping) {
        return evaluate(ping, SERVER_TIME_UNKNOWN);
    }

    /** Evaluates one ping of any party of the order, evaluated at server time {@code serverMillis} ({@link #SERVER_TIME_UNKNOWN} if not known). */
    public Evaluation evaluate(Ping ping, long serverMillis) {
        int device = compiled.deviceIndex(ping.deviceId());
        if (device < 0) {
            throw new IllegalArgumentException("device " + ping.deviceId() + " is not a party of order " + order.id());
        }
        if (!order.inForceAt(ping.time())) {
            return outsideValidity(ping, device);
        }
        long t = ping.time().toEpochMilli();
        monitoringSinceMillis = Math.min(monitoringSinceMillis, t);
        DeviceTrack track = tracks[device];
        if (t >= track.newestMillis()) {
            if (t == track.newestMillis() && ping.seq() == track.newestSeq()) {
                return duplicate(ping, device);
            }
            List<RuleAssessment> assessments = new ArrayList<>(compiled.zoneCount());
            List<GeofenceEvent> events = new ArrayList<>(0);
            EnumSet<PingFlag> flags = EnumSet.noneOf(PingFlag.class);
            record(ping);
            process(ping, device, assessments, events, flags);
            evaluatedAtServer[device] = serverMillis;
            remember(events);
            return new Evaluation(ping, assessments, events, flags);
        }
        return evaluateLate(ping, device);
    }

    /** Lets server time pass: expiry, suspensions, schedule ends, stale counterparts, and closing by silence. */
    public List<GeofenceEvent> advanceTo(Instant now) {
        long n = now.toEpochMilli();
        List<GeofenceEvent> events = new ArrayList<>(0);
        if (!now.isBefore(order.validUntil())) {
            endAll(order.validUntil().toEpochMilli(), "the order expired at " + order.validUntil(), events);
            remember(events);
            return events;
        }
        if (now.isBefore(order.validFrom())) {
            return events;
        }
        for (int d = 0; d < tracks.length; d++) {
            if (evaluatedAtServer[d] == SERVER_TIME_UNKNOWN && tracks[d].newestMillis() != Long.MIN_VALUE) {
                evaluatedAtServer[d] = n;
            }
        }
        for (CompiledOrder.StaticRule r : compiled.staticRules()) {
            Suspension s = activeSuspension(r.suspensions(), now);
            if (s != null) {
                end(r.breachSlot(), n, "zone suspended by the court until " + s.until(), events);
                end(r.approachSlot(), n, "zone suspended by the court until " + s.until(), events);
                transits[r.transitSlot()] = TransitState.NONE;
            } else {
                confirmCrossingBySilence(r, n, events);
                closeBySilence(r.breachSlot(), n, events);
                closeBySilence(r.approachSlot(), n, events);
            }
        }
        for (CompiledOrder.InclusionRule r : compiled.inclusionRules()) {
            Suspension s = activeSuspension(r.suspensions(), now);
            if (s != null) {
                end(r.curfewSlot(), n, "zone suspended by the court until " + s.until(), events);
            } else if (!r.zone().schedule().covers(LocalDateTime.ofInstant(now, order.timeZone()))) {
                end(r.curfewSlot(), n, "the schedule window ended", events);
            } else {
                closeBySilence(r.curfewSlot(), n, events);
            }
        }
        for (CompiledOrder.MobileRule r : compiled.mobileRules()) {
            advanceMobile(r, now, n, events);
        }
        remember(events);
        return events;
    }

    // ---------------------------------------------------------------------------------------------
    // In-order processing

    private void process(Ping ping, int device, List<RuleAssessment> assessments, List<GeofenceEvent> events, Set<PingFlag> flags) {
        Fix fix = new Fix(ping.seq(), ping.time().toEpochMilli(), ping.lat(), ping.lon(),
                Math.max(ping.accuracyMetres(), settings.minimumUncertaintyMetres()));
        boolean plausible = acceptIntoTrack(device, fix);
        if (!plausible) {
            flags.add(PingFlag.IMPLAUSIBLE_JUMP);
        }
        boolean projected = false;
        int nextStatic = 0;
        int nextMobile = 0;
        int nextInclusion = 0;
        for (int zoneIndex = 0; zoneIndex < compiled.zoneCount(); zoneIndex++) {
            if (nextStatic < compiled.staticRules().size() && compiled.staticRules().get(nextStatic).index() == zoneIndex) {
                CompiledOrder.StaticRule r = compiled.staticRules().get(nextStatic++);
                if (device == 0) {
                    projected = evaluateStatic(r, ping, fix, plausible, projected, assessments, events);
                }
            } else if (nextMobile < compiled.mobileRules().size() && compiled.mobileRules().get(nextMobile).index() == zoneIndex) {
                CompiledOrder.MobileRule r = compiled.mobileRules().get(nextMobile++);
                if (device == 0 || device == r.protectedDevice()) {
                    evaluateMobile(r, ping, device, fix, plausible, assessments, events);
                }
            } else {
                CompiledOrder.InclusionRule r = compiled.inclusionRules().get(nextInclusion++);
                if (device == 0) {
                    projected = evaluateInclusion(r, ping, fix, plausible, projected, assessments, events);
                }
            }
        }
    }

    /** Updates the device's track; returns whether the fix is plausible (not an implausible jump). */
    private boolean acceptIntoTrack(int device, Fix fix) {
        DeviceTrack track = tracks[device];
        Fix previous = track.lastAccepted();
        boolean plausible = previous == null || consistent(previous, fix)
                || (track.lastRejected() != null && consistent(track.lastRejected(), fix));
        long newest = Math.max(track.newestMillis(), fix.timeMillis());
        long newestSeq = fix.timeMillis() >= track.newestMillis() ? fix.seq() : track.newestSeq();
        tracks[device] = plausible
                ? new DeviceTrack(fix, null, newest, newestSeq)
                : new DeviceTrack(previous, fix, newest, newestSeq);
        return plausible;
    }

    /** Whether moving between the two fixes needs no more than the maximum plausible speed, accuracies allowed for. */
    private boolean consistent(Fix a, Fix b) {
        double allowance = a.uncertainty() + b.uncertainty() + settings.maxSpeedMetresPerSecond() * Math.abs(b.timeMillis() - a.timeMillis()) / 1000.0;
        if (Geodesy.upperBound(a.lat(), a.lon(), b.lat(), b.lon()) <= allowance) {
            return true;
        }
        double metres = Geodesy.quickDistance(a.lat(), a.lon(), b.lat(), b.lon()) - a.uncertainty() - b.uncertainty();
        if (metres <= 0) {
            return true;
        }
        double seconds = Math.abs(b.timeMillis() - a.timeMillis()) / 1000.0;
        return metres <= settings.maxSpeedMetresPerSecond() * seconds;
    }

    private boolean evaluateStatic(CompiledOrder.StaticRule r, Ping ping, Fix fix, boolean plausible, boolean projected,
                                   List<RuleAssessment> out, List<GeofenceEvent> events) {
        String zoneId = r.zone().id();
        double u = fix.uncertainty();
        Suspension suspension = activeSuspension(r.suspensions(), ping.time());
        if (suspension != null) {
            out.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, Double.NaN, u, SUSPENDED_REASON + " (until " + suspension.until() + ")"));
            Observation end = endObservation(fix, "zone suspended by the court until " + suspension.until());
            step(r.breachSlot(), end, events);
            step(r.approachSlot(), end, events);
            transits[r.transitSlot()] = TransitState.NONE;
            return projected;
        }
        double w = r.warningMetres();
        double margin = settings.clearMarginMetres();
        double reach = w + u + margin + 1;
        double far = r.box().beyondReach(fix.lat(), fix.lon(), reach);
        double s;
        boolean inCorridor = false;
        if (far > 0) {
            s = far;
            out.add(new RuleAssessment(zoneId, Classification.OUTSIDE, far, u, FAR_REASON));
        } else {
            projected = project(fix, projected);
            s = r.shape().signedDistance(xy[0], xy[1]);
            inCorridor = r.corridor() != null && r.corridor().covers(xy[0], xy[1]);
            if (inCorridor) {
                out.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, s, u, CORRIDOR_REASON));
            } else {
                Classification c = classify(s, u, w);
                out.add(new RuleAssessment(zoneId, c, s, u, staticReason(c, s, u, w, plausible)));
            }
        }
        Signal breachSignal = inCorridor ? Signal.CLEAR : breachSignal(s, u, margin);
        boolean wasOpen = machines[r.breachSlot()].open() != null;
        Supplier<String> note = null;
        if (!(breachSignal == Signal.CLEAR && machines[r.breachSlot()].isIdle())) {
            note = staticNote(ping, fix, s);
            step(r.breachSlot(), observation(breachSignal, plausible, fix, s, Math.max(0, -s), u, note), events);
        }
        boolean breachOpen = machines[r.breachSlot()].open() != null;
        dropPendingRun(r.approachSlot(), breachOpen);
        Signal approachSignal = inCorridor ? Signal.CLEAR
                : breachOpen ? Signal.HOLD : s < w ? Signal.SUPPORT : s - u > w + margin ? Signal.CLEAR : Signal.OUT;
        if (!(approachSignal == Signal.CLEAR && machines[r.approachSlot()].isIdle())) {
            step(r.approachSlot(), observation(approachSignal, plausible, fix, s, Math.max(0, w - s), u, note != null ? note : staticNote(ping, fix, s)),
                    events);
        }
        if (plausible) {
            projected = trackCrossing(r, ping, fix, s, inCorridor, breachOpen || wasOpen, projected, events);
        }
        return projected;
    }

    private static Supplier<String> staticNote(Ping ping, Fix fix, double s) {
        return () -> String.format(Locale.ROOT, "fix %s:%d at %s, %.1f m from the edge (negative = inside), uncertainty %.1f m",
                ping.deviceId(), fix.seq(), ping.time(), s, fix.uncertainty());
    }

    private Observation observation(Signal signal, boolean plausible, Fix fix, double distance, double penetration, double u,
                                    Supplier<String> note) {
        return new Observation(signal, plausible, fix.timeMillis(), fix.seq(), order.respondentDeviceId(), fix.seq(),
                distance, penetration, u, note);
    }

    private Observation endObservation(Fix fix, String why) {
        return new Observation(Signal.END, true, fix.timeMillis(), fix.seq(), order.respondentDeviceId(), fix.seq(),
                Double.NaN, 0, fix.uncertainty(), () -> why);
    }

    private static Signal breachSignal(double s, double u, double margin) {
        if (s < -u) {
            return Signal.SUPPORT;
        }
        if (s < u) {
            return Signal.HOLD;
        }
        return s <= u + margin ? Signal.OUT : Signal.CLEAR;
    }

    /** The uncertainty-aware verdict for signed distance s, uncertainty u and warning band w. */
    static Classification classify(double s, double u, double w) {
        if (s < -u) {
            return Classification.BREACH_CONFIRMED;
        }
        if (s < u) {
            return Classification.BREACH_POSSIBLE;
        }
        return s < w ? Classification.WARNING : Classification.OUTSIDE;
    }

    private static String staticReason(Classification c, double s, double u, double w, boolean plausible) {
        String jump = plausible ? "" : "; implausible jump from the previous fix: kept as evidence, cannot open an episode alone";
        return switch (c) {
            case BREACH_CONFIRMED -> "breach confirmed: inside by " + Metres.of(-s) + " m, more than the " + Metres.of(u) + " m uncertainty" + jump;
            case BREACH_POSSIBLE -> "breach possible: " + Metres.of(s) + " m from the edge (negative = inside), within the " + Metres.of(u)
                    + " m uncertainty" + jump;
            case WARNING -> "warning: " + Metres.of(s) + " m outside the edge, inside the " + Metres.of(w) + " m warning band" + jump;
            default -> "clear: " + Metres.of(s) + " m outside the edge, beyond the " + Metres.of(w) + " m warning band" + jump;
        };
    }

    private boolean project(Fix fix, boolean projected) {
        if (!projected) {
            compiled.frame().project(fix.lat(), fix.lon(), xy);
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Crossing between consecutive fixes

    /**
     * Crossing inference (issue 3: a respondent who crosses a zone between two fixes). A CROSSING is an
     * inference from a straight path, so it is drawn only between two plausible fixes that are each clearly
     * outside the zone (by more than their own uncertainty): fixes inside or possibly inside are the dwell
     * machinery's business and only ever sit on the path between those two. The straight track from the
     * entry to the exit fix must pass deeper into the zone than twice the larger uncertainty plus the
     * margin, at a plausible speed, with no hole in the track longer than {@code crossingMaxGap}. It is then
     * a candidate, announced only when the next clearly-outside fix confirms it: that fix must be on the far
     * side (the straight track from the entry to it also passes through the zone) and the track must not have
     * come back through the zone from the exit. A single multipath fix (inside, or on the far side) is thus
     * never the basis of an alert; the cost is one fix interval of latency (15 s in pursuit mode).
     */
    private boolean trackCrossing(CompiledOrder.StaticRule r, Ping ping, Fix fix, double s, boolean inCorridor, boolean breachOpen,
                                  boolean projected, List<GeofenceEvent> events) {
        int slot = r.transitSlot();
        TransitState t = transits[slot];
        if (breachOpen) {
            transits[slot] = TransitState.NONE;
            return projected;
        }
        boolean clearlyOutside = s >= fix.uncertainty() || inCorridor;
        boolean continuous = t.last() != null && fix.timeMillis() >= t.last().timeMillis()
                && fix.timeMillis() - t.last().timeMillis() <= crossingGapMillis;
        if (!clearlyOutside) {
            transits[slot] = continuous && t.anchor() != null
                    ? new TransitState(t.anchor(), t.anchorDistance(), fix, s, append(t.seqs(), fix.seq()), t.pending())
                    : new TransitState(null, 0, fix, s, List.of(), t.pending());
            return projected;
        }
        TransitState.Candidate p = t.pending();
        if (p != null) {
            double farDepth = chordDepth(r, p.entry(), p.entryDistance(), fix, s);
            double backDepth = chordDepth(r, p.exit(), p.exitDistance(), fix, s);
            boolean farSide = farDepth > threshold(p.entry(), fix);
            boolean cameBack = backDepth > threshold(p.exit(), fix);
            if (farSide && !cameBack) {
                openCrossing(r, p, fix, events);
            }
            transits[slot] = TransitState.anchoredAt(fix, s, null);
            return projected;
        }
        TransitState.Candidate candidate = null;
        if (continuous && t.anchor() != null && consistent(t.anchor(), fix)) {
            double depth = chordDepth(r, t.anchor(), t.anchorDistance(), fix, s);
            double threshold = threshold(t.anchor(), fix);
            if (depth > threshold) {
                List<Long> path = new ArrayList<>();
                path.add(t.anchor().seq());
                path.addAll(t.seqs());
                path.add(fix.seq());
                candidate = new TransitState.Candidate(t.anchor(), t.anchorDistance(), fix, s, depth, threshold,
                        List.copyOf(path.subList(0, Math.min(path.size(), settings.maxSupportingSeqs()))));
            }
        }
        transits[slot] = TransitState.anchoredAt(fix, s, candidate);
        return projected;
    }

    /** How deep the straight track between two fixes must pass into a zone to count: twice the larger uncertainty plus the margin. */
    private double threshold(Fix a, Fix b) {
        return 2 * Math.max(a.uncertainty(), b.uncertainty()) + settings.crossingMarginMetres();
    }

    /**
     * Deepest penetration of the straight segment a→b into the zone, metres; negative infinity when it
     * cannot touch it (triangle inequality on the ends' distances, then the zone's box). Uses its own
     * projection buffers: the caller's projected fix in {@code xy} is left alone.
     */
    private double chordDepth(CompiledOrder.StaticRule r, Fix a, double aDistance, Fix b, double bDistance) {
        double reach = threshold(a, b);
        boolean mayTouch = Geodesy.quickDistance(a.lat(), a.lon(), b.lat(), b.lon()) * 1.001 + 1 >= aDistance + bDistance;
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
     * stays silent for {@code crossingMaxGap} of server time after the exit fix was evaluated: going
     * quiet right after passing through a zone is itself alarming, and waiting for a fix that never
     * comes would be a missed alert. The explanation says it was confirmed by silence.
     */
    private void confirmCrossingBySilence(CompiledOrder.StaticRule r, long nowMillis, List<GeofenceEvent> events) {
        TransitState t = transits[r.transitSlot()];
        TransitState.Candidate p = t.pending();
        if (p == null) {
            return;
        }
        long evaluatedAt = evaluatedAtServer[compiled.deviceIndex(order.respondentDeviceId())];
        if (evaluatedAt == SERVER_TIME_UNKNOWN || nowMillis - evaluatedAt < crossingGapMillis) {
            return;
        }
        List<GeofenceEvent> opened = new ArrayList<>(2);
        openCrossing(r, p, p.exit(), opened);
        String silence = String.format(Locale.ROOT, "; confirmed by silence: no fix from the device for %d s after the exit fix",
                (nowMillis - evaluatedAt) / 1000);
        for (GeofenceEvent e : opened) {
            Episode ep = e.episode();
            Episode withWhy = ep.withExplanation(ep.explanation() + silence);
            events.add(e instanceof EpisodeOpened ? new EpisodeOpened(withWhy) : new EpisodeClosed(withWhy));
        }
        transits[r.transitSlot()] = TransitState.anchoredAt(p.exit(), p.exitDistance(), null);
    }

    private void openCrossing(CompiledOrder.StaticRule r, TransitState.Candidate c, Fix confirming, List<GeofenceEvent> events) {
        String respondent = order.respondentDeviceId();
        Fix entry = c.entry();
        Fix exit = c.exit();
        String id = Episode.idFor(order.id(), r.zone().id(), EpisodeKind.CROSSING, respondent, entry.seq());
        double u = Math.max(entry.uncertainty(), exit.uncertainty());
        String why = String.format(Locale.ROOT,
                "CROSSING of zone %s: the straight track from fix %s:%d (%s) to fix %s:%d (%s), both clearly outside the zone by more "
                        + "than their uncertainty, passes %.1f m inside it, deeper than twice the %.1f m uncertainty plus the %.1f m margin "
                        + "(%.1f m), without a dwell long enough to confirm a breach; confirmed by the next fix %s:%d (%s), on the far side "
                        + "with no way back through the zone (a crossing is announced one fix after it, so that a single outlying fix "
                        + "cannot raise one: one fix interval of latency, 15 s in pursuit mode)",
                r.zone().id(), respondent, entry.seq(), Instant.ofEpochMilli(entry.timeMillis()), respondent, exit.seq(),
                Instant.ofEpochMilli(exit.timeMillis()), c.depth(), u, settings.crossingMarginMetres(), c.threshold(),
                respondent, confirming.seq(), Instant.ofEpochMilli(confirming.timeMillis()));
        List<Long> seqs = c.seqs().size() < settings.maxSupportingSeqs() ? append(c.seqs(), confirming.seq()) : c.seqs();
        Instant start = Instant.ofEpochMilli(entry.timeMillis());
        Instant end = Instant.ofEpochMilli(exit.timeMillis());
        Episode open = Episode.builder().id(id).rule(order.id(), r.zone().id(), EpisodeKind.CROSSING, respondent, null).start(start)
                .seqs(entry.seq(), confirming.seq()).measures(-c.depth(), c.depth(), u).supportingSeqs(seqs).explanation(why).build();
        Episode closed = open.toBuilder().end(end).explanation(why + "; closed: the track left the zone").build();
        events.add(new EpisodeOpened(open));
        events.add(new EpisodeClosed(closed));
    }

    // ---------------------------------------------------------------------------------------------
    // Mobile zones

    private void evaluateMobile(CompiledOrder.MobileRule r, Ping ping, int device, Fix fix, boolean plausible,
                                List<RuleAssessment> out, List<GeofenceEvent> events) {
        String zoneId = r.zone().id();
        Suspension suspension = activeSuspension(r.suspensions(), ping.time());
        if (suspension != null) {
            out.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, Double.NaN, fix.uncertainty(),
                    SUSPENDED_REASON + " (until " + suspension.until() + ")"));
            Observation end = endObservation(fix, "zone suspended by the court until " + suspension.until());
            step(r.proximitySlot(), end, events);
            step(r.approachSlot(), end, events);
            step(r.unknownSlot(), end, events);
            return;
        }
        boolean fromRespondent = device == 0;
        Fix respondent = fromRespondent ? fix : tracks[0].lastAccepted();
        Fix protectedFix = fromRespondent ? tracks[r.protectedDevice()].lastAccepted() : fix;
        Fix other = fromRespondent ? protectedFix : respondent;
        int otherDevice = fromRespondent ? r.protectedDevice() : 0;
        String otherId = compiled.devices().get(otherDevice);
        long t = fix.timeMillis();
        if (other == null || Math.abs(t - other.timeMillis()) > stalenessMillis) {
            boolean graceOver = other != null || t - graceStartMillis() > stalenessMillis;
            String why = other == null
                    ? (graceOver ? "unknown: no fix yet from " + otherId + ", and the start-up grace (" + stalenessMillis / 1000
                            + " s from the first fix of the order) is over"
                            : "unknown: no fix yet from " + otherId + ", within the start-up grace of " + stalenessMillis / 1000
                            + " s from the first fix of the order")
                    : String.format(Locale.ROOT, "unknown: the latest fix of %s is %d s old, beyond the %d s staleness limit",
                            otherId, Math.abs(t - other.timeMillis()) / 1000, stalenessMillis / 1000);
            out.add(new RuleAssessment(zoneId, Classification.UNKNOWN, Double.NaN, Double.NaN, why));
            long idSeq = other == null ? -1 : other.seq();
            long respondentSeq = respondent == null ? -1 : respondent.seq();
            Observation o = new Observation(graceOver ? Signal.SUPPORT : Signal.HOLD, true, t, respondentSeq, otherId, idSeq,
                    Double.NaN, 0, Double.NaN, () -> why);
            step(r.unknownSlot(), o, events);
            return;
        }
        long ageMillis = Math.abs(t - other.timeMillis());
        double m = r.zone().minDistanceMetres();
        double w = r.zone().warningDistanceMetres();
        double u = respondent.uncertainty() + protectedFix.uncertainty() + settings.counterpartSpeedMetresPerSecond() * ageMillis / 1000.0;
        double margin = settings.clearMarginMetres();
        double farBeyond = w + u + margin + 2_000;
        double latitudeOnly = Geodesy.lowerBound(respondent.lat(), protectedFix.lat());
        double d = latitudeOnly > farBeyond ? latitudeOnly
                : Geodesy.quickDistance(respondent.lat(), respondent.lon(), protectedFix.lat(), protectedFix.lon());
        boolean far = d > farBeyond;
        if (!far) {
            d = Geodesy.distance(respondent.lat(), respondent.lon(), protectedFix.lat(), protectedFix.lon());
        }
        double s = d - m;
        Classification c = classify(s, u, w - m);
        out.add(new RuleAssessment(zoneId, c, s, u, far ? FAR_MOBILE_REASON : mobileReason(c, d, m, w, u, ageMillis, otherId)));
        Supplier<String> note = mobileNote(r, respondent, protectedFix, d, ageMillis, u);
        if (!machines[r.unknownSlot()].isIdle()) {
            step(r.unknownSlot(), new Observation(Signal.CLEAR, true, t, respondent.seq(), order.respondentDeviceId(), respondent.seq(),
                    d, 0, u, note), events);
        }
        Signal proximitySignal = breachSignal(s, u, margin);
        if (!(proximitySignal == Signal.CLEAR && machines[r.proximitySlot()].isIdle())) {
            step(r.proximitySlot(), new Observation(proximitySignal, plausible, t, respondent.seq(), order.respondentDeviceId(),
                    respondent.seq(), d, Math.max(0, m - d), u, note), events);
        }
        boolean proximityOpen = machines[r.proximitySlot()].open() != null;
        dropPendingRun(r.approachSlot(), proximityOpen);
        Signal approachSignal = proximityOpen ? Signal.HOLD : d < w ? Signal.SUPPORT : d - u > w + margin ? Signal.CLEAR : Signal.OUT;
        if (!(approachSignal == Signal.CLEAR && machines[r.approachSlot()].isIdle())) {
            step(r.approachSlot(), new Observation(approachSignal, plausible, t, respondent.seq(), order.respondentDeviceId(),
                    respondent.seq(), d, Math.max(0, w - d), u, note), events);
        }
    }

    private Supplier<String> mobileNote(CompiledOrder.MobileRule r, Fix respondent, Fix protectedFix, double d, long ageMillis, double u) {
        return () -> String.format(Locale.ROOT, "fixes %s:%d and %s:%d, %.1f m apart, %d s between them, uncertainty %.1f m",
                order.respondentDeviceId(), respondent.seq(), r.zone().protectedDeviceId(), protectedFix.seq(), d, ageMillis / 1000, u);
    }

    private static String mobileReason(Classification c, double d, double m, double w, double u, long ageMillis, String otherId) {
        String base = "parties " + Metres.of(d) + " m apart (minimum " + Metres.of(m) + " m, warning " + Metres.of(w) + " m); uncertainty "
                + Metres.of(u) + " m including " + ageMillis / 1000 + " s of possible travel since the fix of " + otherId;
        return switch (c) {
            case BREACH_CONFIRMED -> "breach confirmed: closer than the minimum by more than the uncertainty; " + base;
            case BREACH_POSSIBLE -> "breach possible: within the uncertainty of the minimum distance; " + base;
            case WARNING -> "warning: within the warning distance; " + base;
            default -> "clear: beyond the warning distance; " + base;
        };
    }

    private void advanceMobile(CompiledOrder.MobileRule r, Instant now, long n, List<GeofenceEvent> events) {
        Suspension suspension = activeSuspension(r.suspensions(), now);
        if (suspension != null) {
            String why = "zone suspended by the court until " + suspension.until();
            end(r.proximitySlot(), n, why, events);
            end(r.approachSlot(), n, why, events);
            end(r.unknownSlot(), n, why, events);
            return;
        }
        closeBySilence(r.proximitySlot(), n, events);
        closeBySilence(r.approachSlot(), n, events);
        long clock = orderClock(n);
        if (clock == Long.MIN_VALUE) {
            return;
        }
        Fix respondent = tracks[0].lastAccepted();
        Fix protectedFix = tracks[r.protectedDevice()].lastAccepted();
        boolean graceOver = clock - graceStartMillis() > stalenessMillis;
        String staleDevice = null;
        Fix staleFix = null;
        if (isStale(respondent, clock) && (respondent != null || graceOver)) {
            staleDevice = order.respondentDeviceId();
            staleFix = respondent;
        } else if (isStale(protectedFix, clock) && (protectedFix != null || graceOver)) {
            staleDevice = r.zone().protectedDeviceId();
            staleFix = protectedFix;
        }
        long respondentSeq = respondent == null ? -1 : respondent.seq();
        if (staleDevice == null) {
            if (respondent != null && protectedFix != null && !machines[r.unknownSlot()].isIdle()) {
                step(r.unknownSlot(), new Observation(Signal.CLEAR, true, clock, respondentSeq, order.respondentDeviceId(), respondentSeq,
                        Double.NaN, 0, Double.NaN, () -> "both parties have fresh fixes"), events);
            }
            return;
        }
        String device = staleDevice;
        Fix fix = staleFix;
        Supplier<String> why = () -> fix == null
                ? "unknown: no fix yet from " + device + ", and the start-up grace (" + stalenessMillis / 1000
                        + " s from the first fix of the order) is over, at order time " + Instant.ofEpochMilli(clock)
                        + " (server time " + now + ")"
                : String.format(Locale.ROOT, "unknown: at order time %s (server time %s) the latest fix of %s is %d s old, beyond the %d s staleness limit",
                        Instant.ofEpochMilli(clock), now, device, (clock - fix.timeMillis()) / 1000, stalenessMillis / 1000);
        step(r.unknownSlot(), new Observation(Signal.SUPPORT, true, clock, respondentSeq, staleDevice, staleFix == null ? -1 : staleFix.seq(),
                Double.NaN, 0, Double.NaN, why), events);
    }

    /**
     * The order's present in device time, as of server time {@code n}: the newest over the parties of (the device
     * time of its newest fix + the server time elapsed since that fix was evaluated). Counterpart ages are measured
     * against it, so that staleness never compares a device clock with the server clock: fixes that arrive with
     * timestamps in the past (store-and-forward backlogs, skewed clocks, a simulator running behind) age at the
     * server's pace from the moment they were evaluated. {@link Long#MIN_VALUE} before any fix.
     */
    long orderClock(long n) {
        long clock = Long.MIN_VALUE;
        for (int d = 0; d < tracks.length; d++) {
            long newest = tracks[d].newestMillis();
            if (newest != Long.MIN_VALUE) {
                long at = evaluatedAtServer[d] == SERVER_TIME_UNKNOWN ? n : evaluatedAtServer[d];
                clock = Math.max(clock, newest + Math.max(0, n - at));
            }
        }
        return clock;
    }

    /** Start of the start-up grace: the first fix of any party (device time), or validFrom when later. */
    private long graceStartMillis() {
        return Math.max(order.validFrom().toEpochMilli(), monitoringSinceMillis);
    }

    private boolean isStale(Fix f, long clock) {
        return f == null || clock - f.timeMillis() > stalenessMillis;
    }

    // ---------------------------------------------------------------------------------------------
    // Inclusion zones

    private boolean evaluateInclusion(CompiledOrder.InclusionRule r, Ping ping, Fix fix, boolean plausible, boolean projected,
                                      List<RuleAssessment> out, List<GeofenceEvent> events) {
        String zoneId = r.zone().id();
        double u = fix.uncertainty();
        Suspension suspension = activeSuspension(r.suspensions(), ping.time());
        if (suspension != null) {
            out.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, Double.NaN, u, SUSPENDED_REASON + " (until " + suspension.until() + ")"));
            step(r.curfewSlot(), endObservation(fix, "zone suspended by the court until " + suspension.until()), events);
            return projected;
        }
        if (!r.zone().schedule().covers(LocalDateTime.ofInstant(ping.time(), order.timeZone()))) {
            out.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, Double.NaN, u, SCHEDULE_REASON));
            step(r.curfewSlot(), endObservation(fix, "the schedule window ended"), events);
            return projected;
        }
        double margin = settings.clearMarginMetres();
        double far = r.box().beyondReach(fix.lat(), fix.lon(), u + margin + 1);
        double s;
        if (far > 0) {
            s = far;
        } else {
            projected = project(fix, projected);
            s = r.shape().signedDistance(xy[0], xy[1]);
        }
        Classification c = s > u ? Classification.BREACH_CONFIRMED : s > -u ? Classification.BREACH_POSSIBLE : Classification.OUTSIDE;
        String reason = switch (c) {
            case BREACH_CONFIRMED -> String.format(Locale.ROOT,
                    "curfew breach confirmed: %.1f m outside the inclusion zone during its schedule, more than the %.1f m uncertainty", s, u);
            case BREACH_POSSIBLE -> String.format(Locale.ROOT,
                    "curfew breach possible: %.1f m from the inclusion zone's edge (negative = inside), within the %.1f m uncertainty", s, u);
            default -> String.format(Locale.ROOT, "compliant: inside the inclusion zone by %.1f m during its schedule", -s);
        };
        out.add(new RuleAssessment(zoneId, c, s, u, reason));
        Signal signal = s > u ? Signal.SUPPORT : s > -u ? Signal.HOLD : s >= -u - margin ? Signal.OUT : Signal.CLEAR;
        double sFinal = s;
        Supplier<String> note = () -> String.format(Locale.ROOT, "fix %s:%d at %s, %.1f m outside the inclusion zone (negative = inside), uncertainty %.1f m",
                ping.deviceId(), fix.seq(), ping.time(), sFinal, u);
        if (!(signal == Signal.CLEAR && machines[r.curfewSlot()].isIdle())) {
            step(r.curfewSlot(), new Observation(signal, plausible, fix.timeMillis(), fix.seq(), order.respondentDeviceId(), fix.seq(),
                    s, Math.max(0, s), u, note), events);
        }
        return projected;
    }

    // ---------------------------------------------------------------------------------------------
    // Machines

    private void step(int slot, Observation o, List<GeofenceEvent> events) {
        EpisodeMachine.Step next = EpisodeMachine.step(machines[slot], o, slotPolicy(slot), keys[slot]);
        machines[slot] = next.state();
        if (next.event() != null) {
            events.add(next.event());
        }
    }

    private MachinePolicy slotPolicy(int slot) {
        return keys[slot].kind() == EpisodeKind.PROXIMITY_UNKNOWN ? unknownPolicy : policy;
    }

    /** A warning that has not opened by the time the breach itself is confirmed is superseded by the breach. */
    private void dropPendingRun(int approachSlot, boolean breachOpen) {
        MachineState m = machines[approachSlot];
        if (breachOpen && m.open() == null && m.run() != null) {
            machines[approachSlot] = MachineState.IDLE;
        }
    }

    private void end(int slot, long n, String why, List<GeofenceEvent> events) {
        if (machines[slot].isIdle()) {
            return;
        }
        step(slot, new Observation(Signal.END, true, n, -1, order.respondentDeviceId(), -1, Double.NaN, 0, Double.NaN, () -> why), events);
    }

    private void endAll(long n, String why, List<GeofenceEvent> events) {
        for (int slot = 0; slot < machines.length; slot++) {
            end(slot, n, why, events);
        }
        Arrays.fill(transits, TransitState.NONE);
    }

    private void closeBySilence(int slot, long n, List<GeofenceEvent> events) {
        EpisodeMachine.Step next = EpisodeMachine.closeBySilence(machines[slot], n, slotPolicy(slot));
        machines[slot] = next.state();
        if (next.event() != null) {
            events.add(next.event());
        }
    }

    private static Suspension activeSuspension(List<Suspension> suspensions, Instant t) {
        for (int i = 0; i < suspensions.size(); i++) {
            Suspension s = suspensions.get(i);
            if (s.covers(t)) {
                return s;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Validity, duplicates

    private Evaluation outsideValidity(Ping ping, int device) {
        List<RuleAssessment> assessments = new ArrayList<>();
        for (String zoneId : zonesConcerning(device)) {
            assessments.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, Double.NaN, ping.accuracyMetres(), VALIDITY_REASON));
        }
        List<GeofenceEvent> events = new ArrayList<>(0);
        if (!ping.time().isBefore(order.validUntil())) {
            endAll(order.validUntil().toEpochMilli(), "the order expired at " + order.validUntil(), events);
            remember(events);
        }
        return new Evaluation(ping, assessments, events, EnumSet.of(PingFlag.OUTSIDE_VALIDITY));
    }

    /** Ids of the zones that concern the device, in the order's zone order. */
    private List<String> zonesConcerning(int device) {
        List<String> ids = new ArrayList<>();
        for (Zone z : order.zones()) {
            boolean concerns = z instanceof MobileExclusionZone m
                    ? device == 0 || compiled.deviceIndex(m.protectedDeviceId()) == device
                    : device == 0;
            if (concerns) {
                ids.add(z.id());
            }
        }
        return ids;
    }

    private Evaluation duplicate(Ping ping, int device) {
        List<RuleAssessment> assessments = new ArrayList<>();
        for (String zoneId : zonesConcerning(device)) {
            assessments.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, Double.NaN, ping.accuracyMetres(),
                    "not evaluated again: this fix (device and seq) was already processed"));
        }
        return new Evaluation(ping, assessments, List.of(), EnumSet.of(PingFlag.DUPLICATE));
    }

    // ---------------------------------------------------------------------------------------------
    // History, late fixes and reconciliation

    private void record(Ping ping) {
        history.addLast(new HistoryEntry(ping, tracks.clone(), machines.clone(), transits.clone()));
        long newest = Math.max(newestOfAnyDevice(), ping.time().toEpochMilli());
        while (history.size() > settings.reorderMaxFixes()
                || (!history.isEmpty() && history.peekFirst().ping().time().toEpochMilli() < newest - horizonMillis)) {
            history.removeFirst();
        }
    }

    private Evaluation evaluateLate(Ping ping, int device) {
        List<HistoryEntry> entries = new ArrayList<>(history);
        int from = -1;
        long t = ping.time().toEpochMilli();
        for (int i = 0; i < entries.size(); i++) {
            Ping p = entries.get(i).ping();
            if (p.deviceId().equals(ping.deviceId())) {
                if (p.seq() == ping.seq() && p.time().equals(ping.time())) {
                    return duplicate(ping, device);
                }
                if (from < 0 && p.time().toEpochMilli() > t) {
                    from = i;
                }
            }
        }
        boolean replayable = from >= 0 && t >= tracks[device].newestMillis() - horizonMillis
                && (from > 0 || history.size() < settings.reorderMaxFixes());
        if (!replayable) {
            return assessOnly(ping, device);
        }
        MachineState[] before = machines.clone();
        HistoryEntry restorePoint = entries.get(from);
        tracks = restorePoint.tracks().clone();
        machines = restorePoint.machines().clone();
        transits = restorePoint.transits().clone();
        while (history.size() > from) {
            history.removeLast();
        }
        List<GeofenceEvent> replayEvents = new ArrayList<>();
        List<RuleAssessment> assessments = new ArrayList<>();
        EnumSet<PingFlag> flags = EnumSet.of(PingFlag.LATE);
        record(ping);
        process(ping, device, assessments, replayEvents, flags);
        for (int i = from; i < entries.size(); i++) {
            Ping p = entries.get(i).ping();
            record(p);
            process(p, compiled.deviceIndex(p.deviceId()), new ArrayList<>(), replayEvents, EnumSet.noneOf(PingFlag.class));
        }
        // PROXIMITY_UNKNOWN is about the present (a counterpart too old now): a late fix cannot change it, and its
        // advanceTo observations are not in the replay history, so it keeps its live state.
        for (CompiledOrder.MobileRule r : compiled.mobileRules()) {
            machines[r.unknownSlot()] = before[r.unknownSlot()];
        }
        replayEvents.removeIf(e -> e.episode().kind() == EpisodeKind.PROXIMITY_UNKNOWN);
        List<GeofenceEvent> events = reconcile(before, replayEvents, t);
        return new Evaluation(ping, assessments, events, flags);
    }

    /** Evaluates a fix too old to replay against a throwaway copy of the state: evidence only. */
    private Evaluation assessOnly(Ping ping, int device) {
        DeviceTrack[] savedTracks = tracks.clone();
        MachineState[] savedMachines = machines.clone();
        TransitState[] savedTransits = transits.clone();
        List<RuleAssessment> assessments = new ArrayList<>();
        EnumSet<PingFlag> flags = EnumSet.of(PingFlag.LATE, PingFlag.BEYOND_REORDER_HORIZON);
        tracks[device] = new DeviceTrack(null, null, Long.MIN_VALUE, -1);
        process(ping, device, assessments, new ArrayList<>(), flags);
        flags.remove(PingFlag.IMPLAUSIBLE_JUMP);
        tracks = savedTracks;
        machines = savedMachines;
        transits = savedTransits;
        return new Evaluation(ping, assessments, List.of(), flags);
    }

    /**
     * Turns what a replay produced into events for the gateway, never re-announcing an episode and
     * never retracting one: replayed episodes that overlap an announced one of the same zone and kind
     * are that episode (its id is kept); new ones are announced as late; announced open episodes the
     * replay no longer supports are closed with the reason.
     */
    private List<GeofenceEvent> reconcile(MachineState[] before, List<GeofenceEvent> replayEvents, long lateMillis) {
        LinkedHashMap<String, Episode> finals = new LinkedHashMap<>();
        for (GeofenceEvent e : replayEvents) {
            finals.put(e.episode().id(), e.episode());
        }
        for (MachineState m : machines) {
            if (m.open() != null && !finals.containsKey(m.open().id())) {
                finals.put(m.open().id(), m.open());
            }
        }
        Map<String, String> rename = new HashMap<>();
        Set<String> claimed = new HashSet<>();
        for (Episode r : finals.values()) {
            if (announced.containsKey(r.id())) {
                rename.put(r.id(), r.id());
                claimed.add(r.id());
            }
        }
        for (Episode r : finals.values()) {
            if (rename.containsKey(r.id())) {
                continue;
            }
            for (Episode a : announced.values()) {
                if (!claimed.contains(a.id()) && a.zoneId().equals(r.zoneId()) && a.kind() == r.kind() && overlaps(a, r)) {
                    rename.put(r.id(), a.id());
                    claimed.add(a.id());
                    break;
                }
            }
        }
        List<GeofenceEvent> out = new ArrayList<>();
        for (Episode r : finals.values()) {
            String target = rename.get(r.id());
            if (target == null) {
                Episode late = withIdAndLate(r, r.id(), true, null);
                out.add(new EpisodeOpened(reopen(late)));
                if (late.end() != null) {
                    out.add(new EpisodeClosed(late));
                }
                announced.put(late.id(), late);
                continue;
            }
            Episode a = announced.get(target);
            Episode merged = withIdAndLate(r, target, a.late(), a.start().isBefore(r.start()) ? a.start() : r.start());
            if (a.end() == null && merged.end() != null) {
                out.add(new EpisodeClosed(merged));
                announced.put(target, merged);
            } else if (a.end() == null && (merged.start().isBefore(a.start())
                    || merged.minDistanceMetres() <= a.minDistanceMetres() - settings.updateStepMetres()
                    || merged.maxPenetrationMetres() >= a.maxPenetrationMetres() + settings.updateStepMetres())) {
                out.add(new EpisodeUpdated(merged));
                announced.put(target, merged);
            }
        }
        for (int slot = 0; slot < machines.length; slot++) {
            Episode live = machines[slot].open();
            if (live != null) {
                String target = rename.getOrDefault(live.id(), announced.containsKey(live.id()) ? live.id() : null);
                Episode a = target == null ? null : announced.get(target);
                Episode fixed = a == null ? withIdAndLate(live, live.id(), true, null)
                        : withIdAndLate(live, target, a.late(), a.start().isBefore(live.start()) ? a.start() : live.start());
                machines[slot] = new MachineState(null, fixed, machines[slot].clear(), machines[slot].announcedDistance(),
                        machines[slot].announcedPenetration());
            }
        }
        for (MachineState b : before) {
            Episode was = b.open();
            if (was == null || !isStillOpenSomewhere(was.id())) {
                if (was != null && announced.get(was.id()) != null && announced.get(was.id()).end() == null) {
                    Episode closed = closeOnReconciliation(announced.get(was.id()), lateMillis);
                    out.add(new EpisodeClosed(closed));
                    announced.put(closed.id(), closed);
                }
            }
        }
        return out;
    }

    private boolean isStillOpenSomewhere(String id) {
        for (MachineState m : machines) {
            if (m.open() != null && m.open().id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(Episode a, Episode b) {
        long aStart = a.start().toEpochMilli();
        long aEnd = a.end() == null ? Long.MAX_VALUE : a.end().toEpochMilli();
        long bStart = b.start().toEpochMilli();
        long bEnd = b.end() == null ? Long.MAX_VALUE : b.end().toEpochMilli();
        return aStart <= bEnd && bStart <= aEnd;
    }

    private static Episode reopen(Episode e) {
        return e.withEnd(null);
    }

    private static Episode withIdAndLate(Episode e, String id, boolean late, Instant start) {
        String explanation = late && !e.late() && !e.explanation().startsWith("late: ")
                ? "late: opened retrospectively when an older fix arrived; " + e.explanation() : e.explanation();
        return e.toBuilder().id(id).start(start == null ? e.start() : start).late(late).explanation(explanation).build();
    }

    private static Episode closeOnReconciliation(Episode e, long lateMillis) {
        long end = Math.max(e.start().toEpochMilli(), lateMillis);
        return e.toBuilder().end(Instant.ofEpochMilli(end)).explanation(e.explanation()
                + "; closed on reconciliation: late fixes show the run that supported this episode was interrupted (the alert stands as issued)")
                .build();
    }

    private long newestOfAnyDevice() {
        long newest = Long.MIN_VALUE;
        for (DeviceTrack t : tracks) {
            newest = Math.max(newest, t.newestMillis());
        }
        return newest;
    }

    /** Records announced episodes and forgets closed ones older than the reorder horizon. */
    private void remember(List<GeofenceEvent> events) {
        for (GeofenceEvent e : events) {
            announced.put(e.episode().id(), e.episode());
        }
        if (announced.size() <= 64) {
            return;
        }
        long newest = newestOfAnyDevice();
        Iterator<Episode> it = announced.values().iterator();
        while (it.hasNext() && announced.size() > 64) {
            Episode e = it.next();
            if (e.end() != null && e.end().toEpochMilli() < newest - horizonMillis) {
                it.remove();
            }
        }
    }
}
