package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fuzz suite's MQTT half (issue 15): a registered wearable sends generated hostile messages to the
 * embedded endpoint (mutated pings and events, store-and-forward arrays of every size, random JSON, bytes
 * that are not UTF-8, other devices' topics, topics that are no one's, foreign subscriptions), and strangers
 * try hostile credentials. Asserted: no refused CONNECT ever gets in; the device hears nothing addressed to
 * another; no message is answered by more than one error or leaves more than one rejection row; nothing is
 * stored under another device's id; and the gateway keeps serving: after every round another wearable's
 * valid ping is stored and the fuzzing device itself, reconnected if it was cut off, still stores a valid ping.
 *
 * <p>{@code -Dstayaway.fuzz.seed=N|random} and {@code -Dstayaway.fuzz.mqtt.tries=N} as for {@link ApiFuzzIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.MINUTES)
class MqttFuzzIT {
    private final FuzzSettings settings = FuzzSettings.fromSystemProperties("mqtt", 600);
    private GatewayHarness h;
    private String fuzzer;
    private String fuzzerSecret;
    private String bystander;
    private MqttClient bystanderClient;
    private long bystanderSeq;
    private MqttClient client;
    private final AtomicInteger errorsHeard = new AtomicInteger();
    private final Map<String, Integer> foreignHeard = new TreeMap<>();

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness(Map.of("STAYAWAY_MQTT_MODE", "embedded", "STAYAWAY_EMBEDDED_MQTT_PORT", "0"));
        fuzzer = "fz-m-" + h.suffix;
        bystander = "fz-b-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder("ORD-FZM-" + h.suffix, fuzzer, bystander)
                                        .encode())
                        .statusCode());
        fuzzerSecret = h.registerDevice(fuzzer);
        bystanderClient = h.embeddedDevice(bystander, h.registerDevice(bystander));
        connect();
    }

    @AfterAll
    void stop() throws Exception {
        for (MqttClient c : new MqttClient[] {client, bystanderClient}) {
            if (c != null && c.isConnected()) {
                c.disconnect();
            }
            if (c != null) {
                c.close();
            }
        }
        h.close();
    }

    /** (Re)connects the fuzzing wearable and listens on its own error and command topics. */
    private void connect() throws Exception {
        if (client != null) {
            client.close(true);
        }
        client = h.embeddedDevice(fuzzer, fuzzerSecret);
        client.setCallback(new Listener());
        client.subscribe("wearables/" + fuzzer + "/error", 1);
        client.subscribe("wearables/" + fuzzer + "/cmd", 1);
    }

    @Test
    void theEmbeddedEndpointSurvivesHostileDevicesAndStrangers() throws Exception {
        System.out.println("MqttFuzzIT " + settings);
        FuzzInputs in = new FuzzInputs(new Random(settings.seed()));
        LogCapture log = LogCapture.attach();
        long rejectedBefore = h.count("SELECT count(*) FROM rejected_messages");
        Map<String, Integer> kinds = new TreeMap<>();
        int published = 0;
        int cutOff = 0;
        for (int attempt = 1; attempt <= settings.tries(); attempt++) {
            String kind;
            try {
                kind = step(in, attempt);
            } catch (AssertionError e) {
                throw new AssertionError(settings + " try " + attempt + ": " + e.getMessage(), e);
            }
            kinds.merge(kind, 1, Integer::sum);
            if (kind.startsWith("publish")) {
                published++;
            }
            if (!client.isConnected()) {
                cutOff++;
                connect();
            }
            if (attempt % 50 == 0) {
                assertStillServing(settings + " after try " + attempt);
            }
        }
        assertStillServing(settings + " at the end");
        long rejected = h.count("SELECT count(*) FROM rejected_messages") - rejectedBefore;
        System.out.printf(
                "MqttFuzzIT: %d tries %s; %d messages published, %d rejection rows, %d errors heard, cut off %d times%n",
                settings.tries(), kinds, published, rejected, errorsHeard.get(), cutOff);
        log.close();
        System.out.println("MqttFuzzIT: " + log.lines() + " log lines");
        assertTrue(log.forgeries().isEmpty(), settings + ": log lines a device could forge: " + log.forgeries());
        assertTrue(foreignHeard.isEmpty(), settings + ": heard other devices' topics " + foreignHeard);
        assertTrue(
                rejected <= published, settings + ": " + rejected + " rejection rows for " + published + " messages");
        assertTrue(
                errorsHeard.get() <= published,
                settings + ": " + errorsHeard.get() + " errors heard for " + published + " messages");
        assertEquals(
                bystanderSeq,
                h.count("SELECT count(*) FROM pings WHERE device_id = '" + bystander + "'"),
                settings + ": pings stored under the bystander's id that it did not send");
    }

    /** One generated action; returns its kind. */
    private String step(FuzzInputs in, int attempt) throws Exception {
        int kind = in.random().nextInt(20);
        if (kind < 13) {
            String topic = "wearables/" + fuzzer + (in.random().nextBoolean() ? "/ping" : "/event");
            return publish(topic, payload(in, attempt)) ? "publish" : "publish (cut off)";
        }
        if (kind < 15) {
            String topic = in.pick(List.of(
                    "wearables/" + bystander + "/ping",
                    "wearables/" + fuzzer + "/cmd",
                    "wearables/" + fuzzer + "/error",
                    "wearables/" + fuzzer + "/ping/extra",
                    "wearables//ping",
                    "foo",
                    "$SYS/broker",
                    "wearables/"
                            + in.string().replace('/', '_').replace('+', '_').replace('#', '_') + "/ping"));
            String body = GatewayHarness.ping(attempt, Instant.now(), 3_000, 8, 80);
            return publish(topic, body.getBytes(StandardCharsets.UTF_8))
                    ? "publish elsewhere"
                    : "publish elsewhere (cut off)";
        }
        if (kind < 17) {
            String filter = in.pick(
                    List.of("#", "wearables/#", "wearables/+/cmd", "wearables/" + bystander + "/cmd", "$SYS/#"));
            try {
                client.subscribe(filter, 1);
            } catch (MqttException e) {
                return "foreign subscription (cut off)";
            }
            return "foreign subscription";
        }
        String username = in.pick(List.of(in.string(), fuzzer, "nobody-" + attempt, "admin"));
        String password = in.pick(List.of("", "wrong", in.string()));
        if (in.random().nextBoolean()) {
            // A raw MQTT 3.1.1 CONNECT carries what Paho would refuse to send (line breaks, NUL, escapes).
            int code;
            try {
                code = RawConnect.connect(h.gateway.mqttPort(), "fz-raw-" + attempt, username, password);
            } catch (java.io.IOException e) {
                return "hostile raw connect (closed without an answer)";
            }
            if (code != 0) {
                return "hostile raw connect";
            }
        } else {
            try {
                h.embeddedDevice(username, password).close(true);
            } catch (MqttException e) {
                return "hostile connect";
            } catch (IllegalArgumentException e) {
                return "hostile connect (refused by Paho itself)";
            }
        }
        throw new AssertionError("a CONNECT as " + username + " with a wrong secret was accepted");
    }

    /** Publishes with QoS 1; false when the endpoint cut the session off instead of acknowledging. */
    private boolean publish(String topic, byte[] payload) {
        try {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            client.publish(topic, m);
            return true;
        } catch (MqttException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A hostile ping or event body: mutated, random, not JSON, not UTF-8, or an array of any size. */
    private byte[] payload(FuzzInputs in, int attempt) {
        JsonObject ping = new JsonObject(GatewayHarness.ping(attempt, Instant.now(), 3_000, 8, 80));
        int kind = in.random().nextInt(10);
        String text;
        if (kind < 4) {
            text = in.mutate(ping).body();
        } else if (kind < 6) {
            int n = in.pick(List.of(2, 50, 999, 1_000, 1_001, 5_000, 20_000));
            JsonArray array = new JsonArray();
            for (int i = 0; i < n; i++) {
                array.add(
                        in.random().nextBoolean()
                                ? new JsonObject()
                                : ping.copy().put("seq", attempt * 100_000L + i));
            }
            text = array.encode();
        } else if (kind < 7) {
            text = in.rawBody();
        } else if (kind < 8) {
            Object json = in.randomJson(3);
            text = json instanceof JsonObject o ? o.encode() : String.valueOf(json);
        } else if (kind < 9) {
            byte[] bytes = new byte[1 + in.random().nextInt(2_000)];
            in.random().nextBytes(bytes);
            return bytes;
        } else {
            text = FuzzInputs.deepNesting(in.pick(List.of(100, 5_000, 100_000)));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Another wearable's valid ping is stored, and so is one of the fuzzing wearable's own. */
    private void assertStillServing(String when) throws Exception {
        long seq = ++bystanderSeq;
        GatewayHarness.publish(
                bystanderClient,
                "wearables/" + bystander + "/ping",
                GatewayHarness.ping(seq, Instant.now(), 3_000, 8, 80));
        long before = h.count("SELECT count(*) FROM pings WHERE device_id = '" + fuzzer + "'");
        GatewayHarness.publish(
                client,
                "wearables/" + fuzzer + "/ping",
                GatewayHarness.ping(1_000_000 + seq, Instant.now(), 3_000, 8, 80));
        await().atMost(Duration.ofSeconds(20))
                .alias(when + ": the bystander's ping " + seq + " and the fuzzer's valid ping stored")
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + bystander + "'") == seq
                        && h.count("SELECT count(*) FROM pings WHERE device_id = '" + fuzzer + "'") > before);
        assertEquals(200, h.get("/health", null).statusCode(), when + ": /health");
    }

    /** Counts what the fuzzing wearable hears: its own errors, and anything on a topic that is not its own. */
    private final class Listener implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.equals("wearables/" + fuzzer + "/error")) {
                errorsHeard.incrementAndGet();
            } else if (!topic.equals("wearables/" + fuzzer + "/cmd")) {
                synchronized (foreignHeard) {
                    foreignHeard.merge(topic, 1, Integer::sum);
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
