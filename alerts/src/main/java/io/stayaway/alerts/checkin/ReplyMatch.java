package io.stayaway.alerts.checkin;

import io.stayaway.alerts.Recipient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The check-in and order an inbound message from a number belongs to: the latest check-in texted to that
 * number and not yet answered (locked for the reply); else the order of the latest check-in ever texted to it;
 * else an order in force that names the number for a protected party. Either part may be null. Immutable; the
 * static helpers write the reply's consequences in the caller's transaction.
 */
record ReplyMatch(UUID checkInId, String orderId) {
    static ReplyMatch find(Connection c, CheckInOrders orders, String from, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, order_id FROM check_ins
                WHERE phone = ? AND sent_at IS NOT NULL AND state IN ('sent', 'no_reply', 'missed')
                ORDER BY sent_at DESC LIMIT 1 FOR UPDATE""")) {
            ps.setString(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new ReplyMatch(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT order_id FROM check_ins WHERE phone = ? AND sent_at IS NOT NULL ORDER BY sent_at DESC LIMIT 1")) {
            ps.setString(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new ReplyMatch(null, rs.getString(1));
                }
            }
        }
        String order = orders.all().stream()
                .filter(o -> o.inForceAt(now))
                .filter(o -> o.protectedPersons().stream().map(Recipient::phone).anyMatch(from::equals))
                .map(CheckInOrder::orderId)
                .findFirst()
                .orElse(null);
        return new ReplyMatch(null, order);
    }

    static boolean replyStored(Connection c, String sid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM check_in_replies WHERE message_sid = ?")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void insertReply(
            Connection c,
            String sid,
            String from,
            String to,
            String body,
            ReplyMeaning meaning,
            ReplyMatch match,
            UUID alertId,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO check_in_replies (message_sid, from_phone, to_phone, body, received_at, meaning, check_in_id,
                                              order_id, alert_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, sid);
            ps.setString(2, from);
            ps.setString(3, to);
            ps.setString(4, body);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, meaning.wireName());
            ps.setObject(7, match.checkInId());
            ps.setString(8, match.orderId());
            ps.setObject(9, alertId);
            ps.executeUpdate();
        }
    }

    /** Marks the matched check-in answered (safe or help); nothing when none matched. */
    void markReplied(Connection c, ReplyMeaning meaning, Instant now) throws SQLException {
        if (checkInId == null) {
            return;
        }
        CheckInState state = meaning == ReplyMeaning.HELP ? CheckInState.REPLIED_HELP : CheckInState.REPLIED_SAFE;
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE check_ins SET state = ?, replied_at = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, state.wireName());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setObject(4, checkInId);
            ps.executeUpdate();
        }
    }

    /** Records the opt-out and settles every check-in still owed to the number as {@code opted_out}. */
    static void optOut(Connection c, String phone, String sid, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO check_in_opt_outs (phone, opted_out_at, message_sid) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, phone);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, sid);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE check_ins SET state = 'opted_out', updated_at = ? WHERE phone = ? AND state = 'pending'")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, phone);
            ps.executeUpdate();
        }
    }

    static void optIn(Connection c, String phone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM check_in_opt_outs WHERE phone = ?")) {
            ps.setString(1, phone);
            ps.executeUpdate();
        }
    }
}
