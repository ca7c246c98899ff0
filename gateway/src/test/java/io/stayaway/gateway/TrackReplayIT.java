package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's track replay ({@code GET /api/alerts/{id}/track}) and the viewing sessions of the positions
 * ({@code ?view=}), against a real gateway, PostgreSQL and Mosquitto: what is answered, what is refused, and
 * what the audit log holds afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackReplayIT {
    private static final String PASSWORD = "a desk password for tracks";

    private GatewayHarness h;
    private String station;
    private String desk;
    private String otherDesk;
    private String colleague;
    private String deskToken;

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness();
        station = "Track PSB " + h.suffix;
        desk = "desk-track-" + h.suffix;
        otherDesk = "desk-elsewhere-" + h.suffix;
        colleague = "desk-colleague-" + h.suffix;
        h.createUser(desk, PASSWORD, "desk", "station", station);
        h.createUser(colleague, PASSWORD, "desk", "station", station);
        h.createUser(otherDesk, PASSWORD, "desk", "station", "Other PSB " + h.suffix);
        h.createUser("court-track-" + h.suffix, PASSWORD, "court", "court", "Pudong District People's Court");
        deskToken = h.login(desk, PASSWORD);
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aDeskReplaysBothPartiesFixesInTheAlertsWindowInOrder() throws Exception {
        String orderId = "ORD-TRACK-" + h.suffix;
        String respondent = "resp-t-" + h.suffix;
        String victim = "prot-t-" + h.suffix;
        createOrder(orderId, respondent, victim);
        h.powerOff(respondent);
        String alertId = h.firstAlertOf(orderId);

        JsonObject empty = track(alertId, deskToken);
        assertEquals(alertId, empty.getString("alertId"));
        assertEquals(orderId, empty.getString("orderId"));
        assertFalse(empty.getBoolean("capped"));
        assertEquals(respondent, empty.getJsonObject("respondent").getString("deviceId"));
        assertEquals(victim, empty.getJsonObject("protected").getString("deviceId"));
        assertTrue(empty.getJsonObject("respondent").getJsonArray("fixes").isEmpty(), "no fix yet");
        assertTrue(empty.getJsonObject("protected").getJsonArray("fixes").isEmpty(), "no fix yet");

        // Fixes around the window's start: one before it (not shown), three in it; one dated ahead of the read
        // (accepted within the ingestion's clock tolerance) is not shown either. Far from the zone: no alert.
        Instant from = Instant.parse(empty.getString("from"));
        List<Instant> respondentTimes =
                List.of(from.minusSeconds(60), from.plusSeconds(30), from.plusSeconds(120), from.plusSeconds(240));
        List<Instant> victimTimes = List.of(
                from.plusSeconds(60), from.plusSeconds(200), Instant.now().plusSeconds(120));
        publish(respondent, respondentTimes, 5000, 12);
        publish(victim, victimTimes, 40, 6);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id IN ('" + respondent + "', '" + victim
                                + "')")
                        == 7);

        JsonObject replay = track(alertId, deskToken);
        assertEquals(empty.getString("from"), replay.getString("from"), "the window starts where the episode did");
        assertFixes(respondentTimes.subList(1, 4), 5000, 12, replay.getJsonObject("respondent"));
        assertFixes(victimTimes.subList(0, 2), 40, 6, replay.getJsonObject("protected"));
        assertFalse(replay.getJsonObject("protected").containsKey("thinned"));
        assertTrue(!Instant.parse(replay.getString("to")).isAfter(Instant.parse(replay.getString("readAt"))));

        // Resolved: the window ends at the resolution, however late the replay.
        assertEquals(
                200,
                h.post("/api/alerts/" + alertId + "/acknowledge", "{\"note\": \"seen\"}", deskToken)
                        .statusCode());
        assertEquals(
                200,
                h.post("/api/alerts/" + alertId + "/resolve", "{\"outcome\": \"TECHNICAL\"}", deskToken)
                        .statusCode());
        JsonArray lifecycle =
                new JsonObject(h.get("/api/alerts/" + alertId, deskToken).body()).getJsonArray("lifecycle");
        String resolvedAt = lifecycle.getJsonObject(lifecycle.size() - 1).getString("at");
        Thread.sleep(20);
        assertEquals(
                Instant.parse(resolvedAt),
                Instant.parse(track(alertId, deskToken).getString("to")));

        assertEquals(
                3,
                h.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'track.read' AND outcome = 'allowed' AND actor = '"
                                + desk + "' AND resource = 'alert/" + alertId + "'"),
                "every answer is audited");
    }

    @Test
    void refusalsTellNothingAndAreAudited() throws Exception {
        String orderId = "ORD-TRACK-NO-" + h.suffix;
        String respondent = "resp-n-" + h.suffix;
        createOrder(orderId, respondent, "prot-n-" + h.suffix);
        h.powerOff(respondent);
        String alertId = h.firstAlertOf(orderId);
        String path = "/api/alerts/" + alertId + "/track";
        String unknown = UUID.randomUUID().toString();

        assertEquals(401, h.get(path, null).statusCode());
        assertError(h.get(path, h.login(otherDesk, PASSWORD)), 404, "not_found");
        assertError(h.get("/api/alerts/" + unknown + "/track", deskToken), 404, "not_found");
        assertError(h.get(path, h.adminToken()), 403, "forbidden");
        assertError(h.get(path, h.login("court-track-" + h.suffix, PASSWORD)), 403, "forbidden");
        HttpResponse<String> malformed = h.get("/api/alerts/not-a-uuid/track", deskToken);
        assertError(malformed, 400, "invalid_parameter");
        assertEquals("id", new JsonObject(malformed.body()).getString("field"));
        assertEquals(
                200,
                h.post("/api/orders/" + orderId + "/terminate", "{\"reason\": \"revoked\"}")
                        .statusCode());
        assertError(h.get(path, deskToken), 409, "order_not_active");

        assertEquals(1, denials(otherDesk, "alert/" + alertId, "out of scope (order " + orderId + ")"));
        assertEquals(1, denials(desk, "alert/" + unknown, "unknown alert"));
        assertEquals(1, denials("admin", "alert/" + alertId, "role admin"));
        assertEquals(1, denials("court-track-" + h.suffix, "alert/" + alertId, "role court"));
        assertEquals(1, denials(desk, "alert/not-a-uuid", "malformed alert id"));
        assertEquals(1, denials(desk, "alert/" + alertId, "order not active"));
        assertEquals(
                0,
                h.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'track.read' AND outcome = 'allowed' AND resource = "
                                + "'alert/" + alertId + "'"));
    }

    @Test
    void oneViewingSessionOfThePositionsIsOneAuditRow() throws Exception {
        String orderId = "ORD-VIEW-" + h.suffix;
        createOrder(orderId, "resp-v-" + h.suffix, "prot-v-" + h.suffix);
        String otherOrder = "ORD-VIEW-2-" + h.suffix;
        createOrder(otherOrder, "resp-v2-" + h.suffix, "prot-v2-" + h.suffix);
        String view = UUID.randomUUID().toString();
        String positions = "/api/orders/" + orderId + "/positions";

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = h.get(positions + "?view=" + view, deskToken);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(orderId, new JsonObject(r.body()).getString("orderId"));
        }
        assertEquals(1, allowedReads(desk, orderId), "one audit row for the session");
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND reason = 'view " + view
                        + "'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM position_views WHERE view_id = '" + view + "' AND actor = '" + desk
                        + "' AND role = 'desk' AND order_id = '" + orderId + "' AND reads = 3"
                        + " AND last_read_at > started_at"));

        // Somebody else's session, or the session of another order, is refused; so is a view that is no UUID.
        assertBadView(h.get(positions + "?view=" + view, h.login(colleague, PASSWORD)));
        assertBadView(h.get("/api/orders/" + otherOrder + "/positions?view=" + view, deskToken));
        assertBadView(h.get(positions + "?view=not-a-view", deskToken));
        assertBadView(h.get(positions + "?view=" + view + "&view=" + UUID.randomUUID(), deskToken));
        assertEquals(
                3,
                h.count("SELECT reads FROM position_views WHERE view_id = '" + view + "'"),
                "a refused read is not counted");
        assertEquals(
                2,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND outcome = 'denied'"
                        + " AND reason = 'view of another user or order'"));
        assertEquals(
                2,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND outcome = 'denied'"
                        + " AND actor = '" + desk + "' AND reason = 'malformed view'"));

        // Without a view, every read is audited, as before.
        assertEquals(200, h.get(positions, deskToken).statusCode());
        assertEquals(200, h.get(positions, deskToken).statusCode());
        assertEquals(3, allowedReads(desk, orderId));
        assertEquals(0, h.count("SELECT count(*) FROM position_views WHERE order_id = '" + otherOrder + "'"));
    }

    private JsonObject track(String alertId, String token) throws Exception {
        HttpResponse<String> r = h.get("/api/alerts/" + alertId + "/track", token);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private void createOrder(String orderId, String respondent, String victim) throws Exception {
        JsonObject order = GatewayHarness.sampleOrder(orderId, respondent, victim);
        order.getJsonObject("dutyDesk").put("station", station);
        HttpResponse<String> r = h.post("/api/orders", order.encode());
        assertEquals(201, r.statusCode(), r.body());
    }

    /** One ping per instant (millisecond precision, as the wire carries it), {@code metresNorth} of home. */
    private void publish(String deviceId, List<Instant> times, double metresNorth, double acc) throws Exception {
        MqttClient device = h.device(deviceId);
        long seq = 1;
        for (Instant t : times) {
            GatewayHarness.publish(
                    device, "wearables/" + deviceId + "/ping", GatewayHarness.ping(seq++, t, metresNorth, acc, 80));
        }
        device.disconnect();
        device.close();
    }

    private static void assertFixes(List<Instant> times, double metresNorth, double acc, JsonObject party) {
        JsonArray fixes = party.getJsonArray("fixes");
        assertEquals(times.size(), fixes.size(), party.encode());
        for (int i = 0; i < times.size(); i++) {
            JsonObject fix = fixes.getJsonObject(i);
            assertEquals(Instant.ofEpochMilli(times.get(i).toEpochMilli()).toString(), fix.getString("ts"));
            assertEquals(
                    GatewayHarness.HOME_LAT + metresNorth / GatewayHarness.METRES_PER_DEGREE_LAT,
                    fix.getDouble("lat"),
                    1e-9);
            assertEquals(GatewayHarness.HOME_LON, fix.getDouble("lon"), 1e-9);
            assertEquals(acc, fix.getDouble("acc"), 1e-9);
        }
    }

    private long denials(String actor, String resource, String reason) throws Exception {
        return h.count("SELECT count(*) FROM audit_log WHERE action = 'track.read' AND outcome = 'denied' AND actor = '"
                + actor + "' AND resource = '" + resource + "' AND reason = '" + reason.replace("'", "''") + "'");
    }

    private long allowedReads(String actor, String orderId) throws Exception {
        return h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND outcome = 'allowed'"
                + " AND actor = '" + actor + "' AND resource = 'order/" + orderId + "'");
    }

    private static void assertBadView(HttpResponse<String> r) {
        assertError(r, 400, "invalid_parameter");
        assertEquals("view", new JsonObject(r.body()).getString("field"), r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, new JsonObject(r.body()).getString("error"), r.body());
    }
}
