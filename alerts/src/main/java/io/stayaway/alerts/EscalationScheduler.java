package io.stayaway.alerts;

import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.notify.PhoneMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the escalation steps that have fallen due (issue 6, "Escalation"): level 1 calls every duty
 * desk phone by voice, level 2 calls the supervisor (or the desk again when the order names none).
 * Due times live in the database ({@code alerts.escalate_at}), so timers survive a restart, and due
 * alerts are claimed with {@code FOR UPDATE SKIP LOCKED}, so several gateways never take the same
 * step twice. Each step is one transaction: the escalation record, the voice calls in the outbox and
 * the next due time. Runs on its own thread ({@code alert-escalation}); {@link #wake()} is thread-safe.
 */
public final class EscalationScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationScheduler.class);

    private final DataSource dataSource;
    private final MessageTemplates templates;
    private final Clock clock;
    private final EscalationPolicy policy;
    private final AlertEvents events;
    private final PollingWorker worker;
    private final AtomicLong failures = new AtomicLong();

    private static final ZoneId UTC = ZoneId.of("UTC");

    /** How long a step that failed waits before it is tried again. */
    static final Duration RETRY_FAILED_STEP = Duration.ofSeconds(15);

    public EscalationScheduler(
            DataSource dataSource,
            MessageTemplates templates,
            Clock clock,
            EscalationPolicy policy,
            AlertEvents events) {
        this.dataSource = dataSource;
        this.templates = templates;
        this.clock = clock;
        this.policy = policy;
        this.events = events;
        this.worker = new PollingWorker("alert-escalation", policy.poll(), this::escalateDue);
        events.onEscalationWork(this::wake);
    }

    public void start() {
        worker.start();
    }

    /** Asks the scheduler to look for due escalations now. */
    public void wake() {
        worker.wake();
    }

    @Override
    public void close() {
        worker.close();
    }

    /** Claims due alerts and takes one escalation step for each, in one transaction; returns how many. */
    int escalateDue() throws SQLException {
        Instant now = clock.instant();
        List<Alert> escalated = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Due due : claimDue(c, now)) {
                    if (takeStepOrPostpone(c, due, now)) {
                        escalated.add(AlertRows.load(c, due.alert().id()).orElseThrow());
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (!escalated.isEmpty()) {
            events.wakeOutbox();
            escalated.forEach(a -> events.publish(AlertChange.Kind.ESCALATED, a));
        }
        return escalated.size();
    }

    private record Due(Alert alert, EscalationReason reason, ZoneId zone, String station) {}

    /**
     * Takes the alert's step inside a savepoint. A step that fails (a bug, a template that cannot be rendered,
     * a row the database refuses) is undone for this alert alone, counted, logged as an error and tried again after {@link #RETRY_FAILED_STEP}:
     * before, one such alert rolled back the whole batch on every poll, and no alert escalated at all.
     */
    private boolean takeStepOrPostpone(Connection c, Due due, Instant now) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            takeStep(c, due, now);
            c.releaseSavepoint(before);
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback(before);
            failures.incrementAndGet();
            LOG.error(
                    "ESCALATION FAILED for alert {} ({} on order {}), retrying in {}: {}",
                    due.alert().id(),
                    due.alert().type(),
                    due.alert().orderId(),
                    RETRY_FAILED_STEP,
                    e.toString(),
                    e);
            postpone(c, due.alert().id(), now.plus(RETRY_FAILED_STEP));
            return false;
        }
    }

    private static void postpone(Connection c, UUID alertId, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET escalate_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(until));
            ps.setObject(2, alertId);
            ps.executeUpdate();
        }
    }

    /** Escalation steps that failed and were postponed (each a late escalation): a metric to alarm on. */
    public long failureCount() {
        return failures.get();
    }

    private List<Due> claimDue(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT * FROM alerts
                WHERE escalate_at <= ? AND state IN ('OPEN', 'NOTIFIED') AND escalation_level < ?
                ORDER BY escalate_at LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, EscalationPolicy.MAX_LEVEL);
            ps.setInt(3, policy.batchSize());
            List<Due> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Alert alert = AlertRows.alert(rs);
                    out.add(new Due(
                            alert,
                            reasonOf(alert, rs.getString("escalate_reason")),
                            zoneOf(alert, rs.getString("time_zone")),
                            rs.getString("station")));
                }
            }
            return out;
        }
    }

    /** The stored reason; one this version does not know still escalates, as an acknowledgement timeout. */
    private static EscalationReason reasonOf(Alert alert, String stored) {
        if (stored == null) {
            return EscalationReason.ACK_TIMEOUT;
        }
        try {
            return EscalationReason.valueOf(stored);
        } catch (IllegalArgumentException e) {
            LOG.error("alert {}: unknown escalation reason '{}', escalating as ACK_TIMEOUT", alert.id(), stored);
            return EscalationReason.ACK_TIMEOUT;
        }
    }

    /** The order's time zone for the call's wording; one the JDK cannot read still escalates, with times in UTC. */
    private static ZoneId zoneOf(Alert alert, String stored) {
        if (stored == null) {
            return UTC;
        }
        try {
            return ZoneId.of(stored);
        } catch (DateTimeException e) {
            LOG.error("alert {}: unusable time zone '{}', escalating with times in UTC", alert.id(), stored);
            return UTC;
        }
    }

    private void takeStep(Connection c, Due due, Instant now) throws SQLException {
        Alert alert = due.alert();
        int level = alert.escalationLevel() + 1;
        List<Recipient> targets = targets(c, alert.id(), level);
        for (Recipient target : targets) {
            String body = templates.renderEscalation(
                    due.reason(),
                    target.role(),
                    alert.type(),
                    target.language(),
                    alert.orderId(),
                    alert.eventTime(),
                    due.zone(),
                    alert.ruleId(),
                    alert.minDistanceMetres(),
                    due.station());
            String key = alert.id() + ":escalation-" + level + ":"
                    + target.role().wireName() + ":" + target.phone() + ":" + Outbox.VOICE;
            Outbox.add(
                    c,
                    alert.id(),
                    key,
                    Outbox.VOICE,
                    target.role().wireName(),
                    target.phone(),
                    target.language().toLanguageTag(),
                    body,
                    Outbox.Purpose.ESCALATION,
                    now);
        }
        String described =
                targets.isEmpty() ? "nobody: the alert has no duty desk contacts on record" : describe(targets);
        recordEscalation(c, alert.id(), level, due.reason(), described, now);
        Instant next = level < EscalationPolicy.MAX_LEVEL && policy.escalatesUnacknowledged(alert.severity())
                ? now.plus(policy.supervisorAfter())
                : null;
        setLevel(c, alert.id(), level, next, now);
        LOG.warn(
                "alert {} ({} on order {}) escalated to level {} ({}): calling {}",
                alert.id(),
                alert.type(),
                alert.orderId(),
                level,
                due.reason(),
                targets.isEmpty() ? described : describeMasked(targets));
    }

    /** Level 1: every duty desk phone. Level 2: the supervisor, or the desk again when there is none. */
    private static List<Recipient> targets(Connection c, UUID alertId, int level) throws SQLException {
        if (level >= 2) {
            List<Recipient> supervisors = recipients(c, alertId, RecipientRole.SUPERVISOR);
            if (!supervisors.isEmpty()) {
                return supervisors;
            }
        }
        return recipients(c, alertId, RecipientRole.DESK);
    }

    private static List<Recipient> recipients(Connection c, UUID alertId, RecipientRole role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT phone, language FROM alert_recipients WHERE alert_id = ? AND role = ? ORDER BY phone")) {
            ps.setObject(1, alertId);
            ps.setString(2, role.wireName());
            List<Recipient> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Recipient(
                            role, rs.getString("phone"), Locale.forLanguageTag(rs.getString("language"))));
                }
            }
            return out;
        }
    }

    /** {@link #describe} for the log: the numbers masked ({@link PhoneMask}); the escalation row keeps them whole. */
    private static String describeMasked(List<Recipient> targets) {
        return targets.get(0).role().wireName() + " "
                + targets.stream().map(r -> PhoneMask.mask(r.phone())).collect(Collectors.joining(", "));
    }

    private static String describe(List<Recipient> targets) {
        return targets.get(0).role().wireName() + " "
                + targets.stream().map(Recipient::phone).collect(Collectors.joining(", "));
    }

    private static void recordEscalation(
            Connection c, UUID alertId, int level, EscalationReason reason, String target, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_escalations (alert_id, level, reason, target, at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, alertId);
            ps.setInt(2, level);
            ps.setString(3, reason.name());
            ps.setString(4, target);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static void setLevel(Connection c, UUID alertId, int level, Instant next, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alerts SET escalation_level = ?, escalate_at = ?, escalate_reason = ?, updated_at = ? WHERE id = ?""")) {
            ps.setInt(1, level);
            ps.setTimestamp(2, next == null ? null : Timestamp.from(next));
            ps.setString(3, next == null ? null : EscalationReason.ACK_TIMEOUT.name());
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setObject(5, alertId);
            ps.executeUpdate();
        }
    }
}
