package io.stayaway.alerts.checkin;

import io.stayaway.alerts.MessageTemplates;
import io.stayaway.alerts.notify.DeliveryException;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.OutgoingMessage;
import io.stayaway.alerts.notify.PhoneMask;
import io.stayaway.alerts.notify.ProviderReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts the check-ins whose send time has come, one row per transaction: the row is claimed with
 * {@code FOR UPDATE SKIP LOCKED} and stays locked while Twilio is asked (at most the channel's timeouts), so
 * several gateways never text one twice. A number that opted out is not texted ({@code opted_out}); an order
 * that ended is not either ({@code cancelled}). A failed attempt is retried with doubling backoff up to
 * {@code maxAttempts}, then the row is {@code failed} and counted. A process killed mid-request leaves the row
 * pending (its lock dies with the connection), so that one text may be sent twice: Twilio's Messages API has no
 * idempotency key. Called on the worker thread.
 */
final class CheckInDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(CheckInDelivery.class);

    private final NotificationChannel channel;
    private final MessageTemplates templates;
    private final CheckInOrders orders;
    private final CheckInSettings settings;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    CheckInDelivery(
            NotificationChannel channel, MessageTemplates templates, CheckInOrders orders, CheckInSettings settings) {
        this.channel = channel;
        this.templates = templates;
        this.orders = orders;
        this.settings = settings;
    }

    long failedCount() {
        return failed.get();
    }

    long sentCount() {
        return sent.get();
    }

    private record Due(UUID id, String orderId, String phone, Locale language, int attempts) {}

    /**
     * Handles one due check-in inside the caller's transaction (send, or settle it as not to be sent); false when
     * none is due.
     */
    boolean sendOne(Connection c, Instant now) throws SQLException {
        Optional<Due> claimed = claim(c, now);
        if (claimed.isEmpty()) {
            return false;
        }
        Due due = claimed.get();
        if (optedOut(c, due.phone())) {
            settle(c, due.id(), CheckInState.OPTED_OUT, null, now);
            return true;
        }
        boolean inForce = orders.find(due.orderId()).map(o -> o.inForceAt(now)).orElse(false);
        if (!inForce) {
            settle(c, due.id(), CheckInState.CANCELLED, "the order is not in force", now);
            return true;
        }
        OutgoingMessage message = new OutgoingMessage(
                OutgoingMessage.Kind.SMS,
                due.phone(),
                templates.renderCheckIn(due.language()),
                due.language(),
                "check-in:" + due.id());
        try {
            ProviderReceipt receipt = channel.send(message);
            markSent(c, due.id(), receipt.providerId(), now);
            sent.incrementAndGet();
        } catch (DeliveryException e) {
            retryOrFail(c, due, e.getMessage(), e.retryable(), now);
        } catch (RuntimeException e) {
            retryOrFail(c, due, e.toString(), true, now);
        }
        return true;
    }

    private Optional<Due> claim(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, order_id, phone, language, attempts FROM check_ins
                WHERE state = 'pending' AND send_at <= ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY send_at LIMIT 1 FOR UPDATE SKIP LOCKED""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Due(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        Locale.forLanguageTag(rs.getString(4)),
                        rs.getInt(5)));
            }
        }
    }

    static boolean optedOut(Connection c, String phone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM check_in_opt_outs WHERE phone = ?")) {
            ps.setString(1, phone);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void markSent(Connection c, UUID id, String sid, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE check_ins SET state = 'sent', sent_at = ?, provider_sid = ?, reply_due_at = ?, attempts = attempts + 1,
                                     next_attempt_at = NULL, updated_at = ? WHERE id = ?""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, sid);
            ps.setTimestamp(3, Timestamp.from(now.plus(settings.replyWithin())));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setObject(5, id);
            ps.executeUpdate();
        }
    }

    private void retryOrFail(Connection c, Due due, String error, boolean retryable, Instant now) throws SQLException {
        int attempts = due.attempts() + 1;
        if (!retryable || attempts >= settings.maxAttempts()) {
            failed.incrementAndGet();
            LOG.error(
                    "CHECK-IN FAILED {} (order {}) to {} after {} attempt(s): {}",
                    due.id(),
                    due.orderId(),
                    PhoneMask.mask(due.phone()),
                    attempts,
                    error);
            settle(c, due.id(), CheckInState.FAILED, error, now);
            bumpAttempts(c, due.id(), null);
            return;
        }
        LOG.warn(
                "check-in {} to {} attempt {} failed, will retry: {}",
                due.id(),
                PhoneMask.mask(due.phone()),
                attempts,
                error);
        Duration backoff = settings.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 16));
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE check_ins SET last_error = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, error);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, due.id());
            ps.executeUpdate();
        }
        bumpAttempts(c, due.id(), now.plus(backoff));
    }

    private static void bumpAttempts(Connection c, UUID id, Instant next) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE check_ins SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, next == null ? null : Timestamp.from(next));
            ps.setObject(2, id);
            ps.executeUpdate();
        }
    }

    static void settle(Connection c, UUID id, CheckInState state, String note, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE check_ins SET state = ?, last_error = COALESCE(?, last_error), updated_at = ? WHERE id = ?")) {
            ps.setString(1, state.wireName());
            ps.setString(2, note);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setObject(4, id);
            ps.executeUpdate();
        }
    }
}
