package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT endpoint under a hostile client (issue #15, items 2, 5 and 6): a rotated secret's session is
 * ended, a user name cannot forge a log line, refusals cannot flood the log, credential checks run side by side
 * and cost the same for unknown ids, and one bad array earns one error and one row.
 */
class MqttHardeningIT {
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private GatewayHarness h;
    private String respondent;

    @BeforeEach
    void start() throws Exception {
        log.start();
        root().addAppender(log);
        h = new GatewayHarness(Map.of("STAYAWAY_MQTT_MODE", "embedded", "STAYAWAY_EMBEDDED_MQTT_PORT", "0"));
        respondent = "resp-" + h.suffix;
        HttpResponse<String> order = h.post(
                "/api/orders",
                GatewayHarness.sampleOrder("ORD-HARD-" + h.suffix, respondent, "prot-" + h.suffix)
                        .encode());
        assertEquals(201, order.statusCode(), order.body());
    }

    @AfterEach
    void stop() {
        h.close();
        root().detachAppender(log);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private String rotate(String deviceId) throws Exception {
        HttpResponse<String> r = h.post(
                "/api/devices",
                new JsonObject().put("deviceId", deviceId).put("rotate", true).encode());
        assertEquals(201, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("password");
    }

    /** A CONNECT with this user name and password under a client id of its own; the client, connected. */
    private MqttClient connect(String username, String password) throws MqttException {
        MqttClient c = new MqttClient(
                "tcp://127.0.0.1:" + h.gateway.mqttPort(),
                "c-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(username);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(60);
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    private double metric(String nameAndLabels) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$")
                .matcher(h.get("/metrics").body());
        assertTrue(m.find(), nameAndLabels + " is not exposed");
        return Double.parseDouble(m.group(1));
    }

    private static String fix(long seq, Instant ts) {
        return GatewayHarness.ping(seq, ts, 3000, 8, 80);
    }

    // Item 2

    @Test
    void rotatingASecretEndsTheSessionOpenedWithTheOldOneAndOnlyTheNewOneConnects() throws Exception {
        String old = h.registerDevice(respondent);
        MqttClient before = connect(respondent, old);

        String fresh = rotate(respondent);

        await().atMost(Duration.ofSeconds(10)).until(() -> !before.isConnected());
        before.close(true);
        MqttException refused = assertThrows(MqttException.class, () -> connect(respondent, old));
        assertEquals(0x86, refused.getReasonCode(), "MQTT 5 reason: bad user name or password");
        MqttClient after = connect(respondent, fresh);
        GatewayHarness.publish(after, "wearables/" + respondent + "/ping", fix(1, Instant.now()));
        assertEquals(1, h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'"));
        after.disconnect();
        after.close();
    }

    // Item 5

    @Test
    void aUserNameCannotWriteALineIntoTheLog() throws Exception {
        String forged = "x\n12:00:00.000 INFO  [main] i.s.g.api.UserRoutes - FORGED admin password changed\r";
        assertEquals(
                4,
                RawConnect.connect(h.gateway.mqttPort(), "raw-" + h.suffix, forged, "guess"),
                "MQTT 3.1.1 CONNACK: bad user name or password");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("FORGED")));
        for (ILoggingEvent e : List.copyOf(log.list)) {
            String line = e.getFormattedMessage();
            if (line.contains("FORGED")) {
                assertFalse(line.contains("\n") || line.contains("\r"), "a line break reached the log: " + line);
            }
        }
    }

    /** Found by the fuzz suite's log: every refused subscription was a warning, so a device could flood the log. */
    @Test
    void aDeviceAskingAgainAndAgainForAForeignTopicIsLoggedOnceAMinute() throws Exception {
        MqttClient device = connect(respondent, h.registerDevice(respondent));
        for (int i = 0; i < 30; i++) {
            device.subscribe("wearables/someone-else/cmd", 1);
        }
        GatewayHarness.publish(device, "wearables/" + respondent + "/ping", fix(1, Instant.now()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'") == 1);
        assertEquals(
                1,
                List.copyOf(log.list).stream()
                        .filter(e -> e.getFormattedMessage().contains("may not subscribe"))
                        .count(),
                "one line for 30 refused subscriptions");
        device.disconnect();
        device.close();
    }

    @Test
    void everyRefusedConnectIsCountedButAtMostTwentyAreLogged() throws Exception {
        h.registerDevice(respondent);
        for (int i = 0; i < 30; i++) {
            assertThrows(MqttException.class, () -> connect(respondent, "guess"));
        }
        assertEquals(30, metric("stayaway_mqtt_connections_refused_total{reason=\"bad_credentials\"}"));
        long logged = log.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith("refused MQTT connection"))
                .count();
        assertTrue(logged <= 20, logged + " refusals logged");
    }

    @Test
    void credentialChecksRunSideBySideAndAValidConnectGetsThroughFortyBadOnes() throws Exception {
        String password = h.registerDevice(respondent);
        ExecutorService clients = Executors.newFixedThreadPool(41);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> bad = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String who = i % 2 == 0 ? respondent : "nobody-" + i;
                bad.add(CompletableFuture.supplyAsync(() -> refusedAfter(go, who), clients));
            }
            CompletableFuture<MqttClient> valid = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            go.await();
                            return connect(respondent, password);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    clients);
            go.countDown();
            MqttClient device = valid.get(60, TimeUnit.SECONDS);
            assertTrue(device.isConnected());
            for (CompletableFuture<Boolean> f : bad) {
                assertTrue(f.get(60, TimeUnit.SECONDS), "each bad CONNECT is refused");
            }
            device.disconnect();
            device.close();
        } finally {
            clients.shutdownNow();
        }
        assertEquals(41, metric("stayaway_mqtt_secret_checks_total"));
        assertTrue(
                metric("stayaway_mqtt_credential_checks_in_flight_max") >= 2,
                "checks ran side by side, not one after another");
    }

    private boolean refusedAfter(CountDownLatch go, String username) {
        try {
            go.await();
            connect(username, "guess").close(true);
            return false;
        } catch (MqttException e) {
            return e.getReasonCode() == 0x86;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void anUnknownDeviceIdCostsOneSecretCheckAsAKnownOneDoes() throws Exception {
        h.registerDevice(respondent);
        assertThrows(MqttException.class, () -> connect(respondent, "guess"));
        assertEquals(1, metric("stayaway_mqtt_secret_checks_total"), "a known id with a wrong secret");
        assertThrows(MqttException.class, () -> connect("nobody-" + h.suffix, "guess"));
        assertEquals(2, metric("stayaway_mqtt_secret_checks_total"), "an unknown id: the same PBKDF2");
    }

    // Item 6

    /** Errors echoed to the device, and a marker message whose own error says all before it have arrived. */
    private List<JsonObject> errorsOf(MqttClient device, String payload) throws Exception {
        List<JsonObject> errors = new CopyOnWriteArrayList<>();
        device.subscribe(
                new MqttSubscription[] {new MqttSubscription("wearables/" + respondent + "/error", 1)},
                new IMqttMessageListener[] {
                    (t, m) -> errors.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))
                });
        GatewayHarness.publish(device, "wearables/" + respondent + "/ping", payload);
        GatewayHarness.publish(device, "wearables/" + respondent + "/ping", "{\"marker\":true}");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> errors.stream()
                        .anyMatch(e -> e.getString("detail").contains("'seq'")
                                && !e.getString("detail").contains("elements")));
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        h.count("SELECT count(*) FROM rejected_messages WHERE raw = '{\"marker\":true}'::bytea") == 1);
        return errors.subList(0, errors.size() - 1);
    }

    /** Found by the fuzz suite: a NUL in a refused value failed the insert, and the batch's other rows with it. */
    @Test
    void aRefusedValueHoldingANulIsKeptEscaped() throws Exception {
        MqttClient device = connect(respondent, h.registerDevice(respondent));
        String ping = new JsonObject(fix(1, Instant.now()))
                .put("acc", "8\u0000\nforged")
                .encode();

        List<JsonObject> errors = errorsOf(device, ping);

        assertEquals(1, errors.size(), "one error for the message");
        assertEquals(2, h.count("SELECT count(*) FROM rejected_messages"), "the row kept, and the marker's");
        assertEquals(
                1,
                h.count("SELECT count(*) FROM rejected_messages WHERE position('\\u0000' in detail) > 0"
                        + " AND position(E'\\n' in detail) = 0"),
                "the NUL and the line break kept as escapes");
        device.disconnect();
        device.close();
    }

    @Test
    void anArrayOfEightySevenThousandEmptyObjectsEarnsOneErrorAndOneRow() throws Exception {
        MqttClient device = connect(respondent, h.registerDevice(respondent));
        String flood = "[" + String.join(",", Collections.nCopies(87_000, "{}")) + "]";

        List<JsonObject> errors = errorsOf(device, flood);

        assertEquals(1, errors.size(), "one error for the message");
        assertEquals("oversize", errors.get(0).getString("reason"));
        assertTrue(errors.get(0).getString("detail").contains("87000 elements, over the cap of 1000"));
        assertEquals(2, h.count("SELECT count(*) FROM rejected_messages"), "one row, and the marker's");
        device.disconnect();
        device.close();
    }

    @Test
    void aPartlyBadArrayStoresItsGoodElementsAndEarnsOneSummarizedError() throws Exception {
        MqttClient device = connect(respondent, h.registerDevice(respondent));
        Instant start = Instant.now().minusSeconds(3600);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (i % 4 == 1) {
                elements.add("{\"ts\":" + start.toEpochMilli() + ",\"lat\":31.3,\"lon\":121.4,\"acc\":5}");
            } else if (i == 2 || i == 6) {
                elements.add(fix(i, start.plusSeconds(i)).replace("\"lon\":121.4737", "\"lon\":181"));
            } else {
                elements.add(fix(i, start.plusSeconds(i)));
            }
        }

        List<JsonObject> errors = errorsOf(device, "[" + String.join(",", elements) + "]");

        assertEquals(28, h.count("SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'"));
        assertEquals(1, errors.size(), "one error for the message");
        assertEquals("missing_field", errors.get(0).getString("reason"));
        assertTrue(
                errors.get(0)
                        .getString("detail")
                        .startsWith("12 of 40 elements rejected: 10 missing_field, 2 out_of_range; the first: "),
                errors.get(0).getString("detail"));
        assertEquals(2, h.count("SELECT count(*) FROM rejected_messages"), "one row, and the marker's");
        assertEquals(10 + 1, metric("stayaway_ingest_rejected_total{reason=\"missing_field\"}"), "each counted");
        device.disconnect();
        device.close();
    }
}
