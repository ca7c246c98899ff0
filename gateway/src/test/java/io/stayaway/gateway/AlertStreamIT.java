package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's live stream now fed through the event bus: every change of an alert reaches each open
 * console of the gateway that made it once, and none of another station's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertStreamIT {
    private static final String PASSWORD = "correct horse battery";

    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayHarness h;

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness();
        for (String[] u : new String[][] {{"desk-a", "Station A PSB"}, {"desk-b", "Station B PSB"}}) {
            assertEquals(
                    201,
                    h.post(
                                    "/api/users",
                                    new JsonObject()
                                            .put("username", u[0])
                                            .put("password", PASSWORD)
                                            .put("role", "desk")
                                            .put("station", u[1])
                                            .encode())
                            .statusCode());
        }
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @Test
    void eachChangeOfAnAlertReachesEachConsoleOnce() throws Exception {
        String api = "http://127.0.0.1:" + h.gateway.httpPort();
        String orderId = "ORD-STREAM-" + h.suffix;
        JsonObject order = GatewayHarness.sampleOrder(orderId, "resp-" + orderId, "prot-" + orderId);
        order.getJsonObject("dutyDesk").put("station", "Station A PSB");
        assertEquals(201, h.post("/api/orders", order.encode()).statusCode());
        String deskA = h.login("desk-a", PASSWORD);
        try (ConsoleStream admin = ConsoleStream.open(http, api, h.adminToken());
                ConsoleStream desk = ConsoleStream.open(http, api, deskA);
                ConsoleStream otherDesk = ConsoleStream.open(http, api, h.login("desk-b", PASSWORD))) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> admin.snapshotReceived() && desk.snapshotReceived() && otherDesk.snapshotReceived());
            h.powerOff("resp-" + orderId);
            String alertId = h.firstAlertOf(orderId);
            assertEquals(
                    200,
                    h.post("/api/alerts/" + alertId + "/acknowledge", "{}", deskA)
                            .statusCode());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> desk.changesOf(alertId).stream()
                            .anyMatch(c -> "ACKNOWLEDGED"
                                    .equals(c.getJsonObject("alert").getString("state"))));
            // Let any second copy arrive, then count.
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> admin.changesOf(alertId).size()
                            == desk.changesOf(alertId).size());
            for (ConsoleStream console : List.of(admin, desk)) {
                // Changes that happen once each: raised, and acknowledged.
                assertEquals(
                        1,
                        count(console.changesOf(alertId), "CREATED", null),
                        console.changesOf(alertId).toString());
                assertEquals(1, count(console.changesOf(alertId), "TRANSITIONED", "ACKNOWLEDGED"));
            }
            assertTrue(!otherDesk.mentions(alertId) && !otherDesk.mentions(orderId), "another station hears nothing");
        }
    }

    /** How many of the changes are of kind {@code change} leaving the alert in {@code state} (any, if null). */
    private static long count(List<JsonObject> changes, String change, String state) {
        return changes.stream()
                .filter(c -> change.equals(c.getString("change"))
                        && (state == null
                                || state.equals(c.getJsonObject("alert").getString("state"))))
                .count();
    }
}
