package io.stayaway.simulator.expect;

import io.stayaway.simulator.api.Alert;
import io.stayaway.simulator.api.GatewayApi;
import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches an order's alerts through GET /api/alerts and remembers when each alert was first seen.
 * Alerts that already existed when the watch started (an earlier run's) are left out. Polls on
 * the caller's thread; the record of seen alerts is thread-safe.
 */
public final class AlertWatch {
    private final GatewayApi api;
    private final List<String> orderIds;
    private final Set<String> existedBefore;
    private final ConcurrentHashMap<String, SeenAlert> seen = new ConcurrentHashMap<>();
    private volatile String lastError;
    private volatile int successfulPolls;

    private AlertWatch(GatewayApi api, List<String> orderIds, Set<String> existedBefore) {
        this.api = api;
        this.orderIds = List.copyOf(orderIds);
        this.existedBefore = Set.copyOf(existedBefore);
    }

    /** Starts watching, ignoring the alerts these orders already have; fails if the API cannot be read. */
    public static AlertWatch ignoringExisting(GatewayApi api, List<String> orderIds)
            throws IOException, InterruptedException {
        Set<String> existing = new HashSet<>();
        for (String orderId : orderIds) {
            api.alerts(orderId).forEach(alert -> existing.add(alert.id()));
        }
        return new AlertWatch(api, orderIds, existing);
    }

    /** Starts watching, counting every alert the orders have (used by the check-only `expect`). */
    public static AlertWatch includingExisting(GatewayApi api, List<String> orderIds) {
        return new AlertWatch(api, orderIds, Set.of());
    }

    public int ignoredExisting() {
        return existedBefore.size();
    }

    /** Reads the alerts once; a failure is remembered (and shown in the verdict), not thrown. */
    public void poll() throws InterruptedException {
        try {
            long now = System.nanoTime();
            for (String orderId : orderIds) {
                for (Alert alert : api.alerts(orderId)) {
                    if (!existedBefore.contains(alert.id())) {
                        seen.merge(
                                alert.id(),
                                new SeenAlert(alert, now),
                                (earlier, latest) -> new SeenAlert(latest.alert(), earlier.firstSeenNanos()));
                    }
                }
            }
            successfulPolls++;
            lastError = null;
        } catch (IOException e) {
            lastError = e.getMessage();
        }
    }

    public List<SeenAlert> seen() {
        return seen.values().stream()
                .sorted(Comparator.comparingLong(SeenAlert::firstSeenNanos))
                .toList();
    }

    public String lastError() {
        return lastError;
    }

    public boolean everRead() {
        return successfulPolls > 0;
    }
}
