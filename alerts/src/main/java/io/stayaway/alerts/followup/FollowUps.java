package io.stayaway.alerts.followup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The follow-up contacts of orders, in PostgreSQL ({@code follow_up_contacts}, alerts migration V5): each
 * insert is chained by trigger into the order's evidence chain {@code order:<id>} (kind {@code follow_up}),
 * in the inserting transaction. The caller owns the connection and its transaction. Stateless; the methods
 * block on JDBC, so call them from a worker thread.
 */
public final class FollowUps {
    private FollowUps() {}

    /** Stores {@code contact} (and, by trigger, its chain link). */
    public static void record(Connection c, FollowUpContact contact) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO follow_up_contacts
                    (id, order_id, kind, at, outcome, note, recorded_by, organisation, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, contact.id());
            ps.setString(2, contact.orderId());
            ps.setString(3, contact.kind().wireName());
            ps.setTimestamp(4, Timestamp.from(contact.at()));
            ps.setString(5, contact.outcome().wireName());
            ps.setString(6, contact.note());
            ps.setString(7, contact.recordedBy());
            ps.setString(8, contact.organisation());
            ps.setTimestamp(9, Timestamp.from(contact.recordedAt()));
            ps.executeUpdate();
        }
    }

    /** Every follow-up contact of the order, oldest first (by {@code at}, then by time of recording). */
    public static List<FollowUpContact> list(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, order_id, kind, at, outcome, note, recorded_by, organisation, recorded_at
                  FROM follow_up_contacts WHERE order_id = ? ORDER BY at, recorded_at, id""")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                List<FollowUpContact> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new FollowUpContact(
                            rs.getObject(1, java.util.UUID.class),
                            rs.getString(2),
                            FollowUpContact.Kind.parse(rs.getString(3)),
                            rs.getTimestamp(4).toInstant(),
                            FollowUpContact.Outcome.parse(rs.getString(5)),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant()));
                }
                return out;
            }
        }
    }
}
