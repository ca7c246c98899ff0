package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * The durable downlink queue: commands to devices wait for an offline device, survive a restart, are sent
 * again until the device acknowledges them, keep their order (a newer set_interval replacing a pending
 * one), and a burst larger than the broker's window of publishes in flight is delivered in full.
 */
class DownlinkQueueIT {
    private static final Map<String, String> EMBEDDED =
            Map.of("STAYAWAY_MQTT_MODE", "embedded", "STAYAWAY_EMBEDDED_MQTT_PORT", "0");

    @Test
    void commandsWaitForAnOfflineDeviceTheLatestIntervalWinsAndNotifiesKeepTheirOrder() throws Exception {
        try (GatewayHarness h = new GatewayHarness(EMBEDDED)) {
            String device = "dl-" + h.suffix;
            String password = h.registerDevice(device);
            String fast = interval(15);
            String first = notify("first");
            String slow = interval(60);
            String second = notify("second");
            for (String c : List.of(fast, first, slow, second)) {
                h.gateway.downlink().send(device, c);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(h, "stayaway_downlink_pending") == 3);
            assertEquals(1, metric(h, "stayaway_downlink_superseded"));

            List<JsonObject> received = new CopyOnWriteArrayList<>();
            MqttClient wearable = h.embeddedDevice(device, password);
            listen(wearable, device, received);
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 3);
            assertEquals(
                    List.of(id(first), id(slow), id(second)), ids(received), "in order, the 15 s interval superseded");
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(h, "stayaway_downlink_pending") == 0);
            assertEquals(3, metric(h, "stayaway_downlink_delivered"));
            Thread.sleep(1_500);
            assertEquals(3, received.size(), "acknowledged commands are not sent again: " + received);
            wearable.disconnect();
            wearable.close();
        }
    }

    @Test
    void aCommandPendingAtARestartIsDeliveredByTheNextGateway() throws Exception {
        try (GatewayHarness h = new GatewayHarness(EMBEDDED)) {
            String device = "dl-" + h.suffix;
            String password = h.registerDevice(device);
            String fast = interval(15);
            h.gateway.downlink().send(device, fast);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(h, "stayaway_downlink_pending") == 1);
            h.gateway.close();
            try (Gateway restarted = h.secondGateway()) {
                List<JsonObject> received = new CopyOnWriteArrayList<>();
                MqttClient wearable = connect(restarted, device, password);
                listen(wearable, device, received);
                await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 1);
                assertEquals(List.of(id(fast)), ids(received));
                wearable.disconnect();
                wearable.close();
            }
        }
    }

    @Test
    void aCommandTheDeviceNeverAcknowledgedIsSentAgainWhenItReconnects() throws Exception {
        try (GatewayHarness h = new GatewayHarness(EMBEDDED)) {
            String device = "dl-" + h.suffix;
            String password = h.registerDevice(device);
            List<JsonObject> seenUnacknowledged = new CopyOnWriteArrayList<>();
            MqttClient mute = h.embeddedDevice(device, password);
            mute.setManualAcks(true); // receives, never sends PUBACK
            listen(mute, device, seenUnacknowledged);
            String fast = interval(15);
            h.gateway.downlink().send(device, fast);
            await().atMost(Duration.ofSeconds(10)).until(() -> seenUnacknowledged.size() == 1);
            mute.disconnectForcibly(0, 0, false);
            mute.close();
            assertEquals(1, metric(h, "stayaway_downlink_pending"), "not acknowledged, so still pending");

            List<JsonObject> received = new CopyOnWriteArrayList<>();
            MqttClient wearable = h.embeddedDevice(device, password);
            listen(wearable, device, received);
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 1);
            assertEquals(List.of(id(fast)), ids(received));
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(h, "stayaway_downlink_pending") == 0);
            wearable.disconnect();
            wearable.close();
        }
    }

    /** Mosquitto lets a client have 20 publishes in flight; 300 commands at once once lost all but those. */
    @Test
    void aBurstOfCommandsToManyDevicesIsDeliveredInFullThroughTheBroker() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            String prefix = "burst-" + h.suffix + "-";
            List<JsonObject> received = new CopyOnWriteArrayList<>();
            MqttClient watcher = new MqttClient(GatewayHarness.BROKER, "watch-" + h.suffix, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            watcher.connect(o);
            watcher.subscribe(
                    new MqttSubscription[] {new MqttSubscription("wearables/+/cmd", 1)}, new IMqttMessageListener[] {
                        (t, m) -> {
                            if (t.startsWith("wearables/" + prefix)) {
                                received.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)));
                            }
                        }
                    });
            int devices = 300;
            for (int i = 0; i < devices; i++) {
                h.gateway.downlink().send(prefix + i, interval(15));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= devices);
            assertEquals(devices, ids(received).stream().distinct().count());
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(h, "stayaway_downlink_pending") == 0);
            watcher.disconnect();
            watcher.close();
        }
    }

    /**
     * Through a broker, a command to a device that is not subscribed (offline, no persistent session) is answered
     * 0x10, no matching subscribers, and dropped by the broker: it stays pending and reaches the device once it
     * subscribes.
     */
    @Test
    void throughTheBrokerACommandNoOneIsSubscribedToWaitsForTheDevice() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            String device = "away-" + h.suffix;
            String fast = interval(15);
            h.gateway.downlink().send(device, fast);
            Thread.sleep(2_000);
            assertEquals(1, metric(h, "stayaway_downlink_pending"), "dropped by the broker, so not delivered");
            assertTrue(metric(h, "stayaway_downlink_retries") >= 1);

            List<JsonObject> received = new CopyOnWriteArrayList<>();
            MqttClient wearable = new MqttClient(GatewayHarness.BROKER, device, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            wearable.connect(o);
            listen(wearable, device, received);
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 1);
            assertEquals(List.of(id(fast)), ids(received));
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(h, "stayaway_downlink_pending") == 0);
            wearable.disconnect();
            wearable.close();
        }
    }

    private static MqttClient connect(Gateway gateway, String deviceId, String password) throws Exception {
        MqttClient c = new MqttClient(
                "tcp://127.0.0.1:" + gateway.mqttPort(), deviceId + "-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(deviceId);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        return c;
    }

    /** Paho's single-subscription overload with a listener recurses forever (1.2.5); the array form works. */
    private static void listen(MqttClient client, String deviceId, List<JsonObject> into) throws Exception {
        client.subscribe(
                new MqttSubscription[] {new MqttSubscription("wearables/" + deviceId + "/cmd", 1)},
                new IMqttMessageListener[] {
                    (t, m) -> into.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))
                });
    }

    private static String interval(int seconds) {
        return new JsonObject()
                .put("id", UUID.randomUUID().toString())
                .put("type", "set_interval")
                .put("seconds", seconds)
                .encode();
    }

    private static String notify(String text) {
        return new JsonObject()
                .put("id", UUID.randomUUID().toString())
                .put("type", "notify")
                .put("level", "warning")
                .put("text", text)
                .encode();
    }

    private static String id(String command) {
        return new JsonObject(command).getString("id");
    }

    private static List<String> ids(List<JsonObject> commands) {
        return commands.stream().map(c -> c.getString("id")).toList();
    }

    /** A value of the gateway's /metrics (Prometheus text); 0 when absent. */
    private static long metric(GatewayHarness h, String name) throws Exception {
        String body = h.get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:_total)?(?:\\{[^}]*\\})? ([0-9.Ee+-]+)$")
                .matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
