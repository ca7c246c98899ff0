package io.stayaway.gateway.health;

import io.stayaway.alerts.AlertType;
import io.stayaway.gateway.ingest.DeviceEventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What device health reads back from storage at start-up, per device: its newest fix, event and usable
 * fix, its loss alerts still open, and when it was next heard from after a time. Blocking JDBC on one
 * connection, on the caller's thread (start-up only); not thread-safe.
 */
final class StoredHealth implements AutoCloseable {
    /** The newest fix: when it was received, its device time, accuracy and battery (null: not reported). */
    record LastFix(Instant receivedAt, Instant ts, double acc, Integer battery) {}

    /** The newest event: when it was received, its device time and type. */
    record LastEvent(Instant receivedAt, Instant ts, DeviceEventType type) {}

    /** A loss alert still open: its key without the order prefix (what the monitor tracks) and its type. */
    record OpenLoss(String deviceKey, AlertType type) {}

    private final Connection c;
    private final double usableAccuracyMetres;

    StoredHealth(Connection c, double usableAccuracyMetres) {
        this.c = c;
        this.usableAccuracyMetres = usableAccuracyMetres;
    }

    Optional<LastFix> lastFix(String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT received_at, ts, acc, battery FROM pings WHERE device_id = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new LastFix(
                                rs.getTimestamp(1).toInstant(),
                                rs.getTimestamp(2).toInstant(),
                                rs.getDouble(3),
                                rs.getObject(4, Integer.class)))
                        : Optional.empty();
            }
        }
    }

    /** When the newest fix accurate enough to locate the device was received. */
    Optional<Instant> lastUsableFix(String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT received_at FROM pings WHERE device_id = ? AND acc <= ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, deviceId);
            ps.setDouble(2, usableAccuracyMetres);
            return instant(ps);
        }
    }

    Optional<LastEvent> lastEvent(String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT received_at, ts, type FROM device_events WHERE device_id = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant received = rs.getTimestamp(1).toInstant();
                Instant ts = rs.getTimestamp(2).toInstant();
                return DeviceEventType.fromWire(rs.getString(3)).map(t -> new LastEvent(received, ts, t));
            }
        }
    }

    /** The device's COMMUNICATION_LOSS and GNSS_LOSS alerts not ended, in any order. */
    List<OpenLoss> openLosses(String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT order_id, dedupe_key, type FROM alerts
                 WHERE device_id = ? AND ended_at IS NULL AND type IN ('COMMUNICATION_LOSS', 'GNSS_LOSS')""")) {
            ps.setString(1, deviceId);
            List<OpenLoss> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Alert keys are "{orderId}/{deviceKey}" (DeviceHealthMonitor.raiseFor).
                    String key = rs.getString(2).substring(rs.getString(1).length() + 1);
                    out.add(new OpenLoss(key, AlertType.valueOf(rs.getString(3))));
                }
            }
            return out;
        }
    }

    /** When the device's first message (fix or event) received at or after {@code from} was received. */
    Optional<Instant> firstHeardFrom(String deviceId, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT min(r) FROM (
                  SELECT min(received_at) AS r FROM pings WHERE device_id = ? AND received_at >= ?
                  UNION ALL
                  SELECT min(received_at) FROM device_events WHERE device_id = ? AND received_at >= ?) heard""")) {
            ps.setString(1, deviceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setString(3, deviceId);
            ps.setTimestamp(4, Timestamp.from(from));
            return instant(ps);
        }
    }

    /** When the device's first usable fix received at or after {@code from} was received. */
    Optional<Instant> firstUsableFixFrom(String deviceId, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT min(received_at) FROM pings WHERE device_id = ? AND received_at >= ? AND acc <= ?")) {
            ps.setString(1, deviceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setDouble(3, usableAccuracyMetres);
            return instant(ps);
        }
    }

    private static Optional<Instant> instant(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getTimestamp(1) != null
                    ? Optional.of(rs.getTimestamp(1).toInstant())
                    : Optional.empty();
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
