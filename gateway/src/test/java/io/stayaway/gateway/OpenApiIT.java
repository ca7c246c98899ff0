package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.testing.FakeTwilio;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /openapi.yaml} is a valid OpenAPI document, documents exactly the routes the gateway
 * serves, and every operation's real responses (successes and errors) match its schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(value = 3, unit = TimeUnit.MINUTES)
class OpenApiIT {
    private static final String PASSWORD = "correct horse battery";
    private static final String CASEWORKERS = "Pudong Women's Federation";

    private GatewayHarness h;
    private Vertx vertx;
    private OpenAPIContract contract;
    private ServedContract served;
    /** HTTP/1.1: the JDK client's default h2c upgrade once stalled on the 33 kB document; the API's clients speak HTTP/1.1. */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Set<String> validated = new TreeSet<>();
    /** The public URL Twilio is given for inbound messages (behind a proxy: not the gateway's own port). */
    private static final String INBOUND_URL = "https://stayaway.example/twilio/inbound";

    @BeforeAll
    void start() throws Exception {
        // With a status callback URL and an inbound URL the Twilio webhooks are mounted too, so every route exists.
        h = new GatewayHarness(Map.of(
                "TWILIO_STATUS_CALLBACK_URL", "http://127.0.0.1:9/twilio/status", "TWILIO_INBOUND_URL", INBOUND_URL));
        vertx = Vertx.vertx();
        HttpResponse<String> doc = send("GET", "/openapi.yaml", null, null);
        assertEquals(200, doc.statusCode());
        served = ServedContract.parse(vertx, doc.body());
        contract = served.contract;
    }

    @AfterAll
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        h.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the request and validates the response against the operation the document gives for it; returns the response. */
    private HttpResponse<String> call(String method, String path, String body, String token, int expectedStatus)
            throws Exception {
        HttpResponse<String> r = send(method, path, body, token);
        assertEquals(expectedStatus, r.statusCode(), method + " " + path + ": " + r.body());
        String concrete = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Operation op = contract.findOperation(concrete, HttpMethod.valueOf(method));
        assertNotNull(op, "no operation documented for " + method + " " + concrete);
        served.validate(
                op.getOperationId(),
                r.statusCode(),
                r.body(),
                r.headers().firstValue("Content-Type").orElse(null));
        validated.add(op.getOperationId());
        return r;
    }

    @Test
    void theDocumentIsOpenApi31() {
        assertEquals(OpenAPIVersion.V3_1, contract.getVersion());
        assertTrue(
                contract.operations().size() >= 20,
                "operations: " + contract.operations().size());
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        Set<String> served = new TreeSet<>(h.gateway.httpRoutes());
        Set<String> documented = contract.operations().stream()
                .map(o -> o.getHttpMethod().name() + " " + o.getOpenAPIPath())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(documented, served);
    }

    @Test
    void realResponsesOfEveryOperationMatchTheDocument() throws Exception {
        String admin = h.adminToken();
        String orderId = "ORD-OAS-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        String spare = "spare-" + h.suffix;

        call("GET", "/health", null, null, 200);
        call("GET", "/ready", null, null, 200);
        call("GET", "/metrics", null, null, 200);
        call("GET", "/openapi.yaml", null, null, 200);
        call("GET", "/api/cluster", null, admin, 200);

        call(
                "POST",
                "/api/login",
                new JsonObject()
                        .put("username", "admin")
                        .put("password", GatewayHarness.ADMIN_PASSWORD)
                        .encode(),
                null,
                200);
        call(
                "POST",
                "/api/login",
                new JsonObject()
                        .put("username", "admin")
                        .put("password", "wrong-password")
                        .encode(),
                null,
                401);
        call("POST", "/api/login", new JsonObject().put("username", "").encode(), null, 400);

        JsonObject order = GatewayHarness.sampleOrder(orderId, respondent, "prot-" + h.suffix)
                .put("organisation", CASEWORKERS);
        call("POST", "/api/orders", order.encode(), admin, 201);
        call("POST", "/api/orders", order.encode(), admin, 409);
        call("POST", "/api/orders", order.copy().put("timeZone", "Mars/Olympus").encode(), admin, 400);
        call("POST", "/api/orders", "{\"pad\": \"" + "x".repeat(1_100_000) + "\"}", admin, 413);
        call("GET", "/api/orders", null, admin, 200);
        call("GET", "/api/orders/" + orderId, null, admin, 200);
        call("GET", "/api/orders/nothing-here", null, admin, 404);
        call("GET", "/api/orders/" + orderId + "/versions", null, admin, 200);
        call(
                "POST",
                "/api/orders/" + orderId + "/amendments",
                new JsonObject().put("validUntil", "2027-03-01T00:00:00Z").encode(),
                admin,
                201);

        call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "desk-oas")
                        .put("password", PASSWORD)
                        .put("role", "desk")
                        .put("station", "Pudong PSB")
                        .encode(),
                admin,
                201);
        call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "court-oas")
                        .put("password", PASSWORD)
                        .put("role", "court")
                        .put("court", "Pudong District People's Court")
                        .encode(),
                admin,
                201);
        call("GET", "/api/users", null, admin, 200);
        String desk = h.login("desk-oas", PASSWORD);
        call("GET", "/api/orders", null, null, 401);
        call("POST", "/api/orders", order.encode(), desk, 403);

        call("POST", "/api/devices", new JsonObject().put("deviceId", spare).encode(), admin, 201);
        call(
                "POST",
                "/api/devices",
                new JsonObject().put("deviceId", "not a device id").encode(),
                admin,
                400);
        call(
                "POST",
                "/api/devices/" + spare + "/assign",
                new JsonObject()
                        .put("orderId", orderId)
                        .put("replaces", respondent)
                        .encode(),
                admin,
                200);
        call("POST", "/api/devices/" + spare + "/retire", null, admin, 409);
        call("POST", "/api/devices/" + respondent + "/retire", null, admin, 200);

        String alertId = openAlert(spare, orderId);
        call("GET", "/api/alerts", null, desk, 200);
        call("GET", "/api/alerts?orderId=" + orderId + "&limit=1", null, h.login("court-oas", PASSWORD), 200);
        call("GET", "/api/alerts?limit=0", null, admin, 400);
        call("GET", "/api/alerts/" + alertId, null, desk, 200);
        call("GET", "/api/alerts/not-a-uuid", null, desk, 400);
        call("GET", "/api/alerts/" + java.util.UUID.randomUUID(), null, desk, 404);
        call(
                "POST",
                "/api/alerts/" + alertId + "/acknowledge",
                new JsonObject().put("note", "calling").encode(),
                desk,
                200);
        call(
                "POST",
                "/api/alerts/" + alertId + "/dispatch",
                new JsonObject().put("note", "unit 7").encode(),
                desk,
                200);
        call(
                "POST",
                "/api/alerts/" + alertId + "/resolve",
                new JsonObject().put("outcome", "TECHNICAL").encode(),
                desk,
                200);
        call("POST", "/api/alerts/" + alertId + "/acknowledge", "{}", desk, 409);
        call(
                "POST",
                "/api/alerts/" + alertId + "/dispatch",
                new JsonObject().put("note", "again").encode(),
                desk,
                409);
        call(
                "POST",
                "/api/alerts/" + alertId + "/resolve",
                new JsonObject().put("outcome", "TECHNICAL").encode(),
                desk,
                409);

        // Console and evidence routes (binary and streamed answers are checked here; their JSON errors by the
        // document).
        call("GET", "/console", null, null, 302);
        call("GET", "/api/alerts/stream", null, null, 401);
        call("GET", "/api/orders/" + orderId + "/positions", null, desk, 200);
        call("GET", "/api/console/settings", null, desk, 200);
        call("GET", "/api/console/settings", null, null, 401);
        String view = java.util.UUID.randomUUID().toString();
        call("GET", "/api/orders/" + orderId + "/positions?view=" + view, null, desk, 200);
        call("GET", "/api/orders/" + orderId + "/positions?view=" + view, null, desk, 200);
        call("GET", "/api/orders/" + orderId + "/positions?view=not-a-view", null, desk, 400);
        call("GET", "/api/alerts/" + alertId + "/track", null, desk, 200);
        call("GET", "/api/alerts/" + alertId + "/track", null, admin, 403);
        call("GET", "/api/alerts/not-a-uuid/track", null, desk, 400);
        call("GET", "/api/alerts/" + java.util.UUID.randomUUID() + "/track", null, desk, 404);
        call("GET", "/api/evidence/key", null, null, 200);
        call("GET", "/api/evidence/checkpoints?limit=0", null, desk, 400);
        String court = h.login("court-oas", PASSWORD);
        call("GET", "/api/alerts/" + alertId + "/evidence", null, court, 400);
        HttpResponse<String> bundle = send("GET", "/api/alerts/" + alertId + "/evidence?reason=openapi", null, court);
        assertEquals(200, bundle.statusCode());
        assertEquals(
                "application/zip", bundle.headers().firstValue("Content-Type").orElse(""));
        call("GET", "/api/evidence/checkpoints", null, desk, 200);
        call("GET", "/api/orders/" + orderId + "/compliance?reason=openapi", null, desk, 200);
        call("GET", "/api/orders/" + orderId + "/renewal-review?reason=openapi&format=json", null, court, 200);
        call("GET", "/api/orders/" + orderId + "/renewal-review", null, court, 400);
        call("GET", "/api/orders/" + orderId + "/renewal-review?reason=openapi", null, desk, 403);
        call("GET", "/api/orders/" + orderId + "/export", null, court, 400);
        HttpResponse<String> export = send("GET", "/api/orders/" + orderId + "/export?reason=openapi", null, court);
        assertEquals(200, export.statusCode());
        assertEquals(
                "application/zip", export.headers().firstValue("Content-Type").orElse(""));

        caseworkerRoutes(orderId, admin, court);

        call(
                "POST",
                "/api/orders/" + orderId + "/terminate",
                new JsonObject().put("reason", "revoked").encode(),
                admin,
                200);
        call(
                "POST",
                "/api/users/desk-oas/password",
                new JsonObject().put("password", "a new password here").encode(),
                admin,
                200);
        call("POST", "/api/users/desk-oas/disable", null, admin, 200);
        call("POST", "/api/users/nobody/disable", null, admin, 404);

        // A forged signature is 403; a form the body decoder cannot read (a bad escape, a field over its limit) is
        // 400, not 500 (found by the fuzz suite).
        Map<String, Integer> callbacks = Map.of(
                "MessageSid=SM0&MessageStatus=delivered",
                403,
                "MessageSid=%zz&MessageStatus=delivered",
                400,
                "MessageSid=" + "x".repeat(20_000),
                400);
        for (Map.Entry<String, Integer> callback : callbacks.entrySet()) {
            HttpResponse<String> twilio = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/twilio/status"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("X-Twilio-Signature", "forged")
                            .POST(HttpRequest.BodyPublishers.ofString(callback.getKey()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals((int) callback.getValue(), twilio.statusCode(), twilio.body());
            served.validate(
                    "twilioStatusCallback",
                    twilio.statusCode(),
                    twilio.body(),
                    twilio.headers().firstValue("Content-Type").orElseThrow());
        }
        validated.add("twilioStatusCallback");
        inboundMessages();

        Set<String> all = contract.operations().stream()
                .map(Operation::getOperationId)
                .collect(Collectors.toCollection(TreeSet::new));
        all.removeAll(validated);
        assertTrue(all.isEmpty(), "operations never exercised: " + all);
    }

    /** A caseworker's summary, alert list and follow-up contacts (issue #19), and the routes refused to them. */
    private void caseworkerRoutes(String orderId, String admin, String court) throws Exception {
        call(
                "POST",
                "/api/users",
                new JsonObject()
                        .put("username", "cw-oas")
                        .put("password", PASSWORD)
                        .put("role", "caseworker")
                        .put("organisation", CASEWORKERS)
                        .encode(),
                admin,
                201);
        String caseworker = h.login("cw-oas", PASSWORD);
        call("GET", "/api/orders", null, caseworker, 200);
        call("GET", "/api/orders/" + orderId, null, caseworker, 200);
        call("GET", "/api/orders/" + orderId + "/alerts", null, caseworker, 200);
        call("GET", "/api/alerts/stream", null, caseworker, 403);
        String followUps = "/api/orders/" + orderId + "/follow-ups";
        String contact = new JsonObject()
                .put("kind", "call")
                .put("at", java.time.Instant.now().toString())
                .put("outcome", "reached_safe")
                .put("note", "she is well")
                .encode();
        call("POST", followUps, contact, caseworker, 201);
        call("POST", followUps, contact, admin, 403);
        call("POST", followUps, new JsonObject().put("kind", "letter").encode(), caseworker, 400);
        call("GET", followUps, null, court, 200);
    }

    /** A forged inbound message is 403 (JSON), a signed one 200 with empty TwiML. */
    private void inboundMessages() throws Exception {
        URI local = URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/twilio/inbound");
        Map<String, String> form = Map.of(
                "MessageSid", "SMoas" + h.suffix, "From", "+8613800000009", "To", "+8610000000042", "Body", "hi");
        FakeTwilio.WebhookAnswer forged = h.twilio.postForAnswer(local, form, "forged");
        FakeTwilio.WebhookAnswer signed = h.twilio.postForAnswer(
                local, form, FakeTwilio.signature(INBOUND_URL, form, GatewayHarness.TWILIO_TOKEN));
        assertEquals(403, forged.status(), forged.body());
        assertEquals(200, signed.status(), signed.body());
        for (FakeTwilio.WebhookAnswer answer : List.of(forged, signed)) {
            served.validate("twilioInboundMessage", answer.status(), answer.body(), answer.contentType());
        }
        validated.add("twilioInboundMessage");
    }

    /** The device powers off: an immediate communication-loss alert on the order. */
    private String openAlert(String deviceId, String orderId) throws Exception {
        h.powerOff(deviceId);
        return h.firstAlertOf(orderId);
    }
}
