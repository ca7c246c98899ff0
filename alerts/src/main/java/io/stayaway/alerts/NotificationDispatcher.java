package io.stayaway.alerts;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * <p>Guarantee: every committed notification is attempted until it is sent or has used up
 * {@code maxAttempts}; every failure costs an attempt (a refusal, any exception from the channel, a
 * status write that fails, a worker that dies mid-send and so loses its lease). A final failure sets
 * its follow-up in motion in the same transaction (a failed desk message escalates, a failed critical
 * SMS becomes a voice call) and is counted in {@link #failedCount()}. A row claimed but not settled
 * (process killed mid-send) is claimed again when its lease expires, so a crash between the
 * provider's acceptance and our commit can send that one message twice; Twilio's Messages API offers
 * no idempotency key to prevent it.
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

    /**
     * Claims and delivers one batch of due rows, then one row whose worker died (its lease ran out)
     * on its own, so a row that kills the worker again costs no other row an attempt; returns how
     * many were handled.
     */
    int deliverDue() throws SQLException {
        List<Claimed> batch = claim("PENDING", settings.batchSize());
        for (Claimed n : batch) {
            deliver(n);
        }
        List<Claimed> abandoned = claim("SENDING", 1);
        for (Claimed n : abandoned) {
            deliver(n);
        }
        return batch.size() + abandoned.size();
    }

    /**
     * A claimed row. {@code attempts} counts this claim; {@code exhausted} when its worker died on the
     * last allowed attempt, so it is failed without another send.
     */
    private record Claimed(
            UUID id,
            UUID alertId,
            String channel,
            String role,
            String to,
            String language,
            String body,
            String idempotencyKey,
            int attempts,
            String lastError,
            boolean exhausted) {}

    /**
     * Claims due rows in {@code state} for one lease; each claim is an attempt. A row still SENDING
     * after its lease was abandoned by a worker that died or hung: that attempt is recorded as lost,
     * and a row whose lost attempt was its last is claimed only to be failed.
     */
    private List<Claimed> claim(String state, int limit) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                UPDATE notifications n
                SET state = 'SENDING',
                    attempts = CASE WHEN due.exhausted THEN n.attempts ELSE n.attempts + 1 END,
                    last_error = CASE WHEN n.state = 'SENDING'
                                      THEN 'attempt ' || n.attempts || ' was not settled within its lease: the worker died or hung'
                                      ELSE n.last_error END,
                    next_attempt_at = ?
                FROM (SELECT id, state = 'SENDING' AND attempts >= ? AS exhausted FROM notifications
                      WHERE state = ? AND next_attempt_at <= ?
                      ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                WHERE n.id = due.id
                RETURNING n.id, n.alert_id, n.channel, n.recipient_role, n.to_number, n.language, n.body,
                          n.idempotency_key, n.attempts, n.last_error, due.exhausted""")) {
            ps.setTimestamp(1, Timestamp.from(now.plus(settings.lease())));
            ps.setInt(2, settings.maxAttempts());
            ps.setString(3, state);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setInt(5, limit);
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
                            rs.getInt(9),
                            rs.getString(10),
                            rs.getBoolean(11)));
                }
            }
            return out;
        }
    }

    /**
     * One attempt. Every failure costs it: a refusal, an exception of any kind from the channel (a bug,
     * the SDK), a status write that fails after the provider accepted. Only the store being unreachable
     * leaves the row to its lease, after which the next claim counts the lost attempt.
     */
    private void deliver(Claimed n) throws SQLException {
        if (n.exhausted()) {
            settleFailure(n, n.lastError(), true);
            return;
        }
        ProviderReceipt receipt;
        try {
            receipt = Objects.requireNonNull(channel.send(message(n)), "the channel returned no receipt");
        } catch (DeliveryException e) {
            settleFailure(n, e.getMessage(), !e.retryable() || lastAttempt(n));
            return;
        } catch (RuntimeException e) {
            LOG.error("notification {} for alert {}: {} failed unexpectedly", n.id(), n.alertId(), channel.name(), e);
            settleFailure(n, channel.name() + " failed: " + e, lastAttempt(n));
            return;
        }
        try {
            if (markSent(n, receipt)) {
                sent.incrementAndGet();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("notification {} for alert {}: accepted as {}, not recorded", n.id(), n.alertId(), receipt, e);
            settleFailure(n, "accepted as " + receipt.providerId() + " but not recorded: " + e, lastAttempt(n));
        }
    }

    private static OutgoingMessage message(Claimed n) {
        OutgoingMessage.Kind kind = "voice".equals(n.channel()) ? OutgoingMessage.Kind.VOICE : OutgoingMessage.Kind.SMS;
        return new OutgoingMessage(kind, n.to(), n.body(), Locale.forLanguageTag(n.language()), n.idempotencyKey());
    }

    private boolean lastAttempt(Claimed n) {
        return n.attempts() >= settings.maxAttempts();
    }

    /** Records the provider's acceptance; false when the claim was lost meanwhile (nothing written). */
    private boolean markSent(Claimed n, ProviderReceipt receipt) throws SQLException {
        Instant now = clock.instant();
        boolean notified;
        Alert alert;
        List<DeliveryFollowUp.Action> earlyReports = List.of();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE notifications SET state = 'SENT', provider_sid = ?, provider_status = ?, sent_at = ?, last_error = NULL
                        WHERE id = ? AND state = 'SENDING' AND attempts = ?""")) {
                    ps.setString(1, receipt.providerId());
                    ps.setString(2, receipt.status());
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setObject(4, n.id());
                    ps.setInt(5, n.attempts());
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        lostClaim(n, "sent as " + receipt.providerId());
                        return false;
                    }
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
        return true;
    }

    /** An outcome that came after the lease: the row is another claim's now, and that claim decides. */
    private static void lostClaim(Claimed n, String outcome) {
        LOG.warn(
                "notification {} for alert {}: attempt {} {} after its lease; not recorded, a later claim holds the row",
                n.id(),
                n.alertId(),
                n.attempts(),
                outcome);
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
                        "duty desk notified at " + PhoneMask.mask(to), // chained and exported: no full number
                        null);
                return true;
            }
            return false;
        }
    }

    /**
     * Records a failed attempt: retried later with backoff, or ({@code giveUp}: the last attempt, or a
     * refusal no retry can fix) FAILED with its follow-up. Should writing the follow-up itself throw, the
     * row is failed without it, so it ends all the same; the alert's escalation timer still runs.
     */
    private void settleFailure(Claimed n, String error, boolean giveUp) throws SQLException {
        if (giveUp) {
            LOG.error(
                    "notification {} for alert {} to {} FAILED after {} attempt(s): {}",
                    n.id(),
                    n.alertId(),
                    n.role(),
                    n.attempts(),
                    error);
        } else {
            LOG.warn(
                    "notification {} for alert {} to {} attempt {} failed, will retry: {}",
                    n.id(),
                    n.alertId(),
                    n.role(),
                    n.attempts(),
                    error);
        }
        try {
            recordFailure(n, error, giveUp);
        } catch (RuntimeException e) {
            if (!giveUp) {
                throw e;
            }
            LOG.error("notification {} for alert {}: its follow-up could not be written", n.id(), n.alertId(), e);
            failWithoutFollowUp(n, error + "; follow-up not written: " + e);
        }
    }

    /** The failure and, on giving up, FAILED with its follow-up (escalation or voice fallback), in one transaction. */
    private void recordFailure(Claimed n, String error, boolean giveUp) throws SQLException {
        Instant now = clock.instant();
        DeliveryFollowUp.Action followUp = DeliveryFollowUp.Action.NONE;
        Alert alert = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!settle(c, n, giveUp ? "FAILED" : "PENDING", error, now.plus(backoff(n.attempts())))) {
                    c.rollback();
                    lostClaim(n, "failed");
                    return;
                }
                if (giveUp) {
                    followUp = DeliveryFollowUp.afterFinalFailure(c, n.id(), escalation, now);
                    alert = AlertRows.load(c, n.alertId()).orElseThrow();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (giveUp) {
            failed.incrementAndGet();
            LOG.error("notification {} for alert {}: {} follows the failure", n.id(), n.alertId(), followUp);
            DeliveryFollowUp.signal(followUp, events);
            events.publish(AlertChange.Kind.DELIVERY, alert);
        }
    }

    private void failWithoutFollowUp(Claimed n, String error) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (settle(c, n, "FAILED", error, clock.instant())) {
                failed.incrementAndGet();
            } else {
                lostClaim(n, "failed");
            }
        }
    }

    /** Moves a row this worker still holds (same claim: SENDING, same attempt) to {@code state}; false when the claim was lost. */
    private static boolean settle(Connection c, Claimed n, String state, String error, Instant nextAttempt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE notifications SET state = ?, last_error = ?, next_attempt_at = ?
                WHERE id = ? AND state = 'SENDING' AND attempts = ?""")) {
            ps.setString(1, state);
            ps.setString(2, error);
            ps.setTimestamp(3, Timestamp.from(nextAttempt));
            ps.setObject(4, n.id());
            ps.setInt(5, n.attempts());
            return ps.executeUpdate() == 1;
        }
    }

    /** 1 s, 2 s, 4 s … capped: spreads retries so a rate-limited provider (HTTP 429) can recover. */
    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration d = settings.firstBackoff().multipliedBy(factor);
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }
}
