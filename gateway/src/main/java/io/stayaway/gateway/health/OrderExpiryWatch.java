package io.stayaway.gateway.health;

import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.gateway.alerting.AlertRaiser;
import io.stayaway.gateway.cluster.Ownership;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises {@link AlertType#ORDER_EXPIRING} for each active order this node owns once its current version's
 * {@code validUntil} is {@link #REVIEW_BEFORE} away: the court and the caseworker then review whether the order
 * should be renewed (an order lasts at most six months, Anti-Domestic Violence Law art. 30), with the renewal
 * review page. The alert's dedupe key holds the order and its {@code validUntil}, so a restart, a second
 * gateway or a repeated check yields one alert, and a renewal (an amendment moving {@code validUntil}) earns a
 * new one before the new end. Thread-safe; its checks run on its own timer thread and only queue triggers.
 */
public final class OrderExpiryWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderExpiryWatch.class);
    /** How long before an order ends its renewal review is due. */
    public static final Duration REVIEW_BEFORE = Duration.ofDays(14);

    private final OrderRegistry orders;
    private final Ownership ownership;
    private final AlertRaiser raiser;
    private final Duration reviewBefore;
    private final Clock clock;
    /** Dedupe keys this process has queued: each is raised once per process (the alert service dedupes across). */
    private final Set<String> raised = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "order-expiry");
        t.setDaemon(true);
        return t;
    });

    public OrderExpiryWatch(
            OrderRegistry orders, Ownership ownership, AlertRaiser raiser, Duration reviewBefore, Clock clock) {
        this.orders = orders;
        this.ownership = ownership;
        this.raiser = raiser;
        this.reviewBefore = reviewBefore;
        this.clock = clock;
    }

    /** Checks now, then every {@code every}, and at once whenever an order is created or changed at any gateway. */
    public void start(Duration every) {
        timer.scheduleWithFixedDelay(this::checkLogged, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        orders.onAdded(doc -> checkSoon());
        orders.onChanged(h -> checkSoon());
        ownership.onChange(this::checkSoon);
    }

    private void checkSoon() {
        try {
            timer.execute(this::checkLogged);
        } catch (RejectedExecutionException e) {
            // Closed: this gateway is stopping, and the next one's start-up check raises what is due.
        }
    }

    private void checkLogged() {
        try {
            check();
        } catch (RuntimeException e) {
            // The next check retries; nothing is marked raised unless it was queued.
            LOG.error("order expiry check failed; retrying at the next check", e);
        }
    }

    /** Queues the ORDER_EXPIRING alert of every owned active order whose review is due; returns how many were queued. */
    public int check() {
        Instant now = clock.instant();
        int queued = 0;
        for (OrderHistory h : orders.histories()) {
            if (!h.active() || !ownership.owns(h.id())) {
                continue;
            }
            OrderDocument doc = h.current().document();
            Instant until = doc.order().validUntil();
            Instant due = until.minus(reviewBefore);
            if (now.isBefore(due) || !now.isBefore(until)) {
                continue;
            }
            AlertTrigger trigger = trigger(h.id(), due, until);
            if (raised.add(trigger.dedupeKey())) {
                raiser.raise(trigger, doc.contacts());
                queued++;
            }
        }
        return queued;
    }

    /** The alert of an order ending at {@code until}, its review due from {@code due}. */
    static AlertTrigger trigger(String orderId, Instant due, Instant until) {
        return new AlertTrigger(
                "order-expiring:" + orderId + ":" + until,
                orderId,
                AlertType.ORDER_EXPIRING,
                null,
                null,
                null,
                due,
                null,
                false,
                null,
                null,
                "the order ends at " + until + "; its renewal review is due (GET /api/orders/" + orderId
                        + "/renewal-review)");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
