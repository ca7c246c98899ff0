package io.stayaway.gateway;

import io.stayaway.gateway.ClusterNode.ClusterView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Asks every node that is up for {@code GET /api/cluster} every {@value #PERIOD_MILLIS} ms, on a thread of
 * its own, and keeps each node's latest answer and the history of which orders it owned (an entry each
 * time the set changes or the node stops answering). From that history: which node owned an order at an
 * instant, and whether that was settled (no node gained or lost it within a second either side).
 * Thread-safe.
 */
final class ClusterWatch implements AutoCloseable {
    static final long PERIOD_MILLIS = 100;

    private final List<ClusterNode> nodes;
    private final Supplier<String> token;
    private final Map<String, ClusterView> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Ownership>> history = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Orders a node owned from {@code fromMillis} on (null: the node did not say, being down or failing). */
    private record Ownership(long fromMillis, Set<String> orders) {}

    ClusterWatch(List<ClusterNode> nodes, Supplier<String> token) {
        this.nodes = nodes;
        this.token = token;
        for (ClusterNode n : nodes) {
            history.put(n.name, new ArrayList<>());
        }
        thread = new Thread(this::poll, "cluster-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            long started = System.currentTimeMillis();
            for (ClusterNode n : nodes) {
                ClusterView v = n.up() ? n.view(token.get()) : ClusterView.failed(n.name, started, "down");
                latest.put(n.name, v);
                remember(n.name, v);
            }
            long left = PERIOD_MILLIS - (System.currentTimeMillis() - started);
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void remember(String node, ClusterView v) {
        Set<String> owned = v.ok() ? Set.copyOf(v.orders().keySet()) : null;
        List<Ownership> h = history.get(node);
        synchronized (h) {
            Set<String> previous = h.isEmpty() ? Set.of() : h.get(h.size() - 1).orders();
            if (h.isEmpty() || !java.util.Objects.equals(previous, owned)) {
                h.add(new Ownership(v.atMillis(), owned));
            }
        }
    }

    /** The node's latest answer (a failed one while it is down), or empty before the first. */
    Optional<ClusterView> latest(ClusterNode node) {
        return Optional.ofNullable(latest.get(node.name));
    }

    /** Waits for an answer of {@code node} taken after {@code afterMillis}; empty when none came in 2 s. */
    Optional<ClusterView> fresh(ClusterNode node, long afterMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2_000;
        while (System.currentTimeMillis() < deadline) {
            ClusterView v = latest.get(node.name);
            if (v != null && v.atMillis() > afterMillis) {
                return Optional.of(v);
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /**
     * The node (by name) that owned {@code orderId} at {@code atMillis}, if exactly one did and the
     * ownership was settled: every node said the same about the order from a second before to a second after.
     */
    Optional<String> settledOwner(String orderId, long atMillis) {
        Set<String> before = owners(orderId, atMillis - 1_000);
        if (before.size() != 1) {
            return Optional.empty();
        }
        for (long t = atMillis - 1_000 + PERIOD_MILLIS; t <= atMillis + 1_000; t += PERIOD_MILLIS) {
            if (!before.equals(owners(orderId, t))) {
                return Optional.empty();
            }
        }
        return Optional.of(before.iterator().next());
    }

    /** The nodes whose latest answer at or before {@code atMillis} lists the order (a node down lists none). */
    private Set<String> owners(String orderId, long atMillis) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, List<Ownership>> e : history.entrySet()) {
            List<Ownership> h = e.getValue();
            synchronized (h) {
                Ownership at = null;
                for (Ownership o : h) {
                    if (o.fromMillis() > atMillis) {
                        break;
                    }
                    at = o;
                }
                if (at == null || at.orders() == null) {
                    continue; // down or not answering: it owns nothing anyone can see
                }
                if (at.orders().contains(orderId)) {
                    out.add(e.getKey());
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
