package io.stayaway.geofence.impl;

import io.stayaway.geofence.Classification;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.RuleAssessment;
import io.stayaway.geofence.Suspension;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Supplier;

/**
 * Zones with fixed geometry: static exclusion zones (BREACH and APPROACH, plus crossings between fixes) and
 * inclusion zones (CURFEW during their schedule). One respondent fix is projected into the order's frame at most
 * once, when the first zone near it needs it; the projection buffer makes this class confined to the thread that
 * owns the order's evaluator.
 */
final class FixedZoneRules {
    private final CompiledOrder compiled;
    private final Order order;
    private final EvaluatorSettings settings;
    private final DwellEpisodes machines;
    private final CrossingDetector crossings;
    private final double[] xy = new double[2];
    /** Whether {@link #xy} holds the current fix; reset by {@link #newFix()}. */
    private boolean projected;

    FixedZoneRules(
            CompiledOrder compiled, EvaluatorSettings settings, DwellEpisodes machines, CrossingDetector crossings) {
        this.compiled = compiled;
        this.order = compiled.order();
        this.settings = settings;
        this.machines = machines;
        this.crossings = crossings;
    }

    /** Starts a new fix: the projection of the previous one is stale. */
    void newFix() {
        projected = false;
    }

    private void project(Fix fix) {
        if (!projected) {
            compiled.frame().project(fix.lat(), fix.lon(), xy);
            projected = true;
        }
    }

    /** Evaluates a respondent fix against a static exclusion zone. */
    void evaluateStatic(
            CompiledOrder.StaticRule r,
            Ping ping,
            Fix fix,
            boolean plausible,
            List<RuleAssessment> out,
            List<GeofenceEvent> events) {
        String zoneId = r.zone().id();
        double u = fix.uncertainty();
        Suspension suspension = Suspensions.activeAt(r.suspensions(), ping.time());
        if (suspension != null) {
            Observation end = suspended(zoneId, suspension, fix, out);
            machines.step(r.breachSlot(), end, events);
            machines.step(r.approachSlot(), end, events);
            crossings.reset(r.transitSlot());
            return;
        }
        double w = r.warningMetres();
        double margin = settings.clearMarginMetres();
        double far = r.box().beyondReach(fix.lat(), fix.lon(), w + u + margin + 1);
        double s;
        boolean inCorridor = false;
        if (far > 0) {
            s = far;
            out.add(new RuleAssessment(zoneId, Classification.OUTSIDE, far, u, Explanations.FAR));
        } else {
            project(fix);
            s = r.shape().signedDistance(xy[0], xy[1]);
            inCorridor = r.corridor() != null && r.corridor().covers(xy[0], xy[1]);
            if (inCorridor) {
                out.add(new RuleAssessment(zoneId, Classification.NOT_APPLICABLE, s, u, Explanations.IN_CORRIDOR));
            } else {
                Classification c = Verdicts.classify(s, u, w);
                out.add(new RuleAssessment(zoneId, c, s, u, Explanations.staticReason(c, s, u, w, plausible)));
            }
        }
        boolean wasOpen = machines.isOpen(r.breachSlot());
        boolean breachOpen = stepStatic(r, ping, fix, plausible, s, inCorridor, events);
        if (plausible) {
            crossings.track(r, fix, s, inCorridor, breachOpen || wasOpen, events);
        }
    }

    /** Steps the zone's BREACH then APPROACH machine with the fix at signed distance s; returns whether a breach is open after. */
    private boolean stepStatic(
            CompiledOrder.StaticRule r,
            Ping ping,
            Fix fix,
            boolean plausible,
            double s,
            boolean inCorridor,
            List<GeofenceEvent> events) {
        double u = fix.uncertainty();
        double w = r.warningMetres();
        double margin = settings.clearMarginMetres();
        String respondent = order.respondentDeviceId();
        Signal breachSignal = inCorridor ? Signal.CLEAR : Verdicts.breachSignal(s, u, margin);
        Supplier<String> note = null;
        if (machines.heeds(r.breachSlot(), breachSignal)) {
            note = Explanations.staticNote(ping, fix, s);
            machines.step(
                    r.breachSlot(),
                    Observation.ofRespondentFix(breachSignal, plausible, fix, respondent, s, Math.max(0, -s), u, note),
                    events);
        }
        boolean breachOpen = machines.isOpen(r.breachSlot());
        machines.dropPendingRun(r.approachSlot(), breachOpen);
        Signal approachSignal = inCorridor
                ? Signal.CLEAR
                : breachOpen
                        ? Signal.HOLD
                        : s < w - settings.approachInsideShare() * u
                                ? Verdicts.warningSupport(fix, settings)
                                : s < w ? Signal.HOLD : s - u > w + margin ? Signal.CLEAR : Signal.OUT;
        if (machines.heeds(r.approachSlot(), approachSignal)) {
            machines.step(
                    r.approachSlot(),
                    Observation.ofRespondentFix(
                            approachSignal,
                            plausible,
                            fix,
                            respondent,
                            s,
                            Math.max(0, w - s),
                            u,
                            note != null ? note : Explanations.staticNote(ping, fix, s)),
                    events);
        }
        return breachOpen;
    }

    /**
     * A court-permitted suspension is in force: the rule does not apply to this fix (recorded as such), and the
     * returned observation ends the rule's open episodes.
     */
    private Observation suspended(String zoneId, Suspension suspension, Fix fix, List<RuleAssessment> out) {
        out.add(new RuleAssessment(
                zoneId,
                Classification.NOT_APPLICABLE,
                Double.NaN,
                fix.uncertainty(),
                Explanations.suspendedUntil(suspension.until())));
        return Observation.endAt(fix, order.respondentDeviceId(), Explanations.suspensionEnds(suspension.until()));
    }

    /** Evaluates a respondent fix against an inclusion zone. */
    void evaluateInclusion(
            CompiledOrder.InclusionRule r,
            Ping ping,
            Fix fix,
            boolean plausible,
            List<RuleAssessment> out,
            List<GeofenceEvent> events) {
        String zoneId = r.zone().id();
        double u = fix.uncertainty();
        Suspension suspension = Suspensions.activeAt(r.suspensions(), ping.time());
        if (suspension != null) {
            machines.step(r.curfewSlot(), suspended(zoneId, suspension, fix, out), events);
            return;
        }
        if (!r.zone().schedule().covers(LocalDateTime.ofInstant(ping.time(), order.timeZone()))) {
            out.add(new RuleAssessment(
                    zoneId, Classification.NOT_APPLICABLE, Double.NaN, u, Explanations.OUTSIDE_SCHEDULE));
            machines.step(
                    r.curfewSlot(),
                    Observation.endAt(fix, order.respondentDeviceId(), Explanations.SCHEDULE_ENDED),
                    events);
            return;
        }
        double margin = settings.clearMarginMetres();
        double far = r.box().beyondReach(fix.lat(), fix.lon(), u + margin + 1);
        double s;
        if (far > 0) {
            s = far;
        } else {
            project(fix);
            s = r.shape().signedDistance(xy[0], xy[1]);
        }
        Classification c = s > u
                ? Classification.BREACH_CONFIRMED
                : s > -u ? Classification.BREACH_POSSIBLE : Classification.OUTSIDE;
        out.add(new RuleAssessment(zoneId, c, s, u, Explanations.inclusionReason(c, s, u)));
        Signal signal = s > u ? Signal.SUPPORT : s > -u ? Signal.HOLD : s >= -u - margin ? Signal.OUT : Signal.CLEAR;
        if (machines.heeds(r.curfewSlot(), signal)) {
            machines.step(
                    r.curfewSlot(),
                    Observation.ofRespondentFix(
                            signal,
                            plausible,
                            fix,
                            order.respondentDeviceId(),
                            s,
                            Math.max(0, s),
                            u,
                            Explanations.inclusionNote(ping, fix, s, u)),
                    events);
        }
    }
}
