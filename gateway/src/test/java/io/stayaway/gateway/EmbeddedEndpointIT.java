package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Embedded mode: the gateway is the devices' MQTT endpoint, authenticating each device and acknowledging only what is stored. */
class EmbeddedEndpointIT {
    private GatewayHarness h;
    private String respondent;
    private String other;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(Map.of("STAYAWAY_MQTT_MODE", "embedded", "STAYAWAY_EMBEDDED_MQTT_PORT", "0"));
        respondent = "resp-" + h.suffix;
        other = "prot-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                h.sampleOrder("ORD-EMB-" + h.suffix, respondent, other)
                                        .encode())
                        .statusCode());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static String ping(long seq) {
        return new JsonObject()
                .put("seq", seq)
                .put("ts", Instant.now().toEpochMilli())
                .put("lat", 31.30)
                .put("lon", 121.47)
                .put("acc", 6.0)
                .encode();
    }

    @Test
    void registeredDevicePublishesAndItsPingIsStoredBeforePubackReturns() throws Exception {
        String password = h.registerDevice(respondent);
        MqttClient device = h.embeddedDevice(respondent, password);
        GatewayHarness.publish(
                device, "wearables/" + respondent + "/ping", ping(1)); // MqttClient.publish waits for PUBACK
        assertEquals(
                1,
                h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'"),
                "PUBACK only after the ping is durable");
        device.disconnect();
        device.close();
    }

    @Test
    void wrongPasswordAndUnregisteredDeviceAreRefusedAtConnect() throws Exception {
        h.registerDevice(respondent);
        MqttException wrong = assertThrows(MqttException.class, () -> h.embeddedDevice(respondent, "not-the-secret"));
        assertEquals(0x86, wrong.getReasonCode(), "MQTT 5 reason: bad user name or password");
        assertThrows(MqttException.class, () -> h.embeddedDevice("stranger-" + h.suffix, "anything"));
    }

    @Test
    void secretIsShownOnceAndCanOnlyBeReplacedByRotation() throws Exception {
        h.registerDevice(respondent);
        HttpResponse<String> again = h.post(
                "/api/devices", new JsonObject().put("deviceId", respondent).encode());
        assertEquals(409, again.statusCode());
        assertEquals("credentials_exist", new JsonObject(again.body()).getString("error"));
        HttpResponse<String> rotated = h.post(
                "/api/devices",
                new JsonObject().put("deviceId", respondent).put("rotate", true).encode());
        assertEquals(201, rotated.statusCode());
        assertTrue(h.count("SELECT count(*) FROM devices WHERE device_id = '" + respondent
                        + "' AND password_hash LIKE 'pbkdf2-sha256$%'")
                == 1);
    }

    @Test
    void deviceCannotPublishOrSubscribeForAnotherDevice() throws Exception {
        MqttClient device = h.embeddedDevice(respondent, h.registerDevice(respondent));
        h.registerDevice(other);
        GatewayHarness.publish(device, "wearables/" + other + "/ping", ping(1));
        assertEquals(0, h.count("SELECT count(*) FROM pings WHERE device_id = '" + other + "'"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> h.count("SELECT count(*) FROM rejected_messages WHERE reason = 'wrong_device'") == 1);

        MqttAsyncClient async = new MqttAsyncClient(
                "tcp://127.0.0.1:" + h.gateway.mqttPort(), respondent + "-sub-" + h.suffix, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(respondent);
        o.setPassword(h.post(
                        "/api/devices",
                        new JsonObject()
                                .put("deviceId", respondent)
                                .put("rotate", true)
                                .encode())
                .body()
                .transform(b -> new JsonObject(b).getString("password"))
                .getBytes(StandardCharsets.UTF_8));
        async.connect(o).waitForCompletion(5_000);
        IMqttToken token = async.subscribe(
                new MqttSubscription[] {new MqttSubscription("wearables/" + other + "/cmd", 1)},
                null,
                null,
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        token.waitForCompletion(5_000);
        assertEquals(0x87, token.getReasonCodes()[0], "MQTT 5 reason: not authorized");
        IMqttToken own = async.subscribe(
                new MqttSubscription[] {new MqttSubscription("wearables/" + respondent + "/cmd", 1)},
                null,
                null,
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties());
        own.waitForCompletion(5_000);
        assertFalse(own.getReasonCodes()[0] >= 0x80, "its own command topic is allowed");
        async.disconnect().waitForCompletion(5_000);
        async.close();
        device.close();
    }
}
