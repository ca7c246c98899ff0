package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The protected person's warning texts as the database holds them, for {@link WarningBudget}: the lock under
 * which one order's raises take turns, the warning texts she was sent, and the row that records a withheld
 * one (alerts/README.md, "Routing"). Stateless; works in the caller's transaction.
 */
final class WarningTexts {
    /**
     * The advisory-lock class of warning budgets: the two-key form {@code (class, hashtext(order))}, a key
     * space apart from the one-key locks of the gateway (login throttle, retention).
     */
    static final int LOCK_CLASS = 18_003;

    private static final String[] WARNING_TYPES = Arrays.stream(AlertType.values())
            .filter(WarningBudget::isWarning)
            .map(AlertType::name)
            .toArray(String[]::new);
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private WarningTexts() {}

    /**
     * Makes this transaction the only one judging warnings of {@code orderId} until it ends: of two gateways
     * raising warnings for one order at once, the second counts after the first committed (READ COMMITTED
     * takes a fresh snapshot per statement), so both cannot pass the cap. Lock order: the new alert's row and
     * chain head (already held) before this lock; nothing that holds this lock waits for another alert.
     */
    static void lockOrder(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setString(2, orderId);
            ps.executeQuery().close();
        }
    }

    /**
     * When warning texts of {@code orderId} went to {@code phone} in the day before {@code at} (a little
     * more; the budget ignores older ones): owed, being sent or sent, not suppressed and not finally failed
     * (a text that never reached her does not wear her out). The time is when it was accepted by the
     * provider, or when it was owed if not yet.
     */
    static List<Instant> sentTo(Connection c, String orderId, String phone, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(n.sent_at, n.created_at)
                FROM alerts a JOIN notifications n ON n.alert_id = a.id
                WHERE a.order_id = ? AND a.opened_at > ? AND a.type = ANY (?)
                  AND n.recipient_role = 'protected' AND n.to_number = ? AND n.channel = 'sms'
                  AND n.state IN ('PENDING', 'SENDING', 'SENT')""")) {
            ps.setString(1, orderId);
            ps.setTimestamp(2, Timestamp.from(at.minus(WarningBudget.DAY).minus(Duration.ofHours(1))));
            ps.setArray(3, c.createArrayOf("text", WARNING_TYPES));
            ps.setString(4, phone);
            List<Instant> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).toInstant());
                }
            }
            return out;
        }
    }

    /**
     * Records the text the budget withheld: a notification row in state SUPPRESSED with the key, recipient
     * and body it would have had, the reason, the text the reason rests on and the rule in force. The
     * notifications trigger chains it into the alert's evidence.
     */
    static void suppress(
            Connection c,
            UUID alertId,
            String idempotencyKey,
            Recipient recipient,
            String body,
            WarningBudget budget,
            WarningBudget.Judgement judgement,
            ZoneId zone,
            Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notifications (id, alert_id, idempotency_key, channel, recipient_role, to_number, language, body,
                                           state, attempts, next_attempt_at, created_at, purpose, suppressed_reason,
                                           suppressed_after, budget_repeat_quiet, budget_daily_cap, suppressed_note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SUPPRESSED', 0, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING""")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, alertId);
            ps.setString(3, idempotencyKey);
            ps.setString(4, Outbox.SMS);
            ps.setString(5, recipient.role().wireName());
            ps.setString(6, recipient.phone());
            ps.setString(7, recipient.language().toLanguageTag());
            ps.setString(8, body);
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setString(11, Outbox.Purpose.INITIAL.wireName());
            ps.setString(12, judgement.decision().wireName());
            ps.setTimestamp(13, judgement.reference() == null ? null : Timestamp.from(judgement.reference()));
            ps.setString(14, budget.repeatQuiet().toString());
            ps.setInt(15, budget.dailyCap());
            ps.setString(16, note(budget, judgement, zone));
            ps.executeUpdate();
        }
    }

    /** Why the text was withheld, in English, with times in the order's zone (no number, no position). */
    static String note(WarningBudget budget, WarningBudget.Judgement judgement, ZoneId zone) {
        String why = switch (judgement.decision()) {
            case SUPPRESSED_REPEAT ->
                "a repeat within " + budget.quietText() + " of the warning text sent at "
                        + CLOCK_TIME.format(judgement.reference().atZone(zone)) + " (" + zone.getId() + ")";
            case SUPPRESSED_DAILY_CAP ->
                budget.dailyCap() == 0
                        ? "the daily cap is 0 (no warning texts to her)"
                        : "the daily cap of " + budget.dailyCap() + " warning texts per rolling 24 h is reached ("
                                + judgement.sentInWindow() + " sent since "
                                + DAY_TIME.format(judgement.reference().atZone(zone)) + " (" + zone.getId()
                                + "))";
            case SEND -> throw new IllegalArgumentException("a text the budget lets through is not suppressed");
        };
        return "Warning text to the protected person not sent: " + why + ". Rule: " + budget.describe()
                + "; critical alerts are never suppressed.";
    }
}
