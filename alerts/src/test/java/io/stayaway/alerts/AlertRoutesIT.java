package io.stayaway.alerts;

import static io.stayaway.alerts.AlertsHarness.DESK;
import static io.stayaway.alerts.AlertsHarness.PROTECTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.http.AlertRoutes;
import io.stayaway.alerts.testing.FakeTwilio;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routes as the gateway mounts them, on a real Vert.x HTTP server on an ephemeral port, called
 * with a real HTTP client; status callbacks posted and signed by the local Twilio endpoint.
 */
class AlertRoutesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();
    private AlertsHarness h;
    private Vertx vertx;
    private URI base;
    private URI callbackUrl;
    private Alerting alerting;

    @BeforeEach
    void start() throws Exception {
        h = new AlertsHarness();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        base = URI.create("http://127.0.0.1:" + server.actualPort());
        callbackUrl = base.resolve("/twilio/status");
        Alerting.Settings fast = AlertsHarness.fastSettings(callbackUrl);
        // Only delivery reports escalate in these tests, never the clock.
        alerting = h.alerting(new Alerting.Settings(
                fast.escalation().withDelays(Duration.ofMinutes(5), Duration.ofMinutes(5)),
                fast.delivery(),
                fast.webhook()));
        AlertRoutes.mount(
                router,
                alerting.alerts(),
                alerting.workflow(),
                alerting.webhook().orElseThrow(),
                ctx -> ctx.request().getHeader("X-Test-Officer"));
        alerting.start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void listingFiltersAndPagesWithTheAlertFieldsClientsRead() {
        for (int i = 0; i < 3; i++) {
            alerting.alerts().raise(AlertsHarness.breach("rt-b" + i), AlertsHarness.deskOnly());
        }
        alerting.alerts().raise(AlertsHarness.trigger(AlertType.LOW_BATTERY, "rt-l0"), AlertsHarness.deskOnly());

        JsonObject first = get("/api/alerts?type=BREACH&limit=2").json();
        assertEquals(2, first.getJsonArray("alerts").size());
        assertNotNull(first.getString("nextCursor"));
        JsonObject second = get("/api/alerts?type=BREACH&limit=2&cursor=" + first.getString("nextCursor"))
                .json();
        assertEquals(1, second.getJsonArray("alerts").size());
        assertNull(second.getString("nextCursor"));
        assertEquals(
                1, get("/api/alerts?severity=low").json().getJsonArray("alerts").size());
        assertEquals(
                0,
                get("/api/alerts?orderId=ORD-2").json().getJsonArray("alerts").size());
        assertEquals(
                4,
                get("/api/alerts?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z")
                        .json()
                        .getJsonArray("alerts")
                        .size());

        JsonObject alert = second.getJsonArray("alerts").getJsonObject(0);
        for (String field : new String[] {
            "id",
            "orderId",
            "type",
            "severity",
            "state",
            "ruleId",
            "deviceId",
            "party",
            "openedAt",
            "episodeStart",
            "episodeEnd",
            "late",
            "updatedAt",
            "detail",
            "escalationLevel",
            "escalateAt",
            "outcome"
        }) {
            assertTrue(alert.containsKey(field), field);
        }
        assertEquals("critical", alert.getString("severity"));
        assertEquals(-120.4, alert.getJsonObject("detail").getDouble("minDistanceMetres"));
        assertEquals("confirmed inside by dwell", alert.getJsonObject("detail").getString("explanation"));
    }

    @Test
    void badListParametersAreRefusedNamingTheField() {
        assertError(get("/api/alerts?limit=0"), 400, "limit");
        assertError(get("/api/alerts?state=LOST"), 400, "state");
        assertError(get("/api/alerts?severity=urgent"), 400, "severity");
        assertError(get("/api/alerts?from=yesterday"), 400, "from");
        assertError(get("/api/alerts?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 400, "to");
        assertError(get("/api/alerts?cursor=not-a-cursor"), 400, "cursor");
    }

    @Test
    void oneAlertComesWithItsLifecycleAndNotifications() {
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("rt-d"), AlertsHarness.contacts())
                .alert()
                .id();
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM notifications WHERE state = 'SENT'") == 2);

        JsonObject detail = get("/api/alerts/" + id).json();
        assertEquals("NOTIFIED", detail.getString("state"));
        JsonArray lifecycle = detail.getJsonArray("lifecycle");
        assertEquals("OPEN", lifecycle.getJsonObject(0).getString("to"));
        assertEquals("NOTIFIED", lifecycle.getJsonObject(1).getString("to"));
        assertEquals("system", lifecycle.getJsonObject(1).getString("actor"));
        JsonArray notifications = detail.getJsonArray("notifications");
        assertEquals(2, notifications.size());
        JsonObject toDesk = notifications.stream()
                .map(JsonObject.class::cast)
                .filter(n -> n.getString("to").equals(DESK))
                .findFirst()
                .orElseThrow();
        assertEquals("sms", toDesk.getString("channel"));
        assertEquals("desk", toDesk.getString("recipientRole"));
        assertEquals("SENT", toDesk.getString("state"));
        assertEquals(1, toDesk.getInteger("attempts"));
        assertTrue(toDesk.getString("providerSid").startsWith("SM"));
        assertEquals("queued", toDesk.getString("providerStatus"));
        assertEquals(0, detail.getJsonArray("escalations").size());
    }

    @Test
    void officersActThroughTheRoutesAndTheActorComesFromAuthenticationNotTheBody() {
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("rt-a"), AlertsHarness.deskOnly())
                .alert()
                .id();
        String path = "/api/alerts/" + id;

        Reply ack = post(path + "/acknowledge", "{\"note\":\"seen\",\"officer\":\"mallory\"}", "officer Li");
        assertEquals(200, ack.status());
        assertEquals("ACKNOWLEDGED", ack.json().getString("state"));
        assertError(post(path + "/acknowledge", "{}", "officer Wang"), 409, null);
        assertError(post(path + "/dispatch", "{}", "officer Li"), 400, "note");
        assertEquals(
                "DISPATCHED",
                post(path + "/dispatch", "{\"note\":\"unit 12\"}", "officer Li")
                        .json()
                        .getString("state"));
        assertError(post(path + "/resolve", "{\"outcome\":\"SOLVED\"}", "officer Li"), 400, "outcome");
        assertError(post(path + "/resolve", "{\"note\":\"done\"}", "officer Li"), 400, "outcome");
        Reply resolved =
                post(path + "/resolve", "{\"outcome\":\"CONFIRMED_BREACH\",\"note\":\"detained\"}", "officer Wang");
        assertEquals(200, resolved.status());
        assertEquals("CONFIRMED_BREACH", resolved.json().getString("outcome"));

        JsonArray lifecycle = get(path).json().getJsonArray("lifecycle");
        assertEquals("officer Li", record(lifecycle, "ACKNOWLEDGED").getString("actor"));
        assertEquals("seen", record(lifecycle, "ACKNOWLEDGED").getString("note"));
        assertEquals("unit 12", record(lifecycle, "DISPATCHED").getString("note"));
        assertEquals("officer Wang", record(lifecycle, "RESOLVED").getString("actor"));
        assertEquals("CONFIRMED_BREACH", record(lifecycle, "RESOLVED").getString("outcome"));
    }

    @Test
    void refusedRequestsAnswerWithTheRightStatus() {
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("rt-e"), AlertsHarness.deskOnly())
                .alert()
                .id();
        assertError(get("/api/alerts/" + UUID.randomUUID()), 404, null);
        assertError(get("/api/alerts/not-a-uuid"), 400, "id");
        assertError(post("/api/alerts/" + UUID.randomUUID() + "/acknowledge", "{}", "officer Li"), 404, null);
        assertError(post("/api/alerts/" + id + "/acknowledge", "{}", null), 401, null);
        assertError(post("/api/alerts/" + id + "/acknowledge", "{not json", "officer Li"), 400, null);
        assertError(post("/api/alerts/" + id + "/acknowledge", "{\"note\":42}", "officer Li"), 400, "note");
        assertError(post("/api/alerts/" + id + "/resolve", "{\"outcome\":\"FALSE_ALARM\"}", "officer Li"), 409, null);
        assertTrue(
                AlertLifecycle.awaitsAcknowledgement(
                        alerting.alerts().get(id).orElseThrow().state()),
                "refusals changed nothing");
    }

    @Test
    void aDeliveredReportUpdatesTheNotificationAndALateEarlierStatusDoesNotUndoIt() {
        alerting.alerts().raise(AlertsHarness.trigger(AlertType.APPROACH, "rt-s"), AlertsHarness.deskOnly());
        await().atMost(WAIT)
                .until(() -> h.smsTo(DESK).size() == 1
                        && h.count("SELECT count(*) FROM notifications WHERE provider_sid IS NOT NULL") == 1);
        FakeTwilio.Received sms = h.smsTo(DESK).get(0);
        assertEquals(callbackUrl.toString(), sms.statusCallback(), "the SDK gave Twilio our webhook");

        assertEquals(204, h.twilio.reportStatus(sms.sid(), "delivered"));
        assertEquals(204, h.twilio.reportStatus(sms.sid(), "sent"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM notifications WHERE provider_status = 'delivered' AND state = 'SENT'"));
        assertEquals(
                2,
                h.count("SELECT count(*) FROM notification_status_reports WHERE provider_sid = '" + sms.sid() + "'"));
    }

    @Test
    void aCallbackWithABadSignatureIsRefusedAndRecorded() {
        alerting.alerts().raise(AlertsHarness.trigger(AlertType.APPROACH, "rt-x"), AlertsHarness.deskOnly());
        await().atMost(WAIT)
                .until(() -> h.count("SELECT count(*) FROM notifications WHERE provider_sid IS NOT NULL") == 1);
        String sid = h.smsTo(DESK).get(0).sid();
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("MessageSid", sid);
        forged.put("MessageStatus", "failed");
        forged.put("AccountSid", AlertsHarness.SID);

        assertEquals(
                403,
                h.twilio.post(
                        callbackUrl, forged, FakeTwilio.signature(callbackUrl.toString(), forged, "wrong-token")));
        assertEquals(403, h.twilio.post(callbackUrl, forged, null));
        assertEquals(2, h.count("SELECT count(*) FROM rejected_callbacks"));
        assertEquals(1, h.count("SELECT count(*) FROM rejected_callbacks WHERE reason = 'missing X-Twilio-Signature'"));
        assertEquals(
                2,
                h.count("SELECT count(*) FROM rejected_callbacks WHERE params LIKE '%MessageStatus=failed%' AND url = '"
                        + callbackUrl + "'"));
        assertEquals(
                0, h.count("SELECT count(*) FROM notifications WHERE provider_status = 'failed' OR state = 'FAILED'"));
        assertEquals(0, h.count("SELECT count(*) FROM notification_status_reports"));
    }

    @Test
    void aFailedReportForTheDeskEscalatesByVoice() {
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("rt-f"), AlertsHarness.deskOnly())
                .alert()
                .id();
        await().atMost(WAIT)
                .until(() -> h.count("SELECT count(*) FROM notifications WHERE provider_sid IS NOT NULL") == 1);

        assertEquals(204, h.twilio.reportStatus(h.smsTo(DESK).get(0).sid(), "undelivered"));
        await().atMost(WAIT).until(() -> h.callsTo(DESK).size() == 1);
        JsonObject detail = get("/api/alerts/" + id).json();
        assertEquals(
                "DESK_DELIVERY_FAILED",
                detail.getJsonArray("escalations").getJsonObject(0).getString("reason"));
        JsonObject sms = detail.getJsonArray("notifications").getJsonObject(0);
        assertEquals("FAILED", sms.getString("state"));
        assertEquals("undelivered", sms.getString("providerStatus"));
        assertEquals("provider reported undelivered (error 30003)", sms.getString("lastError"));
    }

    @Test
    void aFailedReportForTheProtectedPersonOfACriticalAlertCallsHer() {
        alerting.alerts().raise(AlertsHarness.breach("rt-p"), AlertsHarness.contacts());
        await().atMost(WAIT)
                .until(() -> h.count("SELECT count(*) FROM notifications WHERE provider_sid IS NOT NULL") == 2);

        assertEquals(204, h.twilio.reportStatus(h.smsTo(PROTECTED).get(0).sid(), "failed"));
        await().atMost(WAIT).until(() -> h.callsTo(PROTECTED).size() == 1);
        assertTrue(h.callsTo(PROTECTED).get(0).twiml().contains("<Say language=\"en-US\" loop=\"3\">Safety alert:"));
    }

    @Test
    void aReportThatArrivesBeforeTheSidIsRecordedIsAppliedWhenItIs() {
        String nextSid = "SM" + String.format("%032x", 1);
        Map<String, String> early = new LinkedHashMap<>();
        early.put("MessageSid", nextSid);
        early.put("MessageStatus", "delivered");
        assertEquals(
                204,
                h.twilio.post(
                        callbackUrl, early, FakeTwilio.signature(callbackUrl.toString(), early, AlertsHarness.TOKEN)));
        assertEquals(1, h.count("SELECT count(*) FROM notification_status_reports WHERE notification_id IS NULL"));

        alerting.alerts().raise(AlertsHarness.trigger(AlertType.APPROACH, "rt-early"), AlertsHarness.deskOnly());
        await().atMost(WAIT)
                .until(() -> h.count("SELECT count(*) FROM notifications WHERE provider_status = 'delivered'") == 1);
        assertEquals(0, h.count("SELECT count(*) FROM notification_status_reports WHERE notification_id IS NULL"));
    }

    /** The lifecycle record that moved the alert to {@code state} (the system's NOTIFIED may come before or after an officer's move). */
    private static JsonObject record(JsonArray lifecycle, String state) {
        return lifecycle.stream()
                .map(JsonObject.class::cast)
                .filter(t -> state.equals(t.getString("to")))
                .findFirst()
                .orElseThrow();
    }

    private record Reply(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private static void assertError(Reply reply, int status, String field) {
        assertEquals(status, reply.status(), reply.body());
        JsonObject body = reply.json();
        assertNotNull(body.getString("error"), reply.body());
        assertNotNull(body.getString("message"), reply.body());
        assertEquals(field, body.getString("field"), reply.body());
    }

    private Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private Reply post(String path, String json, String officer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (officer != null) {
            b.header("X-Test-Officer", officer);
        }
        return send(b);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
