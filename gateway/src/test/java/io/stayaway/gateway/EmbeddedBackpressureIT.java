package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Embedded mode while storage is held back: the endpoint stops reading from a device's connection, so a device
 * that does not limit itself (MQTT 3.1.1 has no Receive Maximum) cannot grow the store's queue past its capacity
 * by more than what was already read; once storage catches up everything acknowledged is stored.
 */
class EmbeddedBackpressureIT {
    private static final int CAPACITY = 50;
    private static final int FLOOD = 5_000;
    /** Read past saturation: at most one socket read (Netty reads up to 64 KiB at a time, ~450 pings), with room. */
    private static final int OVERSHOOT = 1_000;

    @Test
    void anMqtt311DevicesFloodIsNotReadWhileStorageIsBehindAndWhatWasAcknowledgedIsStored() throws Exception {
        try (GatewayHarness h = new GatewayHarness(Map.of(
                "STAYAWAY_MQTT_MODE", "embedded",
                "STAYAWAY_EMBEDDED_MQTT_PORT", "0",
                "STAYAWAY_WRITER_QUEUE_CAPACITY", String.valueOf(CAPACITY),
                "STAYAWAY_WRITER_BATCH_SIZE", "10"))) {
            String respondent = "resp-" + h.suffix;
            assertEquals(
                    201,
                    h.post(
                                    "/api/orders",
                                    GatewayHarness.sampleOrder("ORD-BP-" + h.suffix, respondent, "prot-" + h.suffix)
                                            .encode())
                            .statusCode());
            MqttAsyncClient device = mqtt311Device(h, respondent, h.registerDevice(respondent));
            List<IMqttDeliveryToken> sent = new ArrayList<>();
            AtomicInteger deepest = new AtomicInteger();
            try (Connection holder = h.db.dataSource().getConnection();
                    Statement st = holder.createStatement()) {
                holder.setAutoCommit(false);
                st.execute("LOCK TABLE pings IN SHARE MODE"); // storage waits for this transaction
                Instant start = Instant.now().minusSeconds(FLOOD);
                for (int i = 0; i < FLOOD; i++) {
                    byte[] ping = GatewayHarness.ping(i, start.plusSeconds(i), 5_000, 6, 80)
                            .getBytes(StandardCharsets.UTF_8);
                    sent.add(device.publish("wearables/" + respondent + "/ping", ping, 1, false));
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> h.gateway.writer().queueDepth() >= CAPACITY);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(20))
                        .until(
                                () -> deepest.accumulateAndGet(
                                        h.gateway.writer().queueDepth(), Math::max),
                                depth -> depth <= CAPACITY + OVERSHOOT);
                holder.rollback();
            }
            System.out.println("deepest writer queue while storage was held: " + deepest);
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.stream().allMatch(IMqttToken::isComplete));
            assertEquals(
                    FLOOD,
                    h.count("SELECT count(DISTINCT seq) FROM pings WHERE device_id = '" + respondent + "'"),
                    "every acknowledged ping stored once");
            device.disconnect().waitForCompletion(5_000);
            device.close();
        }
    }

    /** An MQTT 3.1.1 device (Paho's v3 client) with no window of its own: it sends the whole flood at once. */
    private static MqttAsyncClient mqtt311Device(GatewayHarness h, String deviceId, String password) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(
                "tcp://127.0.0.1:" + h.gateway.mqttPort(), deviceId + "-" + h.suffix, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(deviceId);
        options.setPassword(password.toCharArray());
        options.setMaxInflight(FLOOD);
        client.connect(options).waitForCompletion(10_000);
        return client;
    }
}
