package io.stayaway.alerts;

import io.stayaway.alerts.notify.DeliveryException;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.OutgoingMessage;
import io.stayaway.alerts.notify.ProviderReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the notification outbox: claims due rows, hands them to the channel outside any
 * transaction, and records the outcome, retrying with exponential backoff. Runs on its own thread;
 * {@link #wake()} is thread-safe.
 *
 * <p>Guarantee: every committed notification is attempted until it is sent or has failed
 * {@code maxAttempts} times; a final failure sets its follow-up in motion in the same transaction
 * (a failed desk message escalates, a failed critical SMS becomes a voice call). A row claimed but not settled (process killed mid-send) is claimed
 * again when its lease expires, so a crash between the provider's acceptance and our commit can
 * send that one message twice; Twilio's Messages API offers no idempotency key to prevent it.
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final DataSource dataSource;
    private final NotificationChannel channel;
    private final Clock clock;
    private final Settings settings;
    private final AlertEvents events;
    private final EscalationPolicy escalation;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final PollingWorker worker;

    /** Tuning of delivery; see each field. */
    public record Settings(
            int maxAttempts,
            Duration firstBackoff,
            Duration maxBackoff,
            Duration lease,
            Duration idlePoll,
            int batchSize) {
        public Settings {
            if (maxAttempts < 1 || batchSize < 1) {
                throw new IllegalArgumentException("maxAttempts and batchSize must be >= 1");
            }
        }

        /** 8 attempts over about 2 minutes, a 30 s lease, polling every 500 ms when idle. */
        public static Settings defaults() {
            return new Settings(
                    8,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30),
                    Duration.ofMillis(500),
                    20);
        }
    }

    public NotificationDispatcher(DataSource dataSource, NotificationChannel channel, Clock clock, Settings settings) {
        this(dataSource, channel, clock, settings, new AlertEvents(), EscalationPolicy.defaults());
    }

    /** The dispatcher as {@link Alerting} builds it: woken by the module's signals, escalating failed desk deliveries by its policy. */
    public NotificationDispatcher(
            DataSource dataSource,
            NotificationChannel channel,
            Clock clock,
            Settings settings,
            AlertEvents events,
            EscalationPolicy escalation) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
        this.escalation = escalation;
        this.worker = new PollingWorker("notification-dispatcher", settings.idlePoll(), this::deliverDue);
        events.onOutboxWork(this::wake);
    }

    public void start() {
        worker.start();
    }

    /** Asks the dispatcher to look for due notifications now. */
    public void wake() {
        worker.wake();
    }

    public long sentCount() {
        return sent.get();
    }

    public long failedCount() {
        return failed.get();
    }

    @Override
    public void close() {
        worker.close();
    }

    /** Claims and delivers one batch; returns how many were handled. */
    int deliverDue() throws SQLException {
        List<Claimed> batch = claim();
        for (Claimed n : batch) {
            deliver(n);
        }
        return batch.size();
    }

    private record Claimed(
            UUID id,
            UUID alertId,
            String channel,
            String role,
            String to,
            String language,
            String body,
            String idempotencyKey,
            int attempts) {}

    private List<Claimed> claim() throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                UPDATE notifications SET state = 'SENDING', attempts = attempts + 1, next_attempt_at = ?
                WHERE id IN (SELECT id FROM notifications
                             WHERE state IN ('PENDING', 'SENDING') AND next_attempt_at <= ?
                             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, alert_id, channel, recipient_role, to_number, language, body, idempotency_key, attempts""")) {
            ps.setTimestamp(1, Timestamp.from(now.plus(settings.lease())));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setInt(3, settings.batchSize());
            List<Claimed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Claimed(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getInt(9)));
                }
            }
            return out;
        }
    }

    private void deliver(Claimed n) throws SQLException {
        OutgoingMessage.Kind kind = "voice".equals(n.channel()) ? OutgoingMessage.Kind.VOICE : OutgoingMessage.Kind.SMS;
        OutgoingMessage message =
                new OutgoingMessage(kind, n.to(), n.body(), Locale.forLanguageTag(n.language()), n.idempotencyKey());
        try {
            ProviderReceipt receipt = channel.send(message);
            markSent(n, receipt);
            sent.incrementAndGet();
        } catch (DeliveryException e) {
            boolean giveUp = !e.retryable() || n.attempts() >= settings.maxAttempts();
            if (giveUp) {
                failed.incrementAndGet();
                LOG.error(
                        "notification {} for alert {} to {} FAILED after {} attempt(s): {}",
                        n.id(),
                        n.alertId(),
                        n.role(),
                        n.attempts(),
                        e.getMessage());
            } else {
                LOG.warn(
                        "notification {} for alert {} to {} attempt {} failed, will retry: {}",
                        n.id(),
                        n.alertId(),
                        n.role(),
                        n.attempts(),
                        e.getMessage());
            }
            markFailedAttempt(n, e.getMessage(), giveUp);
        }
    }

    private void markSent(Claimed n, ProviderReceipt receipt) throws SQLException {
        Instant now = clock.instant();
        boolean notified;
        Alert alert;
        List<DeliveryFollowUp.Action> earlyReports = List.of();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE notifications SET state = 'SENT', provider_sid = ?, provider_status = ?, sent_at = ?, last_error = NULL
                        WHERE id = ?""")) {
                    ps.setString(1, receipt.providerId());
                    ps.setString(2, receipt.status());
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setObject(4, n.id());
                    ps.executeUpdate();
                }
                notified = "desk".equals(n.role()) && markAlertNotified(c, n.alertId(), now, n.to());
                if (receipt.providerId() != null) {
                    earlyReports = ProviderReports.applyEarly(c, n.id(), receipt.providerId(), escalation, now);
                }
                alert = AlertRows.load(c, n.alertId()).orElseThrow();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        earlyReports.forEach(action -> DeliveryFollowUp.signal(action, events));
        events.publish(notified ? AlertChange.Kind.TRANSITIONED : AlertChange.Kind.DELIVERY, alert);
    }

    /** OPEN → NOTIFIED once the first duty desk notification is accepted by the provider; true when this call moved it. */
    private static boolean markAlertNotified(Connection c, UUID alertId, Instant now, String to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alerts SET state = 'NOTIFIED', updated_at = ? WHERE id = ? AND state = 'OPEN'")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setObject(2, alertId);
            if (ps.executeUpdate() == 1) {
                AlertService.insertTransition(
                        c,
                        alertId,
                        AlertState.OPEN,
                        AlertState.NOTIFIED,
                        AlertService.SYSTEM_ACTOR,
                        now,
                        "duty desk notified at " + to,
                        null);
                return true;
            }
            return false;
        }
    }

    /**
     * Records a failed attempt: retried later with backoff, or, on the last attempt or a refusal no
     * retry can fix, FAILED together with its follow-up (escalation or voice fallback) in one transaction.
     */
    private void markFailedAttempt(Claimed n, String error, boolean giveUp) throws SQLException {
        Instant now = clock.instant();
        Duration backoff = backoff(n.attempts());
        DeliveryFollowUp.Action followUp = DeliveryFollowUp.Action.NONE;
        Alert alert;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE notifications SET state = ?, last_error = ?, next_attempt_at = ? WHERE id = ?")) {
                    ps.setString(1, giveUp ? "FAILED" : "PENDING");
                    ps.setString(2, error);
                    ps.setTimestamp(3, Timestamp.from(now.plus(backoff)));
                    ps.setObject(4, n.id());
                    ps.executeUpdate();
                }
                if (giveUp) {
                    followUp = DeliveryFollowUp.afterFinalFailure(c, n.id(), escalation, now);
                }
                alert = AlertRows.load(c, n.alertId()).orElseThrow();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (giveUp) {
            LOG.error("notification {} for alert {}: {} follows the failure", n.id(), n.alertId(), followUp);
            DeliveryFollowUp.signal(followUp, events);
            events.publish(AlertChange.Kind.DELIVERY, alert);
        }
    }

    /** 1 s, 2 s, 4 s … capped: spreads retries so a rate-limited provider (HTTP 429) can recover. */
    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration d = settings.firstBackoff().multipliedBy(factor);
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }
}
