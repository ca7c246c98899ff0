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
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orders over their life against a real gateway: amendments are stored as versions and each fix is
 * evaluated under the version in force at its device time; termination stops evaluation; all audited.
 */
class OrderLifecycleIT {
    private static final double HOME_LAT = 31.2304;
    private static final double HOME_LON = 121.4737;
    private static final double METRES_PER_DEGREE_LAT = 111_320.0;
    /** The amended zone: 3 km north of home, far outside the original 500 m circle. */
    private static final double SCHOOL_NORTH = 3_000;

    private GatewayHarness h;
    private String orderId;
    private String respondent;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness();
        orderId = "ORD-LIFE-" + h.suffix;
        respondent = "resp-" + h.suffix;
        HttpResponse<String> created = h.post(
                "/api/orders",
                GatewayHarness.sampleOrder(orderId, respondent, "prot-" + h.suffix)
                        .encode());
        assertEquals(201, created.statusCode(), created.body());
        JsonObject body = new JsonObject(created.body());
        assertEquals(1, body.getInteger("version"));
        assertEquals("active", body.getString("status"));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static JsonArray schoolZone() {
        return new JsonArray()
                .add(new JsonObject()
                        .put("id", "school")
                        .put("type", "exclusion")
                        .put(
                                "circle",
                                new JsonObject()
                                        .put("lat", HOME_LAT + SCHOOL_NORTH / METRES_PER_DEGREE_LAT)
                                        .put("lon", HOME_LON)
                                        .put("radius", 500)));
    }

    private static String ping(long seq, Instant ts, double metresNorthOfHome) {
        return new JsonObject()
                .put("seq", seq)
                .put("ts", ts.toEpochMilli())
                .put("lat", HOME_LAT + metresNorthOfHome / METRES_PER_DEGREE_LAT)
                .put("lon", HOME_LON)
                .put("acc", 8.0)
                .encode();
    }

    private JsonArray breaches() throws Exception {
        return new JsonObject(
                        h.get("/api/alerts?orderId=" + orderId + "&type=BREACH").body())
                .getJsonArray("alerts");
    }

    private static List<String> rules(JsonArray alerts) {
        return alerts.stream()
                .map(JsonObject.class::cast)
                .map(a -> a.getString("ruleId"))
                .sorted()
                .toList();
    }

    @Test
    void eachFixIsEvaluatedUnderTheVersionInForceAtItsDeviceTime() throws Exception {
        HttpResponse<String> amended = h.post(
                "/api/orders/" + orderId + "/amendments",
                new JsonObject().put("zones", schoolZone()).encode());
        assertEquals(201, amended.statusCode(), amended.body());
        JsonObject v2 = new JsonObject(amended.body());
        assertEquals(2, v2.getInteger("version"));
        assertEquals("school", v2.getJsonArray("zones").getJsonObject(0).getString("id"));
        Instant effective = Instant.parse(v2.getString("effectiveFrom"));

        // All received after the amendment: a stay at home timed before it; a stay at home, then (at a plausible
        // walking
        // pace) at school, timed after it.
        MqttClient device = h.device(respondent);
        String topic = "wearables/" + respondent + "/ping";
        long seq = 1;
        for (int i = 0; i < 6; i++) {
            GatewayHarness.publish(
                    device, topic, ping(seq++, effective.minusSeconds(120).plusSeconds(10L * i), 100));
        }
        for (int i = 0; i < 6; i++) {
            GatewayHarness.publish(device, topic, ping(seq++, effective.plusSeconds(1 + 4L * i), 100));
        }
        for (int i = 0; i < 6; i++) {
            GatewayHarness.publish(device, topic, ping(seq++, effective.plusSeconds(200 + 4L * i), SCHOOL_NORTH));
        }
        device.disconnect();
        device.close();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> rules(breaches()), r -> r.contains("home") && r.contains("school"));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'") == 18);
        // The school breach came from the last fixes, so the home stay timed after the amendment has been evaluated:
        // under version 1 it would
        // have opened a second home breach.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> rules(breaches()), r -> r.equals(List.of("home", "school")));
        assertEquals(
                List.of("home", "school"), rules(breaches()), "home only before the amendment, school only after it");
    }

    @Test
    void versionsAreStoredAndReadableWithWhoRecordedThem() throws Exception {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        HttpResponse<String> amended = h.post(
                "/api/orders/" + orderId + "/amendments",
                new JsonObject()
                        .put("effectiveFrom", later.toString())
                        .put("validUntil", "2027-01-01T00:00:00Z")
                        .encode());
        assertEquals(201, amended.statusCode(), amended.body());
        JsonObject versions =
                new JsonObject(h.get("/api/orders/" + orderId + "/versions").body());
        JsonArray list = versions.getJsonArray("versions");
        assertEquals(2, list.size());
        assertEquals(
                "2027-07-01T00:00:00Z",
                list.getJsonObject(0).getJsonObject("order").getString("validUntil"));
        assertEquals(
                "2027-01-01T00:00:00Z",
                list.getJsonObject(1).getJsonObject("order").getString("validUntil"));
        assertEquals(later.toString(), list.getJsonObject(1).getString("effectiveFrom"));
        assertEquals("admin", list.getJsonObject(1).getString("recordedBy"));
        assertEquals(2, h.count("SELECT count(*) FROM order_versions WHERE order_id = '" + orderId + "'"));
        assertEquals(
                1,
                h.count(
                        "SELECT count(*) FROM audit_log WHERE outcome = 'allowed' AND action = 'order.amend' AND resource = 'order/"
                                + orderId + "/version/2'"));
        assertEquals(2, new JsonObject(h.get("/api/orders/" + orderId).body()).getInteger("version"));
    }

    @Test
    void anAmendmentNamesTheFieldAtFault() throws Exception {
        HttpResponse<String> badZone = h.post(
                "/api/orders/" + orderId + "/amendments",
                new JsonObject()
                        .put(
                                "zones",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("id", "x")
                                                .put("type", "exclusion")
                                                .put(
                                                        "circle",
                                                        new JsonObject()
                                                                .put("lat", 31.2)
                                                                .put("lon", 121.4)
                                                                .put("radius", -5))))
                        .encode());
        assertEquals(400, badZone.statusCode(), badZone.body());
        assertEquals("zones[0].circle", new JsonObject(badZone.body()).getString("field"));
        HttpResponse<String> parties = h.post(
                "/api/orders/" + orderId + "/amendments",
                new JsonObject().put("parties", new JsonArray()).encode());
        assertEquals(400, parties.statusCode());
        assertEquals("parties", new JsonObject(parties.body()).getString("field"));
        HttpResponse<String> past = h.post(
                "/api/orders/" + orderId + "/amendments",
                new JsonObject()
                        .put("zones", schoolZone())
                        .put("effectiveFrom", "2026-01-02T00:00:00Z")
                        .encode());
        assertEquals(400, past.statusCode());
        assertEquals("effectiveFrom", new JsonObject(past.body()).getString("field"));
        assertEquals(
                404,
                h.post(
                                "/api/orders/no-such-order/amendments",
                                new JsonObject().put("zones", schoolZone()).encode())
                        .statusCode());
        assertEquals(
                1,
                h.count("SELECT count(*) FROM order_versions WHERE order_id = '" + orderId + "'"),
                "nothing refused was stored");
    }

    @Test
    void aTerminatedOrderIsNoLongerEvaluatedNorAmendable() throws Exception {
        HttpResponse<String> noReason = h.post("/api/orders/" + orderId + "/terminate", "{}");
        assertEquals(400, noReason.statusCode());
        assertEquals("reason", new JsonObject(noReason.body()).getString("field"));
        HttpResponse<String> terminated = h.post(
                "/api/orders/" + orderId + "/terminate",
                new JsonObject().put("reason", "revoked by the court").encode());
        assertEquals(200, terminated.statusCode(), terminated.body());
        assertEquals("terminated", new JsonObject(terminated.body()).getString("status"));

        HttpResponse<String> again = h.post(
                "/api/orders/" + orderId + "/terminate",
                new JsonObject().put("reason", "twice").encode());
        assertEquals(409, again.statusCode());
        assertEquals("order_terminated", new JsonObject(again.body()).getString("error"));
        assertEquals(
                409,
                h.post(
                                "/api/orders/" + orderId + "/amendments",
                                new JsonObject().put("zones", schoolZone()).encode())
                        .statusCode());
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'order.terminate' AND resource = 'order/"
                        + orderId + "'"));

        JsonArray active = new JsonObject(h.get("/api/orders?status=active").body()).getJsonArray("orders");
        assertFalse(active.stream().map(JsonObject.class::cast).anyMatch(o -> orderId.equals(o.getString("id"))));
        JsonArray ended = new JsonObject(h.get("/api/orders?status=terminated").body()).getJsonArray("orders");
        assertTrue(
                ended.stream().map(JsonObject.class::cast).anyMatch(o -> orderId.equals(o.getString("id"))),
                ended.encodePrettily());

        // A walk deep into the zone after termination: refused at ingestion as no order's device, never evaluated.
        MqttClient device = h.device(respondent);
        Instant now = Instant.now();
        for (int i = 0; i < 6; i++) {
            GatewayHarness.publish(
                    device, "wearables/" + respondent + "/ping", ping(i + 1, now.minusSeconds(60 - 10L * i), 100));
        }
        device.disconnect();
        device.close();
        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        h.count("SELECT count(*) FROM rejected_messages WHERE device_id = '" + respondent + "'") == 6);
        assertEquals(0, h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'"));
        assertTrue(breaches().isEmpty());
    }

    @Test
    void terminationClosesAnOpenBreach() throws Exception {
        MqttClient device = h.device(respondent);
        Instant start = Instant.now().minusSeconds(120);
        for (int i = 0; i < 6; i++) {
            GatewayHarness.publish(
                    device, "wearables/" + respondent + "/ping", ping(i + 1, start.plusSeconds(10L * i), 100));
        }
        device.disconnect();
        device.close();
        JsonObject open = await().atMost(Duration.ofSeconds(30))
                .until(() -> breaches(), a -> !a.isEmpty())
                .getJsonObject(0);
        assertTrue(open.getValue("episodeEnd") == null, open.encodePrettily());
        assertEquals(
                200,
                h.post(
                                "/api/orders/" + orderId + "/terminate",
                                new JsonObject().put("reason", "revoked").encode())
                        .statusCode());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> breaches().getJsonObject(0).getValue("episodeEnd"), e -> e != null);
    }

    @Test
    void versionsAndTerminationSurviveARestart() throws Exception {
        String ended = "ORD-LIFE-END-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder(ended, "resp-end-" + h.suffix, "prot-end-" + h.suffix)
                                        .encode())
                        .statusCode());
        assertEquals(
                200,
                h.post(
                                "/api/orders/" + ended + "/terminate",
                                new JsonObject().put("reason", "revoked").encode())
                        .statusCode());
        assertEquals(
                201,
                h.post(
                                "/api/orders/" + orderId + "/amendments",
                                new JsonObject().put("zones", schoolZone()).encode())
                        .statusCode());

        try (Gateway second = h.secondGateway()) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + second.httpPort();
            String token = GatewayHarness.login(http, api, "admin", GatewayHarness.ADMIN_PASSWORD);
            JsonObject amended = get(http, api + "/api/orders/" + orderId, token);
            assertEquals(2, amended.getInteger("version"));
            assertEquals(
                    "school", amended.getJsonArray("zones").getJsonObject(0).getString("id"));
            assertEquals(
                    2,
                    get(http, api + "/api/orders/" + orderId + "/versions", token)
                            .getJsonArray("versions")
                            .size());
            assertEquals(
                    "terminated", get(http, api + "/api/orders/" + ended, token).getString("status"));
            JsonArray active =
                    get(http, api + "/api/orders?status=active", token).getJsonArray("orders");
            assertEquals(
                    List.of(orderId),
                    active.stream()
                            .map(JsonObject.class::cast)
                            .map(o -> o.getString("id"))
                            .toList());
        }
    }

    private static JsonObject get(java.net.http.HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void onlyAnAdminAmendsOrTerminates() throws Exception {
        HttpResponse<String> user = h.post(
                "/api/users",
                new JsonObject()
                        .put("username", "desk-pudong")
                        .put("password", "correct horse battery")
                        .put("role", "desk")
                        .put("station", "Pudong PSB")
                        .encode());
        assertEquals(201, user.statusCode(), user.body());
        String desk = h.login("desk-pudong", "correct horse battery");
        assertEquals(
                200,
                h.get("/api/orders/" + orderId + "/versions", desk).statusCode(),
                "the station's desk reads the order");
        assertEquals(
                403,
                h.post(
                                "/api/orders/" + orderId + "/amendments",
                                new JsonObject().put("zones", schoolZone()).encode(),
                                desk)
                        .statusCode());
        assertEquals(
                403,
                h.post(
                                "/api/orders/" + orderId + "/terminate",
                                new JsonObject().put("reason", "x").encode(),
                                desk)
                        .statusCode());
        assertEquals(
                1,
                new JsonObject(h.get("/api/orders", desk).body())
                        .getJsonArray("orders")
                        .size());
    }
}
