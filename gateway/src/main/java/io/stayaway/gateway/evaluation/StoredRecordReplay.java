package io.stayaway.gateway.evaluation;

import io.stayaway.gateway.ingest.DeviceEventType;
import io.stayaway.gateway.ingest.FixSources;
import io.stayaway.gateway.ingest.Telemetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads back the pings and events stored for some devices from a receive time on, in receive order, so
 * that start-up can evaluate what was acknowledged before a crash but never evaluated. The records
 * received at exactly that time are read too: the records of one message share their receive time, and
 * the state may have been saved between two of them (the evaluator recognises a fix it has already seen;
 * an event's alert is raised again under the same dedupe key, which updates the one alert). The records carry
 * no raw bytes (evaluation does not use them). Runs on the caller's thread (the evaluator's, at start-up);
 * holds no state.
 */
final class StoredRecordReplay {
    private final DataSource dataSource;

    StoredRecordReplay(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Hands each record of {@code devices} received at or after {@code from} to {@code evaluate}; returns how many. */
    int replay(List<String> devices, Instant from, Consumer<Telemetry> evaluate) throws SQLException {
        int count = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT 'fix' AS kind, device_id, seq, ts, received_at, lat, lon, acc, src, NULL AS type FROM pings
                 WHERE device_id = ANY (?) AND received_at >= ?
                UNION ALL
                SELECT 'event', device_id, seq, ts, received_at, lat, lon, NULL, NULL, type FROM device_events
                 WHERE device_id = ANY (?) AND received_at >= ?
                ORDER BY received_at, device_id, seq""")) {
            java.sql.Array ids = c.createArrayOf("text", devices.toArray());
            ps.setArray(1, ids);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setArray(3, ids);
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setFetchSize(1_000);
            c.setAutoCommit(false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    evaluate.accept(record(rs));
                    count++;
                }
            }
        }
        return count;
    }

    private static Telemetry record(ResultSet rs) throws SQLException {
        Instant received = rs.getTimestamp("received_at").toInstant();
        Instant ts = rs.getTimestamp("ts").toInstant();
        if ("fix".equals(rs.getString("kind"))) {
            return new Telemetry.Fix(
                    rs.getString("device_id"),
                    rs.getLong("seq"),
                    ts,
                    received,
                    rs.getDouble("lat"),
                    rs.getDouble("lon"),
                    rs.getDouble("acc"),
                    null,
                    null,
                    null,
                    FixSources.ofChecked(rs.getString("src")),
                    new byte[0],
                    false);
        }
        return new Telemetry.Event(
                rs.getString("device_id"),
                rs.getLong("seq"),
                ts,
                received,
                DeviceEventType.fromWire(rs.getString("type")).orElseThrow(),
                (Double) rs.getObject("lat"),
                (Double) rs.getObject("lon"),
                new byte[0]);
    }
}
