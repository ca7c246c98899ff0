package io.stayaway.gateway.cluster;

import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the orders this node holds in step with the orders it owns ({@link Ownership}): when the cluster
 * changes (a node joins, leaves or dies, partitions migrate) or an order appears or ends, it compares the
 * active orders this node owns with those it holds, and tells each holder (evaluation, device health) which
 * orders to take on, restoring them from storage, and which to let go. A holder must accept an order it
 * already holds and one it never held. Also re-checks every {@value #RECHECK_SECONDS} s, so a missed cluster
 * event costs at most that (a re-check looks up the owner of every active order). Runs on its own thread, {@code order-ownership}; the set it reports is thread-safe.
 */
public final class OwnedOrders implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedOrders.class);

    /** A part that holds per-order state and must restore it when it takes an order on. */
    public interface Holder {
        /** Takes these orders on; blocks until they are restored (evaluation replays what it has not seen). */
        void acquire(List<OrderHistory> orders);

        /** Lets these orders go: saves what another node will restore, forgets the rest. */
        void release(List<String> orderIds);
    }

    static final long RECHECK_SECONDS = 5;

    private final Ownership ownership;
    private final OrderRegistry orders;
    private final List<Holder> holders;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicLong handovers = new AtomicLong();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "order-ownership");
        t.setDaemon(true);
        return t;
    });

    public OwnedOrders(Ownership ownership, OrderRegistry orders, List<Holder> holders) {
        this.ownership = ownership;
        this.orders = orders;
        this.holders = List.copyOf(holders);
    }

    /**
     * Takes on every order this node owns now (blocking until each holder has restored them: call before the
     * transports open), then follows changes.
     */
    public void start() {
        reconcile();
        ownership.onChange(this::request);
        orders.onAdded(doc -> request());
        orders.onChanged(history -> request());
        thread.scheduleWithFixedDelay(this::request, RECHECK_SECONDS, RECHECK_SECONDS, TimeUnit.SECONDS);
    }

    private void request() {
        if (requested.compareAndSet(false, true)) {
            thread.execute(() -> {
                requested.set(false);
                try {
                    reconcile();
                } catch (RuntimeException e) {
                    LOG.error(
                            "ORDER OWNERSHIP: could not take on or let go of orders (retried at the next re-check): {}",
                            e.toString(),
                            e);
                }
            });
        }
    }

    private void reconcile() {
        List<OrderHistory> gained = new ArrayList<>();
        Set<String> owned = ConcurrentHashMap.newKeySet();
        for (OrderHistory h : orders.histories()) {
            if (h.active() && ownership.owns(h.id())) {
                owned.add(h.id());
                if (!held.contains(h.id())) {
                    gained.add(h);
                }
            }
        }
        List<String> lost = held.stream().filter(id -> !owned.contains(id)).toList();
        if (!lost.isEmpty()) {
            LOG.info("letting go of {} order(s) now owned elsewhere", lost.size());
            holders.forEach(h -> h.release(lost));
            lost.forEach(held::remove);
        }
        if (!gained.isEmpty()) {
            LOG.info("taking on {} order(s)", gained.size());
            holders.forEach(h -> h.acquire(gained));
            gained.forEach(h -> held.add(h.id()));
            handovers.addAndGet(gained.size());
        }
    }

    /** The active orders this node holds now. */
    public Set<String> held() {
        return Set.copyOf(held);
    }

    /** Orders taken on since start (at start-up included). */
    public long takenOnCount() {
        return handovers.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
