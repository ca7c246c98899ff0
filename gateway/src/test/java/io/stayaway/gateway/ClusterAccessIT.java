package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two gateways in one JVM, clustered through Hazelcast on loopback (ephemeral ports), on one database and
 * broker: what is done at node A holds at node B at once — an order created at A is scoped, listed and
 * evaluated at B, a user disabled at A is refused at B, a console at B hears an alert changed at A, and
 * failed logins at both count together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterAccessIT {
    private static final String PASSWORD = "correct horse battery";
    private static final String STATION = "Station A PSB";
    private static final String COURT = "Court X";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger orders = new AtomicInteger();
    private GatewayHarness a;
    private Gateway b;
    private Path keyDir;

    @BeforeAll
    void start() throws Exception {
        int portA = freePort();
        int portB = freePort();
        keyDir = Files.createTempDirectory("stayaway-cluster-key");
        Map<String, String> env = new HashMap<>();
        env.put("STAYAWAY_CLUSTER_MEMBERS", "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
        env.put("STAYAWAY_EVIDENCE_KEY", keyDir.resolve("evidence.pem").toString());
        env.put("STAYAWAY_BROKER_SHARE_GROUP", "cluster-access-" + portA);
        env.put("STAYAWAY_CLUSTER_PORT", String.valueOf(portA));
        a = new GatewayHarness(env);
        Map<String, String> second = new HashMap<>(GatewayHarness.ACCESS);
        second.putAll(env);
        second.put("STAYAWAY_CLUSTER_PORT", String.valueOf(portB));
        second.put("STAYAWAY_DB_URL", a.db.jdbcUrl());
        second.put("STAYAWAY_DB_USER", a.db.user());
        second.put("STAYAWAY_DB_PASSWORD", a.db.password());
        second.put("STAYAWAY_HTTP_PORT", "0");
        second.put("STAYAWAY_MQTT_MODE", "broker");
        second.put("STAYAWAY_BROKER_URL", GatewayHarness.BROKER);
        second.put("STAYAWAY_BROKER_CLIENT_ID", "stayaway-test-b-" + a.suffix);
        second.put("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "0");
        b = Gateway.start(GatewayConfig.from(second), Clock.systemUTC());
        a.createUser("desk-a", PASSWORD, "desk", "station", STATION);
        a.createUser("court-x", PASSWORD, "court", "court", COURT);
        a.createUser("court-y", PASSWORD, "court", "court", "Court Y");
    }

    @AfterAll
    void stop() throws IOException {
        if (b != null) {
            b.close();
        }
        a.close();
        try (var files = Files.walk(keyDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void anOrderCreatedAtAIsScopedListedAndEvaluatedAtBAtOnce() throws Exception {
        String court = login(b, "court-x");
        String otherCourt = login(b, "court-y");
        String admin = login(b, "admin", GatewayHarness.ADMIN_PASSWORD);
        String heldByB = null;
        // An order belongs to one node (its id's partition): create orders at A until one is B's to evaluate.
        for (int i = 0; i < 40 && heldByB == null; i++) {
            String id = createOrder();
            await().atMost(Duration.ofSeconds(1)).until(() -> listed(b, court).contains(id));
            assertEquals(200, get(b, "/api/orders/" + id, court).statusCode());
            assertEquals(
                    404,
                    get(b, "/api/orders/" + id + "/compliance?reason=audit", otherCourt)
                            .statusCode());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> held(b, admin).contains(id)
                            || held(a.gateway, a.adminToken()).contains(id));
            heldByB = held(b, admin).contains(id) ? id : null;
        }
        assertNotNull(heldByB, "B evaluates one of the orders created at A");
    }

    @Test
    void aUserDisabledAtAIsRefusedAtBWithinASecond() throws Exception {
        a.createUser("desk-gone", PASSWORD, "desk", "station", STATION);
        String token = login(b, "desk-gone");
        assertEquals(200, get(b, "/api/alerts", token).statusCode());
        assertEquals(200, a.post("/api/users/desk-gone/disable", "{}").statusCode());
        await().atMost(Duration.ofSeconds(1))
                .until(() -> get(b, "/api/alerts", token).statusCode() == 401);
    }

    @Test
    void aConsoleAtBHearsAnAlertChangedAtAWithinASecondAndOnce() throws Exception {
        String orderId = createOrder();
        String deskAtA = login(a.gateway, "desk-a");
        try (ConsoleStream atB = ConsoleStream.open(http, api(b), login(b, "desk-a"));
                ConsoleStream atA = ConsoleStream.open(http, api(a.gateway), deskAtA)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> atB.snapshotReceived() && atA.snapshotReceived());
            a.powerOff("resp-" + orderId);
            String alertId = await().atMost(Duration.ofSeconds(20)).until(() -> alertOf(orderId), id -> id != null);
            await().atMost(Duration.ofSeconds(1)).until(() -> count(atB, alertId, "CREATED", null) == 1);
            HttpResponse<String> ack = a.post("/api/alerts/" + alertId + "/acknowledge", "{}", deskAtA);
            assertEquals(200, ack.statusCode(), ack.body());
            await().atMost(Duration.ofSeconds(1)).until(() -> count(atB, alertId, "TRANSITIONED", "ACKNOWLEDGED") == 1);
            // Let any second copy arrive, then check each console heard each change once.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> true);
            for (ConsoleStream console : List.of(atA, atB)) {
                assertEquals(1, count(console, alertId, "CREATED", null));
                assertEquals(1, count(console, alertId, "TRANSITIONED", "ACKNOWLEDGED"));
            }
        }
    }

    @Test
    void failedLoginsAtBothNodesCountTogether() throws Exception {
        a.createUser("desk-guessed", PASSWORD, "desk", "station", STATION);
        String wrong = new JsonObject()
                .put("username", "desk-guessed")
                .put("password", "wrong-password")
                .encode();
        for (Gateway g : new Gateway[] {a.gateway, b, a.gateway, b, a.gateway}) {
            assertEquals(401, GatewayHarness.postLogin(http, api(g), wrong).statusCode());
        }
        String right = new JsonObject()
                .put("username", "desk-guessed")
                .put("password", PASSWORD)
                .encode();
        for (Gateway g : new Gateway[] {b, a.gateway}) {
            assertEquals(
                    429,
                    GatewayHarness.postLogin(http, api(g), right).statusCode(),
                    "5 failures over two nodes use up the minute's");
        }
    }

    /** Creates, at A, an order of the station and court with fresh devices; returns its id. */
    private String createOrder() throws Exception {
        String id = "ORD-CA-" + orders.incrementAndGet() + "-" + a.suffix;
        JsonObject order =
                GatewayHarness.sampleOrder(id, "resp-" + id, "prot-" + id).put("court", COURT);
        order.getJsonObject("dutyDesk").put("station", STATION);
        HttpResponse<String> r = a.post("/api/orders", order.encode());
        assertEquals(201, r.statusCode(), r.body());
        return id;
    }

    private String alertOf(String orderId) throws Exception {
        return new JsonObject(a.get("/api/alerts?orderId=" + orderId).body())
                .getJsonArray("alerts").stream()
                        .map(JsonObject.class::cast)
                        .map(x -> x.getString("id"))
                        .findFirst()
                        .orElse(null);
    }

    /** How many changes of the alert the console heard of kind {@code change} leaving it in {@code state} (any, if null). */
    private static long count(ConsoleStream console, String alertId, String change, String state) {
        return console.changesOf(alertId).stream()
                .filter(c -> change.equals(c.getString("change"))
                        && (state == null
                                || state.equals(c.getJsonObject("alert").getString("state"))))
                .count();
    }

    /** The ids of the orders {@code GET /api/orders} lists (the node's registry, in memory). */
    private List<String> listed(Gateway g, String token) throws Exception {
        JsonArray list = new JsonObject(get(g, "/api/orders", token).body()).getJsonArray("orders");
        return list.stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    /** The ids of the orders the node evaluates ({@code GET /api/cluster}). */
    private List<String> held(Gateway g, String adminToken) throws Exception {
        JsonArray list = new JsonObject(get(g, "/api/cluster", adminToken).body()).getJsonArray("orders");
        return list.stream().map(o -> ((JsonObject) o).getString("orderId")).toList();
    }

    private String api(Gateway g) {
        return "http://127.0.0.1:" + g.httpPort();
    }

    private String login(Gateway g, String username) throws Exception {
        return login(g, username, PASSWORD);
    }

    private String login(Gateway g, String username, String password) throws Exception {
        return GatewayHarness.login(http, api(g), username, password);
    }

    private HttpResponse<String> get(Gateway g, String path, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(api(g) + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
