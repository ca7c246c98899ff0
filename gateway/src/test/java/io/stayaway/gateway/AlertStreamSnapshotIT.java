package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream's snapshot for an admin with many orders: the latest 50 alerts of every order, the same
 * alerts the alert list answers order by order, and how long the stream takes to open (logged; run with
 * {@code -Dsnapshot.orders=3000} for the figure in docs/console.md). Alert rows are written directly.
 */
class AlertStreamSnapshotIT {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStreamSnapshotIT.class);
    private static final int ORDERS = Integer.getInteger("snapshot.orders", 200);
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void anAdminsSnapshotHoldsTheLatestAlertsOfEveryOrderAsTheListDoes() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            List<String> orders = createOrders(h);
            // Every tenth order has more alerts than the snapshot's 50 per order; the others have two.
            Map<String, Integer> alertsOf = new HashMap<>();
            for (int i = 0; i < orders.size(); i++) {
                alertsOf.put(orders.get(i), i % 10 == 0 ? 55 : 2);
            }
            insertAlerts(h, alertsOf);
            int expected =
                    alertsOf.values().stream().mapToInt(n -> Math.min(n, 50)).sum();

            JsonArray snapshot = null;
            HttpClient http = HttpClient.newHttpClient();
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                try (ConsoleStream stream = ConsoleStream.open(http, h.api(), h.adminToken())) {
                    await().pollInterval(Duration.ofMillis(2))
                            .atMost(Duration.ofSeconds(60))
                            .until(() -> snapshotOf(stream) != null);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    snapshot = snapshotOf(stream);
                    LOG.info(
                            "admin's stream with {} orders opened with a snapshot of {} alerts in {} ms",
                            orders.size(),
                            snapshot.size(),
                            millis);
                }
            }
            assertEquals(expected, snapshot.size());
            Map<String, List<String>> byOrder = new HashMap<>();
            for (int i = 0; i < snapshot.size(); i++) {
                JsonObject a = snapshot.getJsonObject(i);
                byOrder.computeIfAbsent(a.getString("orderId"), k -> new ArrayList<>())
                        .add(a.getString("id"));
            }
            for (String orderId :
                    List.of(orders.get(0), orders.get(1), orders.get(10), orders.get(orders.size() - 1))) {
                JsonArray listed = new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&limit=50")
                                .body())
                        .getJsonArray("alerts");
                List<String> ids = new ArrayList<>();
                listed.forEach(a -> ids.add(((JsonObject) a).getString("id")));
                assertEquals(ids, byOrder.get(orderId), "order " + orderId + ": the list's alerts, newest first");
            }
        }
    }

    /** The alerts of the stream's snapshot event, once it has arrived whole. */
    private static JsonArray snapshotOf(ConsoleStream stream) {
        List<String> lines = stream.lines();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i - 1).equals("event: snapshot") && lines.get(i).startsWith("data: ")) {
                return new JsonObject(lines.get(i).substring("data: ".length())).getJsonArray("alerts");
            }
        }
        return null;
    }

    private static List<String> createOrders(GatewayHarness h) throws Exception {
        List<String> ids = IntStream.range(0, ORDERS)
                .mapToObj(i -> "ORD-SNAP-" + i + "-" + h.suffix)
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> created = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                String body = GatewayHarness.sampleOrder(
                                id, "resp-snap-" + i + "-" + h.suffix, "prot-snap-" + i + "-" + h.suffix)
                        .encode();
                created.add(pool.submit(() -> h.post("/api/orders", body)));
            }
            for (Future<HttpResponse<String>> r : created) {
                assertEquals(201, r.get().statusCode(), r.get().body());
            }
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    private static void insertAlerts(GatewayHarness h, Map<String, Integer> alertsOf) throws Exception {
        try (Connection c = h.db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO alerts (id, dedupe_key, order_id, type, severity, state, event_time, opened_at,
                                            updated_at)
                        VALUES (?, ?, ?, 'BREACH', 'critical', 'RESOLVED', ?, ?, ?)""")) {
            for (Map.Entry<String, Integer> order : alertsOf.entrySet()) {
                for (int i = 0; i < order.getValue(); i++) {
                    UUID id = UUID.randomUUID();
                    Instant opened = T0.plusSeconds(60L * i);
                    ps.setObject(1, id);
                    ps.setString(2, "snap-" + id);
                    ps.setString(3, order.getKey());
                    ps.setTimestamp(4, Timestamp.from(opened.minusSeconds(5)));
                    ps.setTimestamp(5, Timestamp.from(opened));
                    ps.setTimestamp(6, Timestamp.from(opened));
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
