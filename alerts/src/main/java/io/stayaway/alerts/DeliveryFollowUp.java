package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * What a notification's final failure sets in motion, written in the same transaction that records
 * the failure (issue 6, "Notifications"): a failed message to the duty desk makes the alert's next
 * escalation step due now; a failed SMS of a critical alert to anyone else becomes a voice call to
 * the same number. Stateless.
 */
final class DeliveryFollowUp {
    /** What was set in motion. */
    enum Action {
        ESCALATION_DUE,
        VOICE_FALLBACK_QUEUED,
        NONE
    }

    private DeliveryFollowUp() {}

    static Action afterFinalFailure(Connection c, UUID notificationId, EscalationPolicy policy, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.alert_id, n.channel, n.recipient_role, n.to_number, n.language, n.body,
                       a.severity, a.state, a.escalation_level
                FROM notifications n JOIN alerts a ON a.id = n.alert_id
                WHERE n.id = ? FOR UPDATE OF a""")) {
            ps.setObject(1, notificationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Action.NONE;
                }
                UUID alertId = rs.getObject("alert_id", UUID.class);
                Severity severity = Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT));
                AlertState state = AlertState.valueOf(rs.getString("state"));
                boolean toDesk = Recipient.RecipientRole.DESK.wireName().equals(rs.getString("recipient_role"));
                if (toDesk
                        && AlertLifecycle.awaitsAcknowledgement(state)
                        && policy.failureEscalates().contains(severity)
                        && rs.getInt("escalation_level") < EscalationPolicy.MAX_LEVEL) {
                    escalateNow(c, alertId, now);
                    return Action.ESCALATION_DUE;
                }
                if (Outbox.SMS.equals(rs.getString("channel"))
                        && severity == Severity.CRITICAL
                        && state != AlertState.RESOLVED) {
                    boolean added = Outbox.add(
                            c,
                            alertId,
                            notificationId + ":" + Outbox.VOICE + ":fallback",
                            Outbox.VOICE,
                            rs.getString("recipient_role"),
                            rs.getString("to_number"),
                            rs.getString("language"),
                            rs.getString("body"),
                            Outbox.Purpose.FALLBACK,
                            now);
                    return added ? Action.VOICE_FALLBACK_QUEUED : Action.NONE;
                }
                return Action.NONE;
            }
        }
    }

    private static void escalateNow(Connection c, UUID alertId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alerts SET escalate_at = ?, escalate_reason = ?, updated_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, EscalationReason.DESK_DELIVERY_FAILED.name());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setObject(4, alertId);
            ps.executeUpdate();
        }
    }

    /** Wakes whoever must act on what was set in motion, after the commit. */
    static void signal(Action action, AlertEvents events) {
        switch (action) {
            case ESCALATION_DUE -> events.wakeEscalations();
            case VOICE_FALLBACK_QUEUED -> events.wakeOutbox();
            case NONE -> {}
        }
    }
}
