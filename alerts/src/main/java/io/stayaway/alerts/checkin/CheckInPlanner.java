package io.stayaway.alerts.checkin;

import io.stayaway.alerts.Recipient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes the check-ins that are owed, idempotently, so any number of gateways may run it at once: the next
 * scheduled check-in of each order and number (unique by slot), and a post-alert check-in for each critical
 * alert found in the database (unique by alert and number, so an alert committed just before a crash still
 * gets its check-in). Stateless; called on the worker thread.
 */
final class CheckInPlanner {
    private final CheckInOrders orders;
    private final CheckInSettings settings;

    CheckInPlanner(CheckInOrders orders, CheckInSettings settings) {
        this.orders = orders;
        this.settings = settings;
    }

    /** Writes the next scheduled check-in of every order and number that has none pending; returns how many. */
    int planScheduled(Connection c, Instant now) throws SQLException {
        Map<String, Latest> latest = latestScheduled(c);
        int created = 0;
        for (CheckInOrder order : orders.all()) {
            if (!order.schedule().enabled() || !now.isBefore(order.validUntil())) {
                continue;
            }
            for (Recipient person : order.protectedPersons()) {
                Latest last = latest.get(order.orderId() + " " + person.phone());
                if (last != null && last.state() == CheckInState.PENDING) {
                    continue;
                }
                Instant slot = nextSlot(order, last, now);
                if (slot.isBefore(order.validUntil())) {
                    created += insert(c, order, person, CheckInKind.SCHEDULED, null, slot, CheckInState.PENDING, now);
                }
            }
        }
        return created;
    }

    /**
     * The slot after the latest one, or after now for a number never checked in; after a long outage at most one
     * overdue slot (within one interval of now) is caught up, not one per missed week.
     */
    private static Instant nextSlot(CheckInOrder order, Latest last, Instant now) {
        Duration every = Duration.ofDays(order.schedule().every().getDays());
        Instant after = last == null ? now : (last.dueAt().isAfter(now.minus(every)) ? last.dueAt() : now.minus(every));
        // Slots are whole seconds: the database keeps microseconds, so a slot computed from a finer validFrom would
        // come back from the database a little earlier than itself and be planned again, forever.
        Instant from = order.validFrom().truncatedTo(ChronoUnit.SECONDS);
        return order.schedule().nextSlot(from, after);
    }

    private record Latest(Instant dueAt, CheckInState state) {}

    private static Map<String, Latest> latestScheduled(Connection c) throws SQLException {
        Map<String, Latest> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT ON (order_id, phone) order_id, phone, due_at, state FROM check_ins
                WHERE kind = 'scheduled' ORDER BY order_id, phone, due_at DESC""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(
                        rs.getString(1) + " " + rs.getString(2),
                        new Latest(rs.getTimestamp(3).toInstant(), CheckInState.fromWire(rs.getString(4))));
            }
        }
        return out;
    }

    /**
     * Writes a post-alert check-in for each number of each critical alert (not itself about a check-in) raised
     * within the look-back that has none yet; one owed while another post-alert check-in to the same number is
     * still pending is written as merged, so a burst of alerts sends her one text. Returns how many were written.
     */
    int planAfterAlerts(Connection c, Instant now) throws SQLException {
        int created = 0;
        for (CriticalAlert alert : criticalAlertsWithoutCheckIn(c, now.minus(settings.alertLookback()))) {
            Optional<CheckInOrder> order = orders.find(alert.orderId());
            if (order.isEmpty()) {
                continue;
            }
            Instant due = alert.openedAt().plus(settings.afterCritical());
            if (!due.isBefore(order.get().validUntil())) {
                continue;
            }
            for (Recipient person : order.get().protectedPersons()) {
                CheckInState state = pendingAfterAlert(c, alert.orderId(), person.phone())
                        ? CheckInState.MERGED
                        : CheckInState.PENDING;
                created += insert(c, order.get(), person, CheckInKind.AFTER_ALERT, alert.id(), due, state, now);
            }
        }
        return created;
    }

    private record CriticalAlert(UUID id, String orderId, Instant openedAt) {}

    private List<CriticalAlert> criticalAlertsWithoutCheckIn(Connection c, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.id, a.order_id, a.opened_at FROM alerts a
                WHERE a.severity = 'critical' AND a.opened_at >= ?
                  AND a.type NOT IN ('CHECK_IN_HELP', 'CHECK_IN_MISSED')
                  AND NOT EXISTS (SELECT 1 FROM check_ins c WHERE c.trigger_alert_id = a.id)
                ORDER BY a.opened_at LIMIT ?""")) {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setInt(2, settings.batchSize());
            List<CriticalAlert> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CriticalAlert(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        }
    }

    private static boolean pendingAfterAlert(Connection c, String orderId, String phone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT 1 FROM check_ins WHERE order_id = ? AND phone = ? AND kind = 'after_alert' AND state = 'pending'""")) {
            ps.setString(1, orderId);
            ps.setString(2, phone);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private int insert(
            Connection c,
            CheckInOrder order,
            Recipient person,
            CheckInKind kind,
            UUID triggerAlertId,
            Instant due,
            CheckInState state,
            Instant now)
            throws SQLException {
        Instant sendAt = settings.quietHours().release(due, order.contacts().timeZone());
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO check_ins (id, order_id, phone, language, kind, trigger_alert_id, due_at, send_at, state,
                                       created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, order.orderId());
            ps.setString(3, person.phone());
            ps.setString(4, person.language().toLanguageTag());
            ps.setString(5, kind.wireName());
            ps.setObject(6, triggerAlertId);
            ps.setTimestamp(7, Timestamp.from(due));
            ps.setTimestamp(8, Timestamp.from(sendAt));
            ps.setString(9, state.wireName());
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setTimestamp(11, Timestamp.from(now));
            return ps.executeUpdate();
        }
    }
}
