package io.stayaway.simulator.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.simulator.device.AddressedCommand;
import io.stayaway.simulator.device.Uplink;
import io.stayaway.simulator.device.UplinkKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * A broker that has lost the gateway's subscription acknowledges a ping with reason 0x10 (no matching subscribers)
 * and drops it: the simulated wearable counts that as not delivered and sends it again (docs/wire-contract.md,
 * "Acknowledgement"). Against the real Mosquitto on 127.0.0.1:1883, under a topic prefix of the test's own.
 */
class WearableLinksIT {
    private static final String PING = "{\"seq\":1,\"ts\":1764244800000,\"lat\":31.23,\"lon\":121.47,\"acc\":6.0}";

    @Test
    void aPingAcknowledgedWithNoMatchingSubscribersIsSentAgainUntilSomeoneSubscribes() throws Exception {
        TopicScheme topics = new TopicScheme("test-" + UUID.randomUUID());
        try (WearableLinks links = linkOfOneDevice(topics)) {
            links.send(new Uplink("dev-a", UplinkKind.PING, 0, PING, 1, "a ping"));
            Thread.sleep(1_200); // nobody subscribes yet: the broker answers 0x10
            try (MosquittoProbe gateway = new MosquittoProbe(topics)) {
                WearableLinks.DeliveryReport report = links.awaitDelivery(Duration.ofSeconds(10));

                assertEquals(0, report.failed(), report.problems().toString());
                assertEquals(1, report.acknowledged());
                assertTrue(links.resentCount() >= 1, "the dropped ping was sent again");
                // The broker's PUBACK to the device may come before its delivery to the subscriber.
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> !gateway.received(topics.ping("dev-a")).isEmpty());
            }
        }
    }

    @Test
    void aPingTheBrokerKeepsDroppingIsReportedAsNotDelivered() throws Exception {
        TopicScheme topics = new TopicScheme("test-" + UUID.randomUUID());
        try (WearableLinks links = linkOfOneDevice(topics)) {
            links.send(new Uplink("dev-a", UplinkKind.PING, 0, PING, 1, "a ping"));

            WearableLinks.DeliveryReport report = links.awaitDelivery(Duration.ofSeconds(2));

            assertEquals(0, report.acknowledged());
            assertEquals(1, report.failed());
            assertTrue(
                    report.problems().get(0).contains("0x10"), report.problems().toString());
        }
    }

    /** One wearable, dev-a, linked to the real Mosquitto under {@code topics}' prefix. */
    private static WearableLinks linkOfOneDevice(TopicScheme topics) throws Exception {
        Map<String, String> passwords = new HashMap<>();
        passwords.put("dev-a", null);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return WearableLinks.connect(
                MqttEndpoint.plain(MosquittoProbe.HOST, MosquittoProbe.PORT, topics),
                passwords,
                new LinkedBlockingQueue<AddressedCommand>(),
                out,
                Duration.ofSeconds(5));
    }
}
