package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.testing.FakeTwilio;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Safety check-ins through the gateway (issue #19): the order's {@code checkIns} field validated and amended
 * through the API, and {@code POST /twilio/inbound} end to end on the gateway's HTTP server: Twilio's signed
 * message (posted to the gateway's port, signed for the public URL Twilio knows) raises CHECK_IN_HELP, listed by
 * the alert API and texted to the desk through the real SDK; a forged one is refused and recorded. One gateway
 * for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckInGatewayIT {
    private static final String INBOUND_URL = "https://stayaway.example/twilio/inbound";
    private static final String HER = "+8613800000002";
    private GatewayHarness h;
    private String orderId;

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness(Map.of("TWILIO_INBOUND_URL", INBOUND_URL));
        orderId = "ORD-CI-" + h.suffix;
        JsonObject order = GatewayHarness.sampleOrder(orderId, "resp-ci-" + h.suffix, "prot-ci-" + h.suffix)
                .put("checkIns", new JsonObject().put("every", "P14D"));
        HttpResponse<String> created = h.post("/api/orders", order.encode());
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @Test
    void aCheckInScheduleOutsideOneTo90DaysIsRefusedNamingTheFieldAndOneInsideIsAmendable() throws Exception {
        for (Object bad : new Object[] {"P91D", "P1M", "weekly", 7}) {
            JsonObject order = GatewayHarness.sampleOrder("ORD-CIX-" + h.suffix, "r-x-" + h.suffix, "p-x-" + h.suffix)
                    .put("checkIns", new JsonObject().put("every", bad));
            assertBadField(h.post("/api/orders", order.encode()), "checkIns.every");
        }
        assertBadField(
                h.post(
                        "/api/orders/" + orderId + "/amendments",
                        new JsonObject()
                                .put("checkIns", new JsonObject().put("often", true))
                                .encode()),
                "checkIns.often");

        HttpResponse<String> amended = h.post(
                "/api/orders/" + orderId + "/amendments",
                new JsonObject()
                        .put("checkIns", new JsonObject().put("enabled", false))
                        .encode());
        assertEquals(201, amended.statusCode(), amended.body());
        assertEquals(
                new JsonObject().put("enabled", false),
                new JsonObject(amended.body()).getJsonObject("checkIns"),
                amended.body());
        HttpResponse<String> again = h.post(
                "/api/orders/" + orderId + "/amendments",
                new JsonObject()
                        .put("checkIns", new JsonObject().put("every", "P7D"))
                        .encode());
        assertEquals(201, again.statusCode(), again.body());
    }

    @Test
    void aSignedReplyOf2ThroughTheGatewayRaisesCheckInHelpAndTextsTheDesk() throws Exception {
        URI local = URI.create(h.api() + "/twilio/inbound");
        Map<String, String> form = Map.of(
                "MessageSid",
                "SMgw" + h.suffix,
                "AccountSid",
                GatewayHarness.TWILIO_SID,
                "From",
                HER,
                "To",
                GatewayHarness.TWILIO_FROM,
                "Body",
                "2");
        long t0 = System.nanoTime();
        FakeTwilio.WebhookAnswer answer = h.twilio.postForAnswer(
                local, form, FakeTwilio.signature(INBOUND_URL, form, GatewayHarness.TWILIO_TOKEN));
        long answeredMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("text/xml"), answer.contentType());
        assertTrue(answer.body().endsWith("<Response/>"), answer.body());

        JsonArray help = new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=CHECK_IN_HELP")
                        .body())
                .getJsonArray("alerts");
        assertEquals(1, help.size(), "stored before Twilio was answered");
        assertEquals("critical", help.getJsonObject(0).getString("severity"));
        FakeTwilio.Received desk = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> h.twilio.received().stream()
                                .filter(r -> "+8621000000110".equals(r.to())
                                        && r.body().startsWith("【回访求助】"))
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
        long deskMillis = (desk.receivedAtNanos() - t0) / 1_000_000;
        System.out.printf(
                "through the gateway: CHECK_IN_HELP stored and answered in %d ms, desk SMS after %d ms%n",
                answeredMillis, deskMillis);
        assertTrue(deskMillis < 1_000, "desk texted after " + deskMillis + " ms");
        assertEquals(1, h.count("SELECT count(*) FROM check_in_replies WHERE order_id = '" + orderId + "'"));
    }

    @Test
    void aForgedReplyThroughTheGatewayIsRefusedAndRecorded() throws Exception {
        URI local = URI.create(h.api() + "/twilio/inbound");
        Map<String, String> form = Map.of("MessageSid", "SMforged" + h.suffix, "From", HER, "Body", "2");
        FakeTwilio.WebhookAnswer answer =
                h.twilio.postForAnswer(local, form, FakeTwilio.signature(INBOUND_URL, form, "not-the-token"));
        assertEquals(403, answer.status(), answer.body());
        assertEquals("X-Twilio-Signature", new JsonObject(answer.body()).getString("field"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM rejected_callbacks WHERE url = '" + INBOUND_URL
                        + "' AND params LIKE '%SMforged" + h.suffix + "%'"));
        assertEquals(
                0, h.count("SELECT count(*) FROM check_in_replies WHERE message_sid = 'SMforged" + h.suffix + "'"));
    }

    private static void assertBadField(HttpResponse<String> r, String field) {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(field, new JsonObject(r.body()).getString("field"), r.body());
    }
}
