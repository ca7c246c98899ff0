package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to the HTTP API against a real gateway (issue 15, items 4, 7 and 8): every bad field,
 * parameter and date is a 400 naming it, never a 500; an order no desk or court could see, or with
 * unbounded values or unknown fields, is refused; a respondent device is worn under one active order
 * only; a fix dated ahead does not hide newer real ones from the desk.
 */
class InputValidationIT {
    private GatewayHarness h;
    private String orderId;
    private String respondent;
    private String protectedPerson;

    @BeforeEach
    void start() {
        h = new GatewayHarness();
        orderId = "ORD-IN-" + h.suffix;
        respondent = "resp-" + h.suffix;
        protectedPerson = "prot-" + h.suffix;
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private JsonObject order() {
        return GatewayHarness.sampleOrder(orderId, respondent, protectedPerson);
    }

    private JsonObject order(Consumer<JsonObject> change) {
        JsonObject o = order();
        change.accept(o);
        return o;
    }

    private static JsonObject zone(JsonObject order, int i) {
        return order.getJsonArray("zones").getJsonObject(i);
    }

    private static JsonObject inclusionZone(JsonArray days, String from, String to) {
        return new JsonObject()
                .put("id", "night")
                .put("type", "inclusion")
                .put(
                        "circle",
                        new JsonObject().put("lat", 31.25).put("lon", 121.45).put("radius", 300))
                .put(
                        "schedule",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("days", days)
                                        .put("from", from)
                                        .put("to", to)));
    }

    private JsonObject mobileZone(double min, double warning) {
        return new JsonObject()
                .put("id", "near-her")
                .put("type", "mobile")
                .put("protectedDeviceId", protectedPerson)
                .put("minDistance", min)
                .put("warningDistance", warning);
    }

    private static void assertBadField(HttpResponse<String> r, String field) {
        assertEquals(400, r.statusCode(), r.body());
        JsonObject error = new JsonObject(r.body());
        assertEquals(field, error.getString("field"), r.body());
    }

    private void assertRefusedOrder(JsonObject order, String field) throws Exception {
        assertBadField(h.post("/api/orders", order.encode()), field);
    }

    @Test
    void geofenceRulesAreAnswered400NamingTheField() throws Exception {
        assertRefusedOrder(
                order(o -> o.put(
                        "suspensions",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("zoneId", "home")
                                        .put("from", "2026-03-02T00:00:00Z")
                                        .put("until", "2026-03-01T00:00:00Z")))),
                "suspensions[0].until");
        assertRefusedOrder(order(o -> zone(o, 0).put("warningBuffer", -1)), "zones[0].warningBuffer");
        assertRefusedOrder(
                order(o -> o.getJsonArray("zones").add(inclusionZone(new JsonArray(), "22:00", "06:00"))),
                "zones[1].schedule[0].days");
        assertRefusedOrder(
                order(o -> o.getJsonArray("zones").add(inclusionZone(new JsonArray().add("MON"), "22:00", "22:00"))),
                "zones[1].schedule[0].to");
        assertRefusedOrder(order(o -> o.getJsonArray("zones").add(mobileZone(1e9, 2e9))), "zones[1].minDistance");
        assertRefusedOrder(order(o -> o.getJsonArray("zones").add(mobileZone(500, 100))), "zones[1].warningDistance");
    }

    @Test
    void controlCharactersInParametersAndFieldsAre400NamingThem() throws Exception {
        assertEquals(201, h.post("/api/orders", order().encode()).statusCode());
        assertBadField(h.get("/api/orders/ORD%00/compliance?reason=audit"), "id");
        assertBadField(h.get("/api/orders/ORD%00"), "id");
        assertBadField(h.get("/api/alerts?orderId=%00"), "orderId");
        assertBadField(h.get("/api/orders/" + orderId + "/compliance?reason=a%00b"), "reason");
        assertBadField(
                h.post(
                        "/api/orders/" + orderId + "/terminate",
                        new JsonObject().put("reason", "a\u0000b").encode()),
                "reason");
        assertRefusedOrder(
                order(o -> o.put("id", "ORD-NUL-" + h.suffix)
                        .getJsonArray("parties")
                        .getJsonObject(0)
                        .put("name", "R\u0000")),
                "parties[0].name");
        assertRefusedOrder(order(o -> o.put("court", "Court\u0000")), "court");
        assertRefusedOrder(order(o -> zone(o, 0).put("id", "home\u0000")), "zones[0].id");
    }

    @Test
    void datesOutsideTheAcceptedRangeAre400() throws Exception {
        assertEquals(201, h.post("/api/orders", order().encode()).statusCode());
        assertBadField(h.get("/api/alerts?from=-999999999-01-01T00:00:00Z"), "from");
        assertBadField(h.get("/api/alerts?to=+999999999-12-31T00:00:00Z"), "to");
        assertBadField(
                h.get("/api/orders/" + orderId + "/compliance?reason=audit&from=-999999999-01-01T00:00:00Z"), "from");
        assertRefusedOrder(
                order(o -> o.put("id", "ORD-FAR-" + h.suffix).put("validUntil", "+99999-01-01T00:00:00Z")),
                "validUntil");
        assertRefusedOrder(
                order(o -> o.put("id", "ORD-OLD-" + h.suffix).put("validFrom", "1000-01-01T00:00:00Z")), "validFrom");
        assertBadField(
                h.post(
                        "/api/orders/" + orderId + "/amendments",
                        new JsonObject()
                                .put("effectiveFrom", "+99999-01-01T00:00:00Z")
                                .put("validUntil", "2027-08-01T00:00:00Z")
                                .encode()),
                "effectiveFrom");
    }

    @Test
    void ordersNoOneCouldSeeOrWithUnboundedValuesAreRefused() throws Exception {
        assertRefusedOrder(order(o -> o.remove("court")), "court");
        assertRefusedOrder(order(o -> o.getJsonObject("dutyDesk").remove("station")), "dutyDesk.station");
        assertRefusedOrder(order(o -> o.put("court", 12345)), "court");
        assertRefusedOrder(order(o -> zone(o, 0).put("warningBuffer", 1e300)), "zones[0].warningBuffer");
        assertRefusedOrder(order(o -> zone(o, 0).put("id", "z".repeat(200_000))), "zones[0].id");
        assertRefusedOrder(order(o -> o.getJsonObject("dutyDesk").put("station", "s".repeat(201))), "dutyDesk.station");
        assertRefusedOrder(order(o -> o.put("admin", true)), "admin");
        assertRefusedOrder(order(o -> zone(o, 0).put("owner", "me")), "zones[0].owner");
        assertEquals(0, h.count("SELECT count(*) FROM orders"), "nothing refused was stored");
        assertEquals(201, h.post("/api/orders", order().encode()).statusCode(), "the valid order is accepted");
    }

    @Test
    void aRespondentDeviceWornUnderAnotherActiveOrderIsRefusedAtCreation() throws Exception {
        assertEquals(201, h.post("/api/orders", order().encode()).statusCode());
        JsonObject second = GatewayHarness.sampleOrder(orderId + "-B", respondent, "prot-b-" + h.suffix);
        HttpResponse<String> refused = h.post("/api/orders", second.encode());
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("device_in_use", new JsonObject(refused.body()).getString("error"));
        assertEquals("parties[0].deviceId", new JsonObject(refused.body()).getString("field"));

        assertEquals(
                200,
                h.post(
                                "/api/orders/" + orderId + "/terminate",
                                new JsonObject().put("reason", "replaced").encode())
                        .statusCode());
        assertEquals(201, h.post("/api/orders", second.encode()).statusCode(), "free again once the order ended");
    }

    /** Two gateways on one database create orders naming the same respondent device at once: one wins. */
    @Test
    void concurrentCreationsOfOneRespondentDeviceAdmitOne() throws Exception {
        try (Gateway other = h.secondGateway()) {
            HttpClient http = HttpClient.newHttpClient();
            String otherApi = "http://127.0.0.1:" + other.httpPort();
            String otherToken = GatewayHarness.login(http, otherApi, "admin", GatewayHarness.ADMIN_PASSWORD);
            String token = h.adminToken();
            for (int round = 0; round < 5; round++) {
                String device = "resp-" + round + "-" + h.suffix;
                String a = GatewayHarness.sampleOrder("ORD-A" + round + "-" + h.suffix, device, "pa" + round + h.suffix)
                        .encode();
                String b = GatewayHarness.sampleOrder("ORD-B" + round + "-" + h.suffix, device, "pb" + round + h.suffix)
                        .encode();
                CompletableFuture<HttpResponse<String>> first =
                        CompletableFuture.supplyAsync(() -> call(() -> h.post("/api/orders", a, token)));
                HttpResponse<String> second = Http.post(http, otherApi + "/api/orders", b, otherToken);
                List<Integer> statuses = List.of(first.get().statusCode(), second.statusCode()).stream()
                        .sorted()
                        .toList();
                assertEquals(List.of(201, 409), statuses, first.get().body() + " / " + second.body());
            }
        }
    }

    @Test
    void aFixDatedAheadDoesNotHideNewerRealFixes() throws Exception {
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                order(o -> o.put(
                                                "validFrom",
                                                Instant.now()
                                                        .minus(1, ChronoUnit.DAYS)
                                                        .toString()))
                                        .encode())
                        .statusCode());
        h.createUser("desk-" + h.suffix, "desk-password-long", "desk", "station", "Pudong PSB");
        String desk = h.login("desk-" + h.suffix, "desk-password-long");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MqttClient device = h.device(respondent);
        String topic = "wearables/" + respondent + "/ping";
        GatewayHarness.publish(device, topic, GatewayHarness.ping(1, now.plus(4, ChronoUnit.MINUTES), 2_000, 8, 80));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'") == 1);
        Instant real = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        GatewayHarness.publish(device, topic, GatewayHarness.ping(2, real, 1_900, 8, 80));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'") == 2);
        device.disconnect();
        device.close();

        HttpResponse<String> r = h.get("/api/orders/" + orderId + "/positions", desk);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject shown = new JsonObject(r.body()).getJsonObject("respondent");
        assertEquals(real.toString(), shown.getString("ts"), "the newest real fix, not the one dated ahead");
        assertNotEquals(now.plus(4, ChronoUnit.MINUTES).toString(), shown.getString("ts"));
    }

    /** Found by the fuzz suite: a null was stored and shown back where readers of the order expect a value. */
    @Test
    void aNullFieldOfAnOrderIs400NamingIt() throws Exception {
        assertRefusedOrder(order(o -> zone(o, 0).putNull("warningBuffer")), "zones[0].warningBuffer");
        assertRefusedOrder(order(o -> o.putNull("suspensions")), "suspensions");
    }

    /** A form body with a bad escape was decoded by the body handler, which threw: a 500. */
    @Test
    void aBodyThatIsNotJsonIs415NamingTheContentType() throws Exception {
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(h.api() + "/api/devices/" + respondent + "/assign"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Authorization", "Bearer " + h.adminToken())
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("orderId=%zz&replaces=x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(415, r.statusCode(), r.body());
        assertEquals("Content-Type", new JsonObject(r.body()).getString("field"), r.body());
        assertEquals(200, h.get("/health", null).statusCode());
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static HttpResponse<String> call(Call c) {
        try {
            return c.send();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain POST with a bearer token, to a gateway the harness did not start. */
    private static final class Http {
        static HttpResponse<String> post(HttpClient http, String url, String body, String token) throws Exception {
            return http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
