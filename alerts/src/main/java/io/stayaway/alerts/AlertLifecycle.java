package io.stayaway.alerts;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The police handling workflow as a table: which state an officer may move an alert to from which
 * state (issue 6, "Lifecycle"). {@code NOTIFIED} is reached only by the system, when the first duty
 * desk notification is accepted by the provider. Thread-safe, immutable.
 *
 * <pre>
 * OPEN ──(system: desk notified)──▶ NOTIFIED
 * OPEN | NOTIFIED ──acknowledge──▶ ACKNOWLEDGED ──dispatch──▶ DISPATCHED
 * ACKNOWLEDGED | DISPATCHED ──resolve(outcome)──▶ RESOLVED   (final)
 * </pre>
 *
 * Shortcuts: an officer may acknowledge an OPEN alert (seen in the console before the SMS was
 * accepted) and may resolve an acknowledged alert without dispatching a unit (false alarm,
 * technical). Nobody resolves an alert nobody has acknowledged: someone must own it first.
 */
public final class AlertLifecycle {
    private static final Map<AlertState, Set<AlertState>> OFFICER_MOVES = Map.of(
            AlertState.OPEN, EnumSet.of(AlertState.ACKNOWLEDGED),
            AlertState.NOTIFIED, EnumSet.of(AlertState.ACKNOWLEDGED),
            AlertState.ACKNOWLEDGED, EnumSet.of(AlertState.DISPATCHED, AlertState.RESOLVED),
            AlertState.DISPATCHED, EnumSet.of(AlertState.RESOLVED),
            AlertState.RESOLVED, EnumSet.noneOf(AlertState.class));

    private AlertLifecycle() {}

    /** True when a duty officer may move an alert from {@code from} to {@code to}. */
    public static boolean officerMayMove(AlertState from, AlertState to) {
        return OFFICER_MOVES.get(from).contains(to);
    }

    /** True while the alert still waits for a human to take it: escalation applies. */
    public static boolean awaitsAcknowledgement(AlertState state) {
        return state == AlertState.OPEN || state == AlertState.NOTIFIED;
    }
}
