package io.stayaway.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Maps rows of the {@code alerts} table to {@link Alert} values. */
final class AlertRows {
    private AlertRows() {
    }

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
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
