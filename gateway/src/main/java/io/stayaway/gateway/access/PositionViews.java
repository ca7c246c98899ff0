package io.stayaway.gateway.access;

import io.stayaway.gateway.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Viewing sessions of an order's positions ({@code position_views}): the console polls the positions every
 * few seconds while an officer has an alert's map open, and one session is one audit row, not one row per
 * poll. The first read of a view writes the audit row (reason {@code view <id>}) and the view's row in one
 * transaction, so a read is never shown unaudited; later reads of the same view only count. Thread-safe;
 * blocks on JDBC, call it from a worker thread.
 */
public final class PositionViews {
    /** What became of a read in a view. */
    public enum Read {
        /** The view's first read: audited now. */
        STARTED,
        /** A later read of the same user's view of the same order: counted, audited at its start. */
        CONTINUED,
        /** The view id belongs to another user or another order: nothing was written. */
        FOREIGN
    }

    private final DataSource dataSource;

    public PositionViews(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records one read by {@code who} of {@code orderId}'s positions in {@code view} at {@code now}: the view's
     * row and, on its first read, the audit row ({@code action} on {@code resource}), committed together.
     */
    public Read read(UUID view, UserAccount who, String orderId, String action, String resource, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Read outcome = count(c, view, who, orderId, now);
                if (outcome == Read.STARTED) {
                    AuditLog.record(
                            c,
                            new AuditEntry(
                                    now,
                                    who.username(),
                                    who.role(),
                                    action,
                                    resource,
                                    AuditEntry.Outcome.ALLOWED,
                                    "view " + view));
                }
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not record the read of view " + view + " of order " + orderId, e);
        }
    }

    /** Inserts the view, or counts a read of it when it is this user's view of this order; FOREIGN otherwise. */
    private static Read count(Connection c, UUID view, UserAccount who, String orderId, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO position_views AS v (view_id, actor, role, order_id, started_at, last_read_at, reads)
                VALUES (?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (view_id) DO UPDATE SET last_read_at = GREATEST(v.last_read_at, EXCLUDED.last_read_at),
                                                    reads = v.reads + 1
                WHERE v.actor = EXCLUDED.actor AND v.order_id = EXCLUDED.order_id
                RETURNING reads""")) {
            ps.setObject(1, view);
            ps.setString(2, who.username());
            ps.setString(3, who.role().wireName());
            ps.setString(4, orderId);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setTimestamp(6, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Read.FOREIGN;
                }
                return rs.getInt(1) == 1 ? Read.STARTED : Read.CONTINUED;
            }
        }
    }
}
