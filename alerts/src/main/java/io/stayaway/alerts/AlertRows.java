package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Maps rows of the {@code alerts} table to {@link Alert} values. Stateless. */
final class AlertRows {
    private AlertRows() {}

    static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(
                rs.getObject("id", UUID.class),
                rs.getString("dedupe_key"),
                rs.getString("order_id"),
                AlertType.valueOf(rs.getString("type")),
                Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
                AlertState.valueOf(rs.getString("state")),
                rs.getString("rule_id"),
                rs.getString("device_id"),
                rs.getString("party"),
                instant(rs.getTimestamp("event_time")),
                instant(rs.getTimestamp("ended_at")),
                rs.getBoolean("late"),
                nullableDouble(rs, "min_distance_m"),
                nullableDouble(rs, "accuracy_m"),
                rs.getString("explanation"),
                instant(rs.getTimestamp("opened_at")),
                instant(rs.getTimestamp("updated_at")),
                rs.getInt("escalation_level"),
                instant(rs.getTimestamp("escalate_at")),
                rs.getString("outcome") == null ? null : Outcome.valueOf(rs.getString("outcome")));
    }

    /** The alert with this id read on the caller's connection (inside its transaction), or empty. */
    static Optional<Alert> load(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM alerts WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
