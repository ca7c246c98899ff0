package io.stayaway.gateway.downlink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The downlink queue's table, {@code downlink_commands} (migration V10): one row per command, pending until
 * the device's MQTT peer acknowledges it, then delivered; or superseded by a newer set_interval, or expired.
 * Each method is one short transaction. Thread-safe (the pool's connections).
 */
final class CommandStore {
    private final DataSource dataSource;

    CommandStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Queues a command after the device's pending ones; a set_interval supersedes the device's pending
     * set_interval (the latest wins). A command already queued (same id) is left as it is.
     *
     * @return how many pending commands it superseded
     */
    int add(DownlinkCommand c, Instant now) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                int superseded = 0;
                if (DownlinkCommand.SET_INTERVAL.equals(c.type())) {
                    try (PreparedStatement ps = conn.prepareStatement("UPDATE downlink_commands"
                            + " SET state = 'superseded', settled_at = ?"
                            + " WHERE device_id = ? AND state = 'pending' AND type = 'set_interval' AND id <> ?")) {
                        ps.setTimestamp(1, Timestamp.from(now));
                        ps.setString(2, c.deviceId());
                        ps.setObject(3, c.id());
                        superseded = ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO downlink_commands (id, device_id, type, payload, created_at, next_attempt_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                    ps.setObject(1, c.id());
                    ps.setString(2, c.deviceId());
                    ps.setString(3, c.type());
                    ps.setString(4, c.payload());
                    ps.setTimestamp(5, Timestamp.from(c.createdAt()));
                    ps.setTimestamp(6, Timestamp.from(c.createdAt()));
                    ps.executeUpdate();
                }
                conn.commit();
                return superseded;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    /**
     * Each device's oldest pending command, if its next attempt is due by {@code now}: the next to deliver,
     * a device's commands going out one at a time in the order they were queued. Earliest due first.
     */
    List<DownlinkCommand> due(Instant now, int limit) throws SQLException {
        List<DownlinkCommand> out = new ArrayList<>();
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT seq, id, device_id, type, payload, created_at, attempts FROM ("
                                + " SELECT DISTINCT ON (device_id) * FROM downlink_commands WHERE state = 'pending'"
                                + " ORDER BY device_id, seq) oldest"
                                + " WHERE next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DownlinkCommand(
                            rs.getLong(1),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getInt(7)));
                }
            }
        }
        return out;
    }

    /** The command was acknowledged. False if it was no longer pending (superseded meanwhile). */
    boolean delivered(long seq, Instant now) throws SQLException {
        return update(
                "UPDATE downlink_commands SET state = 'delivered', attempts = attempts + 1, settled_at = ?,"
                        + " last_error = NULL WHERE seq = ? AND state = 'pending'",
                now,
                seq);
    }

    /** A delivery attempt failed: counted, its reason kept, tried again at {@code retryAt}. */
    void failed(long seq, String error, Instant retryAt) throws SQLException {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("UPDATE downlink_commands SET attempts = attempts + 1,"
                        + " last_error = ?, next_attempt_at = ? WHERE seq = ? AND state = 'pending'")) {
            ps.setString(1, error);
            ps.setTimestamp(2, Timestamp.from(retryAt));
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
    }

    /** A notify that outlived its use is not sent any more. */
    boolean expired(long seq, Instant now) throws SQLException {
        return update(
                "UPDATE downlink_commands SET state = 'expired', settled_at = ? WHERE seq = ? AND state = 'pending'",
                now,
                seq);
    }

    /** The device has just connected: its pending commands are due now, whatever their backoff. */
    void dueNow(String deviceId, Instant now) throws SQLException {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("UPDATE downlink_commands SET next_attempt_at = ?"
                        + " WHERE device_id = ? AND state = 'pending' AND next_attempt_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, deviceId);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    long pendingCount() throws SQLException {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT count(*) FROM downlink_commands WHERE state = 'pending'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean update(String sql, Instant now, long seq) throws SQLException {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, seq);
            return ps.executeUpdate() == 1;
        }
    }
}
