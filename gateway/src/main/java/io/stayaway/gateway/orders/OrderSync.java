package io.stayaway.gateway.orders;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an order created, amended or terminated on any gateway in force on every gateway at once. Each
 * change this node commits is published on {@link #ADDRESS} ({@code {"orderId", "version",
 * "terminated"}}); every node, this one included, takes it in with {@link OrderRegistry#refresh},
 * which reads the order from the database and tells its listeners (evaluation follows orders through
 * them) only when the stored state is ahead of the one held. The node that made the change holds it
 * already, so it skips the announcement without a read: each change reaches each node's listeners once.
 *
 * <p>Safety net for a missed announcement (a node joining, a partition, a failed read): every
 * {@link #RECONCILE_EVERY} and once at start, {@link OrderRegistry#refreshStale} compares every order's
 * stored version count and termination with this node's and refreshes those that are behind. A reload on
 * a miss covers the scope checks in between (the API reads an order it does not hold from the database).
 * The same calls work on a clustered Vert.x (every gateway) and a local one (this process). Event-loop
 * for the bus; the reads run on a worker, one at a time.
 */
public final class OrderSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderSync.class);
    /** The event-bus address of committed order changes. */
    public static final String ADDRESS = "stayaway.orders.changed";
    /** How often every order's stored state is compared with this node's. */
    public static final Duration RECONCILE_EVERY = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final OrderRegistry orders;
    private final MessageConsumer<JsonObject> consumer;
    private final Duration reconcileEvery;
    private final long reconcileTimer;
    private volatile boolean closed;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong reconciled = new AtomicLong();

    private OrderSync(Vertx vertx, OrderRegistry orders, Duration reconcileEvery) {
        this.vertx = vertx;
        this.orders = orders;
        this.reconcileEvery = reconcileEvery;
        this.consumer = vertx.eventBus().consumer(ADDRESS, this::onAnnounced);
        orders.onWritten(this::announce);
        consumer.completion().onComplete(ar -> reconcile());
        this.reconcileTimer = vertx.setPeriodic(reconcileEvery.toMillis(), id -> reconcile());
    }

    /** Starts following the other gateways' order changes and announcing this one's; reconciles every {@link #RECONCILE_EVERY}. */
    public static OrderSync start(Vertx vertx, OrderRegistry orders) {
        return start(vertx, orders, RECONCILE_EVERY);
    }

    /** As {@link #start(Vertx, OrderRegistry)}, reconciling every {@code reconcileEvery} (tests shorten it). */
    public static OrderSync start(Vertx vertx, OrderRegistry orders, Duration reconcileEvery) {
        return new OrderSync(vertx, orders, reconcileEvery);
    }

    /** The writing thread, after the commit: tells every node (this one too). */
    private void announce(OrderHistory written) {
        if (closed) {
            return; // shutting down: the others' reconcile takes the change in
        }
        vertx.eventBus()
                .publish(
                        ADDRESS,
                        new JsonObject()
                                .put("orderId", written.id())
                                .put("version", written.current().number())
                                .put("terminated", !written.active()));
    }

    private void onAnnounced(Message<JsonObject> message) {
        JsonObject body = message.body();
        String id = body.getString("orderId");
        if (id == null
                || !OrderRegistry.isAhead(
                        orders.history(id).orElse(null),
                        body.getInteger("version", Integer.MAX_VALUE),
                        body.getBoolean("terminated", false))) {
            return; // held already: the change was made here, or taken in by a reconcile
        }
        vertx.executeBlocking(() -> orders.refresh(id))
                .onFailure(e -> fail("order " + id + " changed on another gateway could not be read", e));
    }

    private void reconcile() {
        vertx.executeBlocking(orders::refreshStale)
                .onSuccess(n -> {
                    if (n > 0) {
                        reconciled.addAndGet(n);
                        LOG.warn("took in {} order change(s) whose announcement this gateway missed", n);
                    }
                })
                .onFailure(e -> fail("orders could not be compared with the database", e));
    }

    /** An order change not taken in yet: counted and logged loudly (until the next reconcile, evaluation may miss it). */
    private void fail(String what, Throwable e) {
        failures.incrementAndGet();
        LOG.error(
                "{}; retried within {} s — until then this gateway may evaluate an outdated order: {}",
                what,
                reconcileEvery.toSeconds(),
                e.toString());
    }

    /** Announcements or reconciles that could not be completed (each retried by the next reconcile). */
    public long failureCount() {
        return failures.get();
    }

    /** Order changes taken in by a reconcile rather than by their announcement. */
    public long reconciledCount() {
        return reconciled.get();
    }

    @Override
    public void close() {
        closed = true;
        vertx.cancelTimer(reconcileTimer);
        consumer.unregister();
    }
}
