package io.stayaway.geofence.impl;

import io.stayaway.geofence.Classification;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.RuleAssessment;
import io.stayaway.geofence.Suspension;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Mobile zones: the respondent must stay a minimum distance from a protected person's device (PROXIMITY, with an
 * APPROACH warning), and the zone is UNKNOWN when either party's latest fix is too old to tell (PROXIMITY_UNKNOWN).
 * Works on the engine's tracks, machines and clock; mutable through them, confined to the thread that owns the
 * order's evaluator.
 */
final class MobileZoneRules {
    private final CompiledOrder compiled;
    private final Order order;
    private final EvaluatorSettings settings;
    private final DeviceTracks tracks;
    private final DwellEpisodes machines;
    private final OrderClock clock;
    private final long stalenessMillis;

    MobileZoneRules(
            CompiledOrder compiled,
            EvaluatorSettings settings,
            DeviceTracks tracks,
            DwellEpisodes machines,
            OrderClock clock) {
        this.compiled = compiled;
        this.order = compiled.order();
        this.settings = settings;
        this.tracks = tracks;
        this.machines = machines;
        this.clock = clock;
        this.stalenessMillis = settings.counterpartStaleness().toMillis();
    }

    /** Evaluates a fix of the respondent or of the zone's protected person against the zone. */
    void evaluate(
            CompiledOrder.MobileRule r,
            Ping ping,
            int device,
            Fix fix,
            boolean plausible,
            List<RuleAssessment> out,
            List<GeofenceEvent> events) {
        Suspension suspension = Suspensions.activeAt(r.suspensions(), ping.time());
        if (suspension != null) {
            out.add(new RuleAssessment(
                    r.zone().id(),
                    Classification.NOT_APPLICABLE,
                    Double.NaN,
                    fix.uncertainty(),
                    Explanations.suspendedUntil(suspension.until())));
            Observation end =
                    Observation.endAt(fix, order.respondentDeviceId(), Explanations.suspensionEnds(suspension.until()));
            machines.step(r.proximitySlot(), end, events);
            machines.step(r.approachSlot(), end, events);
            machines.step(r.unknownSlot(), end, events);
            return;
        }
        boolean fromRespondent = device == 0;
        Fix respondent = fromRespondent ? fix : tracks.get(0).lastAccepted();
        Fix protectedFix = fromRespondent ? tracks.get(r.protectedDevice()).lastAccepted() : fix;
        Fix other = fromRespondent ? protectedFix : respondent;
        String otherId = compiled.devices().get(fromRespondent ? r.protectedDevice() : 0);
        if (other == null || Math.abs(fix.timeMillis() - other.timeMillis()) > stalenessMillis) {
            assessUnknown(r, fix.timeMillis(), respondent, other, otherId, out, events);
            return;
        }
        assessSeparation(r, fix.timeMillis(), plausible, respondent, protectedFix, other, otherId, out, events);
    }

    /** The other party has no fix yet, or only one beyond the staleness limit: UNKNOWN (after the start-up grace, it supports PROXIMITY_UNKNOWN). */
    private void assessUnknown(
            CompiledOrder.MobileRule r,
            long t,
            Fix respondent,
            Fix other,
            String otherId,
            List<RuleAssessment> out,
            List<GeofenceEvent> events) {
        boolean graceOver = other != null || t - clock.graceStartMillis() > stalenessMillis;
        String why = Explanations.unknownAtFix(
                otherId, other, graceOver, other == null ? 0 : Math.abs(t - other.timeMillis()), stalenessMillis);
        out.add(new RuleAssessment(r.zone().id(), Classification.UNKNOWN, Double.NaN, Double.NaN, why));
        long idSeq = other == null ? -1 : other.seq();
        long respondentSeq = respondent == null ? -1 : respondent.seq();
        Observation o = new Observation(
                graceOver ? Signal.SUPPORT : Signal.HOLD,
                true,
                t,
                respondentSeq,
                otherId,
                idSeq,
                other == null ? Observation.NO_FIX : other.timeMillis(),
                Double.NaN,
                0,
                Double.NaN,
                () -> why);
        machines.step(r.unknownSlot(), o, events);
    }

    /** Both parties' fixes are fresh enough: classifies their separation, with the older fix's age as extra uncertainty. */
    private void assessSeparation(
            CompiledOrder.MobileRule r,
            long t,
            boolean plausible,
            Fix respondent,
            Fix protectedFix,
            Fix other,
            String otherId,
            List<RuleAssessment> out,
            List<GeofenceEvent> events) {
        long ageMillis = Math.abs(t - other.timeMillis());
        double m = r.zone().minDistanceMetres();
        double w = r.zone().warningDistanceMetres();
        double u = respondent.uncertainty()
                + protectedFix.uncertainty()
                + settings.counterpartSpeedMetresPerSecond() * ageMillis / 1000.0;
        double margin = settings.clearMarginMetres();
        double farBeyond = w + u + margin + 2_000;
        double latitudeOnly = Geodesy.lowerBound(respondent.lat(), protectedFix.lat());
        double d = latitudeOnly > farBeyond
                ? latitudeOnly
                : Geodesy.quickDistance(respondent.lat(), respondent.lon(), protectedFix.lat(), protectedFix.lon());
        boolean far = d > farBeyond;
        if (!far) {
            d = Geodesy.distance(respondent.lat(), respondent.lon(), protectedFix.lat(), protectedFix.lon());
        }
        double s = d - m;
        Classification c = Verdicts.classify(s, u, w - m);
        out.add(new RuleAssessment(
                r.zone().id(),
                c,
                s,
                u,
                far ? Explanations.FAR_MOBILE : Explanations.mobileReason(c, d, m, w, u, ageMillis, otherId)));
        Supplier<String> note = Explanations.mobileNote(
                order.respondentDeviceId(), respondent, r.zone().protectedDeviceId(), protectedFix, d, ageMillis, u);
        stepMobile(r, t, plausible, respondent, d, u, note, events);
    }

    /**
     * Steps the zone's machines with the parties' separation d and its uncertainty u, in this order: the
     * PROXIMITY_UNKNOWN episode clears (both fixes are fresh), then PROXIMITY, then APPROACH (which holds while a
     * proximity episode is open).
     */
    private void stepMobile(
            CompiledOrder.MobileRule r,
            long t,
            boolean plausible,
            Fix respondent,
            double d,
            double u,
            Supplier<String> note,
            List<GeofenceEvent> events) {
        double m = r.zone().minDistanceMetres();
        double w = r.zone().warningDistanceMetres();
        double margin = settings.clearMarginMetres();
        String respondentId = order.respondentDeviceId();
        if (!machines.isIdle(r.unknownSlot())) {
            machines.step(
                    r.unknownSlot(),
                    separation(Signal.CLEAR, true, t, respondent, respondentId, d, 0, u, note),
                    events);
        }
        Signal proximitySignal = Verdicts.breachSignal(d - m, u, margin);
        if (machines.heeds(r.proximitySlot(), proximitySignal)) {
            machines.step(
                    r.proximitySlot(),
                    separation(proximitySignal, plausible, t, respondent, respondentId, d, Math.max(0, m - d), u, note),
                    events);
        }
        boolean proximityOpen = machines.isOpen(r.proximitySlot());
        machines.dropPendingRun(r.approachSlot(), proximityOpen);
        Signal approachSignal = proximityOpen
                ? Signal.HOLD
                : d < w
                        ? Verdicts.warningSupport(respondent, settings)
                        : d - u > w + margin ? Signal.CLEAR : Signal.OUT;
        if (machines.heeds(r.approachSlot(), approachSignal)) {
            machines.step(
                    r.approachSlot(),
                    separation(approachSignal, plausible, t, respondent, respondentId, d, Math.max(0, w - d), u, note),
                    events);
        }
    }

    /** An observation of the parties' separation d at time t, resting on (and named by) the respondent's fix. */
    private static Observation separation(
            Signal signal,
            boolean plausible,
            long t,
            Fix respondent,
            String respondentId,
            double d,
            double penetration,
            double u,
            Supplier<String> note) {
        return new Observation(
                signal,
                plausible,
                t,
                respondent.seq(),
                respondentId,
                respondent.seq(),
                respondent.timeMillis(),
                d,
                penetration,
                u,
                note);
    }

    /** Lets server time pass for the zone: suspension, closing by silence, and staleness of either party. */
    void advance(CompiledOrder.MobileRule r, Instant now, long n, List<GeofenceEvent> events) {
        Suspension suspension = Suspensions.activeAt(r.suspensions(), now);
        if (suspension != null) {
            String why = Explanations.suspensionEnds(suspension.until());
            machines.end(r.proximitySlot(), n, why, events);
            machines.end(r.approachSlot(), n, why, events);
            machines.end(r.unknownSlot(), n, why, events);
            return;
        }
        machines.closeBySilence(r.proximitySlot(), n, events);
        machines.closeBySilence(r.approachSlot(), n, events);
        long orderTime = clock.orderTime(n, tracks);
        if (orderTime == Long.MIN_VALUE) {
            return;
        }
        Fix respondent = tracks.get(0).lastAccepted();
        Fix protectedFix = tracks.get(r.protectedDevice()).lastAccepted();
        boolean graceOver = orderTime - clock.graceStartMillis() > stalenessMillis;
        long respondentSeq = respondent == null ? -1 : respondent.seq();
        if (isStale(respondent, orderTime) && (respondent != null || graceOver)) {
            observeStale(r, order.respondentDeviceId(), respondent, respondentSeq, orderTime, now, events);
        } else if (isStale(protectedFix, orderTime) && (protectedFix != null || graceOver)) {
            observeStale(r, r.zone().protectedDeviceId(), protectedFix, respondentSeq, orderTime, now, events);
        } else if (respondent != null && protectedFix != null && !machines.isIdle(r.unknownSlot())) {
            machines.step(
                    r.unknownSlot(),
                    new Observation(
                            Signal.CLEAR,
                            true,
                            orderTime,
                            respondentSeq,
                            order.respondentDeviceId(),
                            respondentSeq,
                            respondent.timeMillis(),
                            Double.NaN,
                            0,
                            Double.NaN,
                            () -> Explanations.BOTH_FRESH),
                    events);
        }
    }

    private void observeStale(
            CompiledOrder.MobileRule r,
            String device,
            Fix fix,
            long respondentSeq,
            long orderTime,
            Instant now,
            List<GeofenceEvent> events) {
        Supplier<String> why = () -> Explanations.unknownAtTick(device, fix, orderTime, now, stalenessMillis);
        machines.step(
                r.unknownSlot(),
                new Observation(
                        Signal.SUPPORT,
                        true,
                        orderTime,
                        respondentSeq,
                        device,
                        fix == null ? -1 : fix.seq(),
                        fix == null ? Observation.NO_FIX : fix.timeMillis(),
                        Double.NaN,
                        0,
                        Double.NaN,
                        why),
                events);
    }

    private boolean isStale(Fix f, long orderTime) {
        return f == null || orderTime - f.timeMillis() > stalenessMillis;
    }
}
