package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the parts of {@link AlertDetail} on the caller's connection. Stateless. */
final class DetailRows {
    private DetailRows() {}

    static List<AlertDetail.Transition> lifecycle(Connection c, UUID alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, from_state, to_state, actor, at, note, outcome FROM alert_transitions WHERE alert_id = ? ORDER BY id")) {
            ps.setObject(1, alertId);
            List<AlertDetail.Transition> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString("from_state");
                    String outcome = rs.getString("outcome");
                    out.add(new AlertDetail.Transition(
                            rs.getLong("id"),
                            from == null ? null : AlertState.valueOf(from),
                            AlertState.valueOf(rs.getString("to_state")),
                            rs.getString("actor"),
                            instant(rs.getTimestamp("at")),
                            rs.getString("note"),
                            outcome == null ? null : Outcome.valueOf(outcome)));
                }
            }
            return out;
        }
    }

    static List<AlertDetail.Notification> notifications(Connection c, UUID alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, channel, recipient_role, to_number, language, purpose, state, attempts, provider_sid, provider_status,
                       last_error, created_at, sent_at, provider_status_at, suppressed_reason, suppressed_after,
                       budget_repeat_quiet, budget_daily_cap, suppressed_note
                FROM notifications WHERE alert_id = ? ORDER BY created_at, id""")) {
            ps.setObject(1, alertId);
            List<AlertDetail.Notification> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertDetail.Notification(
                            rs.getObject("id", UUID.class),
                            rs.getString("channel"),
                            rs.getString("recipient_role"),
                            rs.getString("to_number"),
                            rs.getString("language"),
                            rs.getString("purpose"),
                            rs.getString("state"),
                            rs.getInt("attempts"),
                            rs.getString("provider_sid"),
                            rs.getString("provider_status"),
                            rs.getString("last_error"),
                            instant(rs.getTimestamp("created_at")),
                            instant(rs.getTimestamp("sent_at")),
                            instant(rs.getTimestamp("provider_status_at")),
                            suppression(rs)));
                }
            }
            return out;
        }
    }

    private static AlertDetail.Suppression suppression(ResultSet rs) throws SQLException {
        String reason = rs.getString("suppressed_reason");
        return reason == null
                ? null
                : new AlertDetail.Suppression(
                        reason,
                        instant(rs.getTimestamp("suppressed_after")),
                        java.time.Duration.parse(rs.getString("budget_repeat_quiet")),
                        rs.getInt("budget_daily_cap"),
                        rs.getString("suppressed_note"));
    }

    static List<AlertDetail.Escalation> escalations(Connection c, UUID alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT level, reason, target, at FROM alert_escalations WHERE alert_id = ? ORDER BY level")) {
            ps.setObject(1, alertId);
            List<AlertDetail.Escalation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertDetail.Escalation(
                            rs.getInt("level"),
                            EscalationReason.valueOf(rs.getString("reason")),
                            rs.getString("target"),
                            instant(rs.getTimestamp("at"))));
                }
            }
            return out;
        }
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
