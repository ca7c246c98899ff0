package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Devices over their life, in embedded mode (the gateway authenticates each device): register, reconnect, assign to
 * an order in place of another, retire.
 */
class DeviceLifecycleIT {
    private GatewayHarness h;
    private String orderId;
    private String respondent;
    private String spare;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(Map.of("STAYAWAY_MQTT_MODE", "embedded", "STAYAWAY_EMBEDDED_MQTT_PORT", "0"));
        orderId = "ORD-DEV-" + h.suffix;
        respondent = "resp-" + h.suffix;
        spare = "spare-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder(orderId, respondent, "prot-" + h.suffix)
                                        .encode())
                        .statusCode());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private HttpResponse<String> assign(String deviceId, String replaces) throws Exception {
        return h.post(
                "/api/devices/" + deviceId + "/assign",
                new JsonObject()
                        .put("orderId", orderId)
                        .put("replaces", replaces)
                        .encode());
    }

    private static String error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("error");
    }

    @Test
    void aRetiredDevicesMqttLoginIsRefusedAndItCannotComeBack() throws Exception {
        String password = h.registerDevice(spare);
        MqttClient before = h.embeddedDevice(spare, password);

        HttpResponse<String> retired = h.post("/api/devices/" + spare + "/retire", "{}");
        assertEquals(200, retired.statusCode(), retired.body());
        await().atMost(Duration.ofSeconds(10)).until(() -> !before.isConnected());
        before.close(true);
        MqttException refused = assertThrows(MqttException.class, () -> h.embeddedDevice(spare, password));
        assertEquals(0x86, refused.getReasonCode(), "MQTT 5 reason: bad user name or password");

        assertEquals(
                "device_retired",
                error(h.post(
                        "/api/devices",
                        new JsonObject()
                                .put("deviceId", spare)
                                .put("rotate", true)
                                .encode())));
        HttpResponse<String> again = h.post("/api/devices/" + spare + "/retire", "{}");
        assertEquals(409, again.statusCode());
        assertEquals("device_retired", error(again));
        assertEquals(409, assign(spare, respondent).statusCode(), "a retired device is never assigned");
        assertEquals(
                404, h.post("/api/devices/nobody-" + h.suffix + "/retire", "{}").statusCode());
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'device.retire' AND resource = 'device/" + spare
                        + "'"));
    }

    @Test
    void aWornDeviceIsReplacedThenRetiredAndTheReplacementIsEvaluated() throws Exception {
        String oldPassword = h.registerDevice(respondent);
        HttpResponse<String> worn = h.post("/api/devices/" + respondent + "/retire", "{}");
        assertEquals(409, worn.statusCode());
        assertEquals("device_assigned", error(worn));

        String password = h.registerDevice(spare);
        HttpResponse<String> assigned = assign(spare, respondent);
        assertEquals(200, assigned.statusCode(), assigned.body());
        JsonObject order = new JsonObject(assigned.body());
        assertEquals(2, order.getInteger("version"));
        JsonArray parties = order.getJsonArray("parties");
        assertEquals(
                spare,
                parties.stream()
                        .map(JsonObject.class::cast)
                        .filter(p -> "respondent".equals(p.getString("role")))
                        .findFirst()
                        .orElseThrow()
                        .getString("deviceId"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'device.assign' AND resource = 'order/" + orderId
                        + "/version/2'"));

        assertEquals(
                200,
                h.post("/api/devices/" + respondent + "/retire", "{}").statusCode(),
                "replaced, it can be retired");
        assertThrows(MqttException.class, () -> h.embeddedDevice(respondent, oldPassword));

        MqttClient device = h.embeddedDevice(spare, password);
        Instant start = Instant.now().plusSeconds(1);
        for (int i = 0; i < 5; i++) {
            GatewayHarness.publish(
                    device,
                    "wearables/" + spare + "/ping",
                    new JsonObject()
                            .put("seq", i + 1)
                            .put("ts", start.plusSeconds(5L * i).toEpochMilli())
                            .put("lat", 31.2304 + 100 / 111_320.0)
                            .put("lon", 121.4737)
                            .put("acc", 8.0)
                            .encode());
        }
        device.disconnect();
        device.close();
        JsonObject breach = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=BREACH")
                                        .body())
                                .getJsonArray("alerts"),
                        a -> !a.isEmpty())
                .getJsonObject(0);
        assertEquals(spare, breach.getString("deviceId"));
        assertEquals("respondent", breach.getString("party"));
    }

    @Test
    void aReconnectionTakesOverTheSessionSoCommandsAndRetirementReachTheNewOne() throws Exception {
        String password = h.registerDevice(respondent);
        MqttClient first = h.embeddedDevice(respondent, password);
        MqttClient second = h.embeddedDevice(respondent, password); // the same client id: MQTT §3.1.4 takeover
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isConnected());
        first.close(true);

        // 700 m north of the zone's centre, in its warning band, every 30 s: pursuit mode commands the device.
        List<JsonObject> commands = new CopyOnWriteArrayList<>();
        second.subscribe(
                new MqttSubscription[] {new MqttSubscription("wearables/" + respondent + "/cmd", 1)},
                new IMqttMessageListener[] {
                    (t, m) -> commands.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))
                });
        Instant start = Instant.now().minusSeconds(300);
        for (int i = 0; i < 8; i++) {
            GatewayHarness.publish(
                    second,
                    "wearables/" + respondent + "/ping",
                    GatewayHarness.ping(i + 1, start.plusSeconds(30L * i), 700, 8, 80));
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> commands.stream().anyMatch(c -> "set_interval".equals(c.getString("type"))));

        h.registerDevice(spare);
        assertEquals(200, assign(spare, respondent).statusCode());
        assertEquals(200, h.post("/api/devices/" + respondent + "/retire", "{}").statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> !second.isConnected());
        second.close(true);
    }

    @Test
    void assignmentsThatCannotHoldAreRefused() throws Exception {
        HttpResponse<String> unknown = assign(spare, respondent);
        assertEquals(404, unknown.statusCode(), "an unregistered device");
        h.registerDevice(spare);
        HttpResponse<String> notAParty = assign(spare, "someone-else");
        assertEquals(400, notAParty.statusCode());
        assertEquals("replaces", new JsonObject(notAParty.body()).getString("field"));
        HttpResponse<String> inUse = assign("prot-" + h.suffix, respondent);
        assertEquals(409, inUse.statusCode());
        assertEquals("device_in_use", error(inUse));
        HttpResponse<String> noOrder = h.post(
                "/api/devices/" + spare + "/assign",
                new JsonObject().put("replaces", respondent).encode());
        assertEquals(400, noOrder.statusCode());
        assertEquals("orderId", new JsonObject(noOrder.body()).getString("field"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM order_versions WHERE order_id = '" + orderId + "'"),
                "nothing refused was stored");
    }
}
