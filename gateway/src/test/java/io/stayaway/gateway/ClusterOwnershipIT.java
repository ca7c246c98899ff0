package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways in one JVM, clustered through Hazelcast on loopback, sharing the broker (a shared
 * subscription) and the database: each order is held by exactly one node, records stored on either node
 * are evaluated by their order's owner (each breach alerted once), and when a node leaves the other takes
 * its orders on and goes on evaluating them. The process-level fault run is {@code ClusterIT}.
 */
class ClusterOwnershipIT {
    private static final int ORDERS = 16;

    private GatewayHarness a;
    private Gateway b;
    private Map<String, String> env;
    private Path keyDir;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrivateBroker broker;

    @BeforeEach
    void start() throws IOException {
        keyDir = Files.createTempDirectory("stayaway-cluster-key");
    }

    /** Node A, the harness's gateway, as the first member of a two-node cluster; {@code extra} overrides. */
    private void startNodeA(Map<String, String> extra) throws IOException {
        int portA = freePort();
        int portB = freePort();
        env = new HashMap<>(extra);
        env.put("STAYAWAY_CLUSTER_MEMBERS", "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
        env.put("STAYAWAY_EVIDENCE_KEY", keyDir.resolve("evidence.pem").toString());
        env.put("STAYAWAY_BROKER_SHARE_GROUP", "cluster-" + portA);
        env.put("STAYAWAY_CLUSTER_PORT", String.valueOf(portA));
        a = new GatewayHarness(env);
    }

    @AfterEach
    void stop() throws IOException {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (broker != null) {
            broker.close();
        }
        try (var files = Files.walk(keyDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void eachOrderIsEvaluatedOnceByItsOwnerAndMovesWhenItsNodeLeaves() throws Exception {
        startNodeA(Map.of());
        for (int i = 0; i < ORDERS; i++) {
            assertEquals(
                    201,
                    a.post(
                                    "/api/orders",
                                    GatewayHarness.sampleOrder(order(i), respondent(i), "prot-cl-" + i)
                                            .encode())
                            .statusCode());
        }
        b = secondNode();
        String tokenB = GatewayHarness.login(http, apiB(), "admin", GatewayHarness.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Set<String> onA = held(apiA(), a.adminToken());
            Set<String> onB = held(apiB(), tokenB);
            Set<String> all = new HashSet<>(onA);
            all.addAll(onB);
            return onA.size() + onB.size() == ORDERS && all.size() == ORDERS && !onA.isEmpty() && !onB.isEmpty();
        });

        breach(0, ORDERS / 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> breaches() == ORDERS / 2);
        assertTrue(
                forwarded(apiA(), a.adminToken()) + forwarded(apiB(), tokenB) > 0,
                "records stored on one node reached the other node's orders");

        b.close();
        b = null;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> held(apiA(), a.adminToken()).size() == ORDERS);
        breach(ORDERS / 2, ORDERS);
        await().atMost(Duration.ofSeconds(60)).until(() -> breaches() == ORDERS);
        Thread.sleep(2_000); // any duplicate raised by the hand-over would be stored by now
        assertEquals(ORDERS, breaches(), "one breach alert per order, none doubled by the hand-over");
        for (int i = 0; i < ORDERS; i++) {
            assertEquals(
                    20,
                    a.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent(i) + "'"),
                    "every ping of " + respondent(i) + " stored once");
        }
    }

    @Test
    void theSessionOfANodeThatLeftIsReadByTheOtherSoItsShareOfPingsIsStoredWhileItIsAway() throws Exception {
        // Mosquitto gives a persistent session its turn of a shared subscription even while its client is away.
        broker = new PrivateBroker();
        startNodeA(Map.of("STAYAWAY_BROKER_URL", broker.url(), "STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "600"));
        assertEquals(
                201,
                a.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder(order(0), respondent(0), "prot-cl-0")
                                        .encode())
                        .statusCode());
        b = secondNode();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        cluster(apiA(), a.adminToken()).getJsonArray("members").size() == 2);
        b.close();
        b = null;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster(apiA(), a.adminToken())
                        .getJsonArray("adoptedSessions")
                        .contains("stayaway-test-b-" + a.suffix));

        MqttClient device = new MqttClient(
                broker.url(), "dev-" + a.suffix, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        device.connect();
        Instant start = Instant.now().minusSeconds(60);
        for (int k = 1; k <= 20; k++) {
            GatewayHarness.publish(
                    device,
                    "wearables/" + respondent(0) + "/ping",
                    GatewayHarness.ping(k, start.plusSeconds(k), 3000, 8.0, 80));
        }
        device.disconnect();
        device.close();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> a.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent(0) + "'") == 20);
    }

    private long breaches() throws Exception {
        return a.count("SELECT count(*) FROM alerts WHERE type = 'BREACH'");
    }

    /** Walks each respondent of orders [from, to) from 2 km north into the 500 m zone and keeps it there. */
    private void breach(int from, int to) throws Exception {
        List<Double> track = List.of(
                2000.0, 1600.0, 1200.0, 900.0, 700.0, 520.0, 400.0, 300.0, 250.0, 200.0, 180.0, 160.0, 150.0, 150.0,
                150.0, 160.0, 150.0, 155.0, 150.0, 150.0);
        Instant start = Instant.now().minusSeconds(300);
        for (int i = from; i < to; i++) {
            MqttClient device = a.device(respondent(i));
            for (int k = 0; k < track.size(); k++) {
                GatewayHarness.publish(
                        device,
                        "wearables/" + respondent(i) + "/ping",
                        GatewayHarness.ping(k + 1, start.plusSeconds(10L * k), track.get(k), 8.0, 80));
            }
            device.disconnect();
            device.close();
        }
    }

    private Gateway secondNode() throws IOException {
        Map<String, String> second = new HashMap<>(GatewayHarness.ACCESS);
        second.putAll(env);
        second.put("STAYAWAY_DB_URL", a.db.jdbcUrl());
        second.put("STAYAWAY_DB_USER", a.db.user());
        second.put("STAYAWAY_DB_PASSWORD", a.db.password());
        second.put("STAYAWAY_HTTP_PORT", "0");
        second.put("STAYAWAY_MQTT_MODE", "broker");
        second.put("STAYAWAY_BROKER_URL", env.getOrDefault("STAYAWAY_BROKER_URL", GatewayHarness.BROKER));
        second.put("STAYAWAY_BROKER_CLIENT_ID", "stayaway-test-b-" + a.suffix);
        second.put(
                "STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS",
                env.getOrDefault("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "0"));
        second.put(
                "STAYAWAY_CLUSTER_PORT",
                env.get("STAYAWAY_CLUSTER_MEMBERS").split(",")[1].split(":")[1]);
        return Gateway.start(GatewayConfig.from(second), Clock.systemUTC());
    }

    private String apiA() {
        return "http://127.0.0.1:" + a.gateway.httpPort();
    }

    private String apiB() {
        return "http://127.0.0.1:" + b.httpPort();
    }

    private Set<String> held(String api, String token) throws Exception {
        JsonArray orders = cluster(api, token).getJsonArray("orders");
        Set<String> ids = new HashSet<>();
        orders.forEach(o -> ids.add(((JsonObject) o).getString("orderId")));
        return ids;
    }

    private JsonObject cluster(String api, String token) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api + "/api/cluster"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private long forwarded(String api, String token) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(api + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(l -> l.startsWith("stayaway_cluster_records_forwarded_total"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String order(int i) {
        return "ORD-CL-" + i;
    }

    private static String respondent(int i) {
        return "resp-cl-" + i;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
