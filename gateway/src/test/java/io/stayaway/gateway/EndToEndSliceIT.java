package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.gateway.ingest.RejectReason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The foundation slice, for real: an order over the API, a wearable publishing through Mosquitto,
 * the gateway storing every ping in PostgreSQL, JTS deciding the breach in metres, the alert stored
 * and served by the API, and the SMS sent by the Twilio SDK to a Twilio-compatible endpoint.
 */
class EndToEndSliceIT {

    private GatewayHarness h;

    @BeforeEach
    void start() {
        h = new GatewayHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void approachAndBreachIsStoredAlertedServedAndTextedToTheDutyDesk() throws Exception {
        String orderId = "ORD-E2E-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        HttpResponse<String> created = h.post(
                "/api/orders",
                h.sampleOrder(orderId, respondent, "prot-" + h.suffix).encode());
        assertEquals(201, created.statusCode(), created.body());

        // A walk from 2 km north straight into the 500 m zone, then two minutes 150-300 m inside it.
        List<Double> track = List.of(
                2000.0, 1600.0, 1200.0, 900.0, 700.0, 520.0, 400.0, 300.0, 250.0, 200.0, 180.0, 160.0, 150.0, 150.0,
                150.0, 160.0, 150.0, 155.0, 150.0, 150.0);
        Instant start = Instant.now().minusSeconds(300);
        MqttClient device = h.device(respondent);
        for (int i = 0; i < track.size(); i++) {
            GatewayHarness.publish(
                    device,
                    "wearables/" + respondent + "/ping",
                    GatewayHarness.ping(i + 1, start.plusSeconds(10L * i), track.get(i), 8.0, 80));
        }
        device.disconnect();
        device.close();

        JsonObject alert = await().atMost(Duration.ofSeconds(30)).until(() -> breachAlert(orderId), a -> a != null);
        assertEquals("critical", alert.getString("severity"));
        assertEquals("home", alert.getString("ruleId"));
        assertEquals(respondent, alert.getString("deviceId"));
        assertEquals("respondent", alert.getString("party"));
        assertFalse(alert.getBoolean("late"));

        assertEquals(track.size(), h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'"));
        assertEquals(1, h.count("SELECT count(*) FROM alerts WHERE order_id = '" + orderId + "' AND type = 'BREACH'"));

        // The approach through the warning band texts an APPROACH warning first; the breach is its own message.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> h.twilio.received().stream().anyMatch(r -> r.body().startsWith("【严重违令】")));
        FakeTwilio.Received desk = smsTo("+8621000000110", "【严重违令】");
        assertEquals("Messages", desk.resource());
        assertEquals(GatewayHarness.TWILIO_FROM, desk.from());
        String localStart = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(Instant.parse(alert.getString("episodeStart")).atZone(ZoneId.of("Asia/Shanghai")));
        // The alert is raised when the episode is confirmed and updated as later fixes go deeper: wait for the update
        // that carries the deepest fix (reading the first version raced with it).
        JsonObject updated = await().atMost(Duration.ofSeconds(15))
                .until(() -> breachAlert(orderId), a -> Math.abs(depthOf(a)) >= 320);
        long deepest = Math.round(Math.abs(depthOf(updated)));
        assertTrue(deepest >= 320 && deepest <= 360, "deepest fix was ~350 m inside the 500 m circle, got " + deepest);
        // The SMS is written when the episode is confirmed, so it quotes the depth at that moment.
        Matcher sms = Pattern.compile("【严重违令】保护令 " + Pattern.quote(orderId) + "：被申请人自 " + Pattern.quote(localStart)
                        + "（Asia/Shanghai）起确认进入禁止区域“home”（深入 (\\d+) 米）。请在值班台确认并派警。")
                .matcher(desk.body());
        assertTrue(sms.matches(), desk.body());
        long depthWhenConfirmed = Long.parseLong(sms.group(1));
        assertTrue(depthWhenConfirmed >= 90 && depthWhenConfirmed <= deepest, "depth quoted " + depthWhenConfirmed);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> h.twilio.received().stream().anyMatch(r -> r.body().startsWith("Safety alert:")));
        FakeTwilio.Received victim = smsTo("+8613800000002", "Safety alert:");
        assertTrue(victim.body().contains("has entered a protected area near you"), victim.body());
        assertEquals(
                1,
                h.twilio.received().stream()
                        .filter(r -> r.body().startsWith("【严重违令】"))
                        .count(),
                "one episode, one breach SMS to the desk");
    }

    @Test
    void malformedAndOutOfRangePingsAreRejectedWithReasonsAndTheNextPingIsStillStored() throws Exception {
        String orderId = "ORD-BAD-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                h.sampleOrder(orderId, respondent, "prot-" + h.suffix)
                                        .encode())
                        .statusCode());
        String topic = "wearables/" + respondent + "/ping";
        Instant now = Instant.now();

        MqttClient device = h.device(respondent);
        GatewayHarness.publish(device, topic, "{\"seq\":1,\"ts\":" + now.toEpochMilli() + ",\"lat\":31.2,");
        GatewayHarness.publish(
                device, topic, "{\"seq\":2,\"ts\":" + now.toEpochMilli() + ",\"lat\":95.0,\"lon\":121.47,\"acc\":5}");
        GatewayHarness.publish(
                device, topic, "{\"seq\":3,\"ts\":" + now.toEpochMilli() + ",\"lat\":NaN,\"lon\":121.47,\"acc\":5}");
        GatewayHarness.publish(device, topic, GatewayHarness.ping(4, now, 3000, 6.0, 80));
        device.disconnect();
        device.close();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'") == 1);
        assertEquals(4, h.count("SELECT seq FROM pings WHERE device_id = '" + respondent + "'"));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        h.count("SELECT count(*) FROM rejected_messages WHERE device_id = '" + respondent + "'") == 3);
        assertEquals(
                1,
                h.count("SELECT count(*) FROM rejected_messages WHERE device_id = '" + respondent
                        + "' AND reason = 'malformed_json'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM rejected_messages WHERE device_id = '" + respondent
                        + "' AND reason = 'out_of_range' AND detail LIKE '%''lat''%95.0%'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM rejected_messages WHERE device_id = '" + respondent
                        + "' AND reason = 'not_finite'"));
        assertTrue(h.gateway.rejections().count(RejectReason.OUT_OF_RANGE) >= 1);
        assertTrue(h.gateway.rejections().count(RejectReason.NOT_FINITE) >= 1);
        assertTrue(h.gateway.rejections().count(RejectReason.MALFORMED_JSON) >= 1);
    }

    private JsonObject breachAlert(String orderId) throws Exception {
        HttpResponse<String> r = h.get("/api/alerts?orderId=" + orderId + "&type=BREACH");
        JsonArray alerts = new JsonObject(r.body()).getJsonArray("alerts");
        return alerts.isEmpty() ? null : alerts.getJsonObject(0);
    }

    private FakeTwilio.Received smsTo(String number, String bodyPrefix) {
        return h.twilio.received().stream()
                .filter(r -> number.equals(r.to()) && r.body().startsWith(bodyPrefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SMS to " + number + " among " + h.twilio.received()));
    }

    private static double depthOf(JsonObject alert) {
        return alert.getJsonObject("detail").getDouble("minDistanceMetres");
    }
}
