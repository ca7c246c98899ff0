package io.stayaway.simulator.expect;

import io.stayaway.simulator.api.Alert;
import io.stayaway.simulator.device.Party;
import java.util.Locale;

/**
 * One alert a scenario must (or must not) produce: its {@code type}, optionally the {@code party}
 * whose device raised it, the {@code rule} (zone id), whether it is flagged {@code late}, and the
 * {@code order} (default: any of the scenario's orders). A required alert must be seen within
 * {@code within} wall-clock seconds of scenario second {@code after} (default 0, the start).
 * Immutable, thread-safe.
 */
public record AlertExpectation(
        AlertType type, Party party, String rule, Boolean late, Double within, Double after, String order) {
    public AlertExpectation {
        if (type == null) {
            throw new IllegalArgumentException("an expectation needs an alert type");
        }
        if (within != null && !(within > 0)) {
            throw new IllegalArgumentException("within must be > 0 seconds, got " + within);
        }
        after = after == null ? 0.0 : after;
        if (!(after >= 0)) {
            throw new IllegalArgumentException("after must be >= 0 seconds, got " + after);
        }
    }

    public boolean matches(Alert alert) {
        return type.name().equalsIgnoreCase(alert.type())
                && (party == null || party.wireName().equalsIgnoreCase(alert.party()))
                && (rule == null || rule.equals(alert.ruleId()))
                && (late == null || late.equals(alert.late()))
                && (order == null || order.equals(alert.orderId()));
    }

    public AlertExpectation withOrder(String newOrder) {
        return new AlertExpectation(type, party, rule, late, within, after, newOrder);
    }

    /** E.g. "BREACH party=respondent rule=home within 60s". */
    public String describe() {
        StringBuilder text = new StringBuilder(type.name());
        if (party != null) {
            text.append(" party=").append(party.wireName());
        }
        if (rule != null) {
            text.append(" rule=").append(rule);
        }
        if (late != null) {
            text.append(" late=").append(late);
        }
        if (order != null) {
            text.append(" order=").append(order);
        }
        if (within != null) {
            text.append(String.format(Locale.ROOT, " within %.0fs", within));
            if (after > 0) {
                text.append(String.format(Locale.ROOT, " of scenario second %.0f", after));
            }
        }
        return text.toString();
    }
}
