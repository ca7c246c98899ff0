package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes notification rows into the outbox on the caller's connection, so they commit or roll back
 * with the change that owes them. The idempotency key makes a repeated write (a retried transaction,
 * a second failure report) a no-op. Stateless.
 */
final class Outbox {
    /** Why a notification exists. */
    enum Purpose {
        INITIAL,
        FALLBACK,
        ESCALATION;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String SMS = "sms";
    static final String VOICE = "voice";

    private Outbox() {}

    /** @return true when the row was added, false when one with the same idempotency key exists */
    static boolean add(
            Connection c,
            UUID alertId,
            String idempotencyKey,
            String channel,
            String role,
            String to,
            String language,
            String body,
            Purpose purpose,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notifications (id, alert_id, idempotency_key, channel, recipient_role, to_number, language, body,
                                           state, attempts, next_attempt_at, created_at, purpose)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING""")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, alertId);
            ps.setString(3, idempotencyKey);
            ps.setString(4, channel);
            ps.setString(5, role);
            ps.setString(6, to);
            ps.setString(7, language);
            ps.setString(8, body);
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setString(11, purpose.wireName());
            return ps.executeUpdate() == 1;
        }
    }
}
