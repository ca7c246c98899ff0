package io.stayaway.alerts.checkin;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the check-in worker, in order: plan the scheduled check-ins (once a minute of the clock, and
 * after a pass that sent one), plan the post-alert ones, text the due ones, and settle the unanswered ones (a post-alert one raises
 * CHECK_IN_MISSED). Each unit of work is its own transaction. Confined to the worker thread.
 */
final class CheckInWorker {
    private static final Logger LOG = LoggerFactory.getLogger(CheckInWorker.class);
    /** Scheduled check-ins are a week apart by default: looking for new ones once a minute is plenty. */
    static final Duration PLAN_EVERY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final AlertService alerts;
    private final CheckInOrders orders;
    private final CheckInSettings settings;
    private final CheckInPlanner planner;
    private final CheckInDelivery delivery;
    private Instant lastPlanned;
    /**
     * Plan at the next pass: a check-in left the pending state in the last pass (its number's next slot can be
     * planned now), or an order was created or changed ({@link #ordersChanged}). Set from any thread.
     */
    private final java.util.concurrent.atomic.AtomicBoolean replan = new java.util.concurrent.atomic.AtomicBoolean();

    CheckInWorker(
            DataSource dataSource,
            Clock clock,
            AlertService alerts,
            CheckInOrders orders,
            CheckInSettings settings,
            CheckInDelivery delivery) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.alerts = alerts;
        this.orders = orders;
        this.settings = settings;
        this.planner = new CheckInPlanner(orders, settings);
        this.delivery = delivery;
    }

    /** An order was created or changed (its schedule, validity, parties): plan at the next pass, not within a minute. */
    void ordersChanged() {
        replan.set(true);
    }

    /** Returns how many rows it wrote or settled (0: idle). */
    int runOnce() throws SQLException {
        Instant now = clock.instant();
        int done = 0;
        if (replan.getAndSet(false) || lastPlanned == null || !now.isBefore(lastPlanned.plus(PLAN_EVERY))) {
            done += inTransaction(c -> planner.planScheduled(c, now));
            lastPlanned = now;
        }
        done += inTransaction(c -> planner.planAfterAlerts(c, now));
        for (int i = 0; i < settings.batchSize(); i++) {
            if (inTransaction(c -> delivery.sendOne(c, clock.instant()) ? 1 : 0) == 0) {
                break;
            }
            done++;
            replan.set(true);
        }
        for (int i = 0; i < settings.batchSize(); i++) {
            if (inTransaction(c -> settleUnanswered(c, clock.instant()) ? 1 : 0) == 0) {
                break;
            }
            done++;
        }
        return done;
    }

    @FunctionalInterface
    private interface Work {
        int run(Connection c) throws SQLException;
    }

    private int inTransaction(Work work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n = work.run(c);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private record Unanswered(
            UUID id, String orderId, CheckInKind kind, UUID triggerAlertId, Instant sentAt, Instant replyDueAt) {}

    /**
     * Settles one sent check-in whose reply is overdue: a post-alert one raises CHECK_IN_MISSED (its own
     * transaction, idempotent by the dedupe key {@code check-in-missed:<id>}, so a crash before our commit
     * raises nothing twice) and becomes {@code missed}; a scheduled one becomes {@code no_reply}.
     */
    private boolean settleUnanswered(Connection c, Instant now) throws SQLException {
        Optional<Unanswered> claimed = claimUnanswered(c, now);
        if (claimed.isEmpty()) {
            return false;
        }
        Unanswered u = claimed.get();
        if (u.kind() == CheckInKind.SCHEDULED) {
            CheckInDelivery.settle(c, u.id(), CheckInState.NO_REPLY, null, now);
            return true;
        }
        Optional<CheckInOrder> order = orders.find(u.orderId());
        if (order.isEmpty()) {
            LOG.warn("check-in {} unanswered, but order {} is gone: no CHECK_IN_MISSED", u.id(), u.orderId());
            CheckInDelivery.settle(c, u.id(), CheckInState.NO_REPLY, "the order was terminated", now);
            return true;
        }
        alerts.raise(
                new AlertTrigger(
                        "check-in-missed:" + u.id(),
                        u.orderId(),
                        AlertType.CHECK_IN_MISSED,
                        null,
                        null,
                        "protected",
                        u.replyDueAt(),
                        null,
                        false,
                        null,
                        null,
                        "no reply to the safety check-in sent at " + u.sentAt() + " after critical alert "
                                + u.triggerAlertId()),
                order.get().contacts());
        CheckInDelivery.settle(c, u.id(), CheckInState.MISSED, null, now);
        return true;
    }

    private static Optional<Unanswered> claimUnanswered(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, order_id, kind, trigger_alert_id, sent_at, reply_due_at FROM check_ins
                WHERE state = 'sent' AND reply_due_at <= ? ORDER BY reply_due_at LIMIT 1 FOR UPDATE SKIP LOCKED""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Unanswered(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        CheckInKind.fromWire(rs.getString(3)),
                        rs.getObject(4, UUID.class),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6).toInstant()));
            }
        }
    }
}
