package io.stayaway.geofence.impl;

import io.stayaway.geofence.Classification;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.Evaluation;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.MobileExclusionZone;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.PingFlag;
import io.stayaway.geofence.RuleAssessment;
import io.stayaway.geofence.Suspension;
import io.stayaway.geofence.Zone;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The per-order evaluation engine, the one entry point of this package: it takes each fix through the ordered steps
 * (validity, duplicate or late, track, then every rule) and keeps the state those steps share: device tracks,
 * dwell episodes, crossing paths, the reorder buffer and the episodes already announced. Not thread-safe, confined
 * to the thread that owns the order's evaluator.
 */
public final class OrderEngine {
    private final CompiledOrder compiled;
    private final Order order;
    private final EvaluatorSettings settings;
    private final DeviceTracks tracks;
    private final DwellEpisodes machines;
    private final CrossingDetector crossings;
    private final OrderClock clock;
    private final FixedZoneRules fixedZones;
    private final MobileZoneRules mobileZones;
    private final ReorderBuffer reorder;
    private final AnnouncedEpisodes announced;

    private OrderEngine(Order order, EvaluatorSettings settings) {
        this.compiled = new CompiledOrder(order);
        this.order = order;
        this.settings = settings;
        this.tracks = new DeviceTracks(compiled.devices().size(), settings);
        this.machines = new DwellEpisodes(compiled, settings);
        this.crossings = new CrossingDetector(compiled, settings, tracks);
        this.clock = new OrderClock(compiled.devices().size(), order.validFrom().toEpochMilli());
        this.fixedZones = new FixedZoneRules(compiled, settings, machines, crossings);
        this.mobileZones = new MobileZoneRules(compiled, settings, tracks, machines, clock);
        this.reorder = new ReorderBuffer(
                settings.reorderMaxFixes(), settings.reorderHorizon().toMillis());
        this.announced = new AnnouncedEpisodes(settings.reorderHorizon().toMillis(), settings.updateStepMetres());
    }

    /** An engine with no history: prepares the order's geometry once (metric frame, indexes). */
    public static OrderEngine create(Order order, EvaluatorSettings settings) {
        return new OrderEngine(order, settings);
    }

    /**
     * An engine continuing from {@link #snapshot()}.
     *
     * @throws io.stayaway.geofence.SnapshotFormatException if the snapshot is corrupt, of an unknown version, or for other rules
     */
    public static OrderEngine restore(Order order, EvaluatorSettings settings, byte[] snapshot) {
        OrderEngine engine = new OrderEngine(order, settings);
        engine.restore(SnapshotCodec.decode(engine.compiled, snapshot));
        return engine;
    }

    /** The engine's whole state, encoded by {@link SnapshotCodec}. */
    public byte[] snapshot() {
        return SnapshotCodec.encode(order, state());
    }

    /** The engine's whole state as values (copies: later evaluations do not change it). */
    EngineState state() {
        return new EngineState(
                frame(), reorder.entries(), clock.monitoringSinceMillis(), clock.evaluatedAtServer(), announced.all());
    }

    /** Replaces the engine's state; the state's shape must be this order's (the codec checks it). */
    void restore(EngineState state) {
        restoreFrame(state.live());
        reorder.restore(state.history());
        clock.restore(state.monitoringSinceMillis(), state.evaluatedAtServer());
        announced.restore(state.announced());
    }

    private EngineState.Frame frame() {
        return new EngineState.Frame(tracks.copy(), machines.copy(), crossings.copy());
    }

    private void restoreFrame(EngineState.Frame f) {
        tracks.restore(f.tracks());
        machines.restore(f.machines());
        crossings.restore(f.transits());
    }

    /** Whether a rule has supporting fixes not yet enough to open its episode (see {@link DwellEpisodes#suspects}). */
    public boolean suspects() {
        return machines.suspects();
    }

    // ---------------------------------------------------------------------------------------------
    // Entry points

    /** Evaluates one ping of any party of the order; the server time of evaluation is taken as the next advanceTo instant. */
    public Evaluation evaluate(Ping ping) {
        return evaluate(ping, OrderClock.SERVER_TIME_UNKNOWN);
    }

    /** Evaluates one ping of any party of the order, evaluated at server time {@code serverMillis} ({@code Long.MIN_VALUE} if not known). */
    public Evaluation evaluate(Ping ping, long serverMillis) {
        int device = compiled.deviceIndex(ping.deviceId());
        if (device < 0) {
            throw new IllegalArgumentException("device " + ping.deviceId() + " is not a party of order " + order.id());
        }
        if (!order.inForceAt(ping.time())) {
            return outsideValidity(ping, device);
        }
        long t = ping.time().toEpochMilli();
        clock.fixAt(t);
        DeviceTrack track = tracks.get(device);
        if (t < track.newestMillis()) {
            return evaluateLate(ping, device);
        }
        if (t == track.newestMillis() && ping.seq() == track.newestSeq()) {
            return duplicate(ping, device);
        }
        List<RuleAssessment> assessments = new ArrayList<>(compiled.zoneCount());
        List<GeofenceEvent> events = new ArrayList<>(0);
        EnumSet<PingFlag> flags = EnumSet.noneOf(PingFlag.class);
        record(ping);
        process(ping, device, assessments, events, flags);
        clock.evaluated(device, serverMillis);
        remember(events);
        return new Evaluation(ping, assessments, events, flags);
    }

    /** Lets server time pass: expiry, suspensions, schedule ends, stale counterparts, and closing by silence. */
    public List<GeofenceEvent> advanceTo(Instant now) {
        long n = now.toEpochMilli();
        List<GeofenceEvent> events = new ArrayList<>(0);
        if (!now.isBefore(order.validUntil())) {
            endAll(order.validUntil().toEpochMilli(), Explanations.orderExpired(order.validUntil()), events);
            remember(events);
            return events;
        }
        if (now.isBefore(order.validFrom())) {
            return events;
        }
        clock.settleUnknown(n, tracks);
        for (CompiledOrder.StaticRule r : compiled.staticRules()) {
            advanceStatic(r, now, n, events);
        }
        for (CompiledOrder.InclusionRule r : compiled.inclusionRules()) {
            advanceInclusion(r, now, n, events);
        }
        for (CompiledOrder.MobileRule r : compiled.mobileRules()) {
            mobileZones.advance(r, now, n, events);
        }
        remember(events);
        return events;
    }

    private void advanceStatic(CompiledOrder.StaticRule r, Instant now, long n, List<GeofenceEvent> events) {
        Suspension s = Suspensions.activeAt(r.suspensions(), now);
        if (s != null) {
            machines.end(r.breachSlot(), n, Explanations.suspensionEnds(s.until()), events);
            machines.end(r.approachSlot(), n, Explanations.suspensionEnds(s.until()), events);
            crossings.reset(r.transitSlot());
        } else {
            crossings.confirmBySilence(
                    r, n, clock.evaluatedAt(compiled.deviceIndex(order.respondentDeviceId())), events);
            machines.closeBySilence(r.breachSlot(), n, events);
            machines.closeBySilence(r.approachSlot(), n, events);
        }
    }

    private void advanceInclusion(CompiledOrder.InclusionRule r, Instant now, long n, List<GeofenceEvent> events) {
        Suspension s = Suspensions.activeAt(r.suspensions(), now);
        if (s != null) {
            machines.end(r.curfewSlot(), n, Explanations.suspensionEnds(s.until()), events);
        } else if (!r.zone().schedule().covers(LocalDateTime.ofInstant(now, order.timeZone()))) {
            machines.end(r.curfewSlot(), n, Explanations.SCHEDULE_ENDED, events);
        } else {
            machines.closeBySilence(r.curfewSlot(), n, events);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // In-order processing

    /** Takes an in-order fix through its track, then every rule that concerns its device, in the order's zone order. */
    private void process(
            Ping ping, int device, List<RuleAssessment> assessments, List<GeofenceEvent> events, Set<PingFlag> flags) {
        Fix fix = new Fix(
                ping.seq(),
                ping.time().toEpochMilli(),
                ping.lat(),
                ping.lon(),
                Math.max(ping.accuracyMetres(), settings.minimumUncertaintyMetres()),
                ping.source());
        TrackVerdict verdict = tracks.accept(device, fix);
        boolean plausible = verdict == TrackVerdict.PLAUSIBLE;
        if (verdict == TrackVerdict.IMPLAUSIBLE_JUMP) {
            flags.add(PingFlag.IMPLAUSIBLE_JUMP);
        } else if (verdict == TrackVerdict.TELEPORT) {
            flags.add(PingFlag.TELEPORT);
        }
        fixedZones.newFix();
        int nextStatic = 0;
        int nextMobile = 0;
        int nextInclusion = 0;
        for (int zoneIndex = 0; zoneIndex < compiled.zoneCount(); zoneIndex++) {
            if (nextStatic < compiled.staticRules().size()
                    && compiled.staticRules().get(nextStatic).index() == zoneIndex) {
                CompiledOrder.StaticRule r = compiled.staticRules().get(nextStatic++);
                if (device == 0) {
                    fixedZones.evaluateStatic(r, ping, fix, plausible, assessments, events);
                }
            } else if (nextMobile < compiled.mobileRules().size()
                    && compiled.mobileRules().get(nextMobile).index() == zoneIndex) {
                CompiledOrder.MobileRule r = compiled.mobileRules().get(nextMobile++);
                if (device == 0 || device == r.protectedDevice()) {
                    mobileZones.evaluate(r, ping, device, fix, plausible, assessments, events);
                }
            } else {
                CompiledOrder.InclusionRule r = compiled.inclusionRules().get(nextInclusion++);
                if (device == 0) {
                    fixedZones.evaluateInclusion(r, ping, fix, plausible, assessments, events);
                }
            }
        }
    }

    private void endAll(long n, String why, List<GeofenceEvent> events) {
        machines.endAll(n, why, events);
        crossings.resetAll();
    }

    // ---------------------------------------------------------------------------------------------
    // Validity, duplicates

    private Evaluation outsideValidity(Ping ping, int device) {
        List<RuleAssessment> assessments = notApplicable(ping, device, Explanations.OUTSIDE_VALIDITY);
        List<GeofenceEvent> events = new ArrayList<>(0);
        if (!ping.time().isBefore(order.validUntil())) {
            endAll(order.validUntil().toEpochMilli(), Explanations.orderExpired(order.validUntil()), events);
            remember(events);
        }
        return new Evaluation(ping, assessments, events, EnumSet.of(PingFlag.OUTSIDE_VALIDITY));
    }

    private Evaluation duplicate(Ping ping, int device) {
        return new Evaluation(
                ping, notApplicable(ping, device, Explanations.DUPLICATE), List.of(), EnumSet.of(PingFlag.DUPLICATE));
    }

    /** NOT_APPLICABLE, for the reason given, on every zone that concerns the device, in the order's zone order. */
    private List<RuleAssessment> notApplicable(Ping ping, int device, String reason) {
        List<RuleAssessment> assessments = new ArrayList<>();
        for (Zone z : order.zones()) {
            boolean concerns = z instanceof MobileExclusionZone m
                    ? device == 0 || compiled.deviceIndex(m.protectedDeviceId()) == device
                    : device == 0;
            if (concerns) {
                assessments.add(new RuleAssessment(
                        z.id(), Classification.NOT_APPLICABLE, Double.NaN, ping.accuracyMetres(), reason));
            }
        }
        return assessments;
    }

    // ---------------------------------------------------------------------------------------------
    // Late fixes

    private void record(Ping ping) {
        reorder.record(ping, frame(), tracks.newestOfAny());
    }

    private void remember(List<GeofenceEvent> events) {
        announced.remember(events, tracks.newestOfAny());
    }

    /** A fix older than its device's newest: replayed in device-time order when the reorder buffer allows, else evidence only. */
    private Evaluation evaluateLate(Ping ping, int device) {
        if (reorder.holds(ping)) {
            return duplicate(ping, device);
        }
        int from = reorder.replayPoint(ping, tracks.get(device).newestMillis());
        if (from < 0) {
            return assessOnly(ping, device);
        }
        MachineState[] before = machines.copy();
        List<EngineState.HistoryEntry> replay = reorder.cutFrom(from);
        restoreFrame(replay.get(0).before());
        List<GeofenceEvent> replayEvents = new ArrayList<>();
        List<RuleAssessment> assessments = new ArrayList<>();
        EnumSet<PingFlag> flags = EnumSet.of(PingFlag.LATE);
        record(ping);
        process(ping, device, assessments, replayEvents, flags);
        for (EngineState.HistoryEntry e : replay) {
            Ping p = e.ping();
            record(p);
            process(
                    p,
                    compiled.deviceIndex(p.deviceId()),
                    new ArrayList<>(),
                    replayEvents,
                    EnumSet.noneOf(PingFlag.class));
        }
        // PROXIMITY_UNKNOWN is about the present (a counterpart too old now): a late fix cannot change it, and its
        // advanceTo observations are not in the replay history, so it keeps its live state.
        for (CompiledOrder.MobileRule r : compiled.mobileRules()) {
            machines.set(r.unknownSlot(), before[r.unknownSlot()]);
        }
        replayEvents.removeIf(e -> e.episode().kind() == EpisodeKind.PROXIMITY_UNKNOWN);
        List<GeofenceEvent> events =
                announced.reconcile(before, replayEvents, machines, ping.time().toEpochMilli());
        return new Evaluation(ping, assessments, events, flags);
    }

    /** Evaluates a fix too old to replay against a throwaway copy of the state: evidence only. */
    private Evaluation assessOnly(Ping ping, int device) {
        EngineState.Frame saved = frame();
        List<RuleAssessment> assessments = new ArrayList<>();
        EnumSet<PingFlag> flags = EnumSet.of(PingFlag.LATE, PingFlag.BEYOND_REORDER_HORIZON);
        tracks.forget(device);
        process(ping, device, assessments, new ArrayList<>(), flags);
        flags.remove(PingFlag.IMPLAUSIBLE_JUMP);
        flags.remove(PingFlag.TELEPORT);
        restoreFrame(saved);
        return new Evaluation(ping, assessments, List.of(), flags);
    }
}
