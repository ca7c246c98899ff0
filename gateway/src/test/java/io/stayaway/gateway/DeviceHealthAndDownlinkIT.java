package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device health timers on the server clock, and the commands the gateway sends down to devices. */
class DeviceHealthAndDownlinkIT {
    private GatewayHarness h;
    private String orderId;
    private String respondent;
    private String protectedPerson;
    private final List<JsonObject> respondentCommands = new CopyOnWriteArrayList<>();
    private final List<JsonObject> protectedCommands = new CopyOnWriteArrayList<>();
    private MqttClient respondentDevice;
    private MqttClient victimDevice;

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(Map.of("STAYAWAY_COMMUNICATION_LOSS_SECONDS", "3"));
        orderId = "ORD-H-" + h.suffix;
        respondent = "resp-" + h.suffix;
        protectedPerson = "prot-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                h.sampleOrder(orderId, respondent, protectedPerson)
                                        .encode())
                        .statusCode());
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : new MqttClient[] {respondentDevice, victimDevice}) {
            if (c != null) {
                c.disconnect();
                c.close();
            }
        }
        h.close();
    }

    /** Connects both parties' devices, each listening on its command topic (closed by {@link #stop()}). */
    private void connectBoth() throws Exception {
        respondentDevice = h.device(respondent);
        listen(respondentDevice, "wearables/" + respondent + "/cmd", respondentCommands);
        victimDevice = h.device(protectedPerson);
        listen(victimDevice, "wearables/" + protectedPerson + "/cmd", protectedCommands);
    }

    private static String ping(long seq, Instant ts, double lat, double lon) {
        return new JsonObject()
                .put("seq", seq)
                .put("ts", ts.toEpochMilli())
                .put("lat", lat)
                .put("lon", lon)
                .put("acc", 8.0)
                .encode();
    }

    private List<JsonObject> alerts(String type) throws Exception {
        JsonArray a = new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=" + type)
                        .body())
                .getJsonArray("alerts");
        return a.stream().map(JsonObject.class::cast).toList();
    }

    @Test
    void silentDeviceRaisesCommunicationLossOnTheServerClockAndItEndsWhenTheDeviceReturns() throws Exception {
        MqttClient device = h.device(respondent);
        GatewayHarness.publish(device, "wearables/" + respondent + "/ping", ping(1, Instant.now(), 31.30, 121.47));

        // Nothing else arrives: the timer alone must raise the alert (limit 3 s).
        JsonObject loss = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> alerts("COMMUNICATION_LOSS").stream()
                                .filter(a -> respondent.equals(a.getString("deviceId")))
                                .findFirst()
                                .orElse(null),
                        a -> a != null);
        assertEquals("high", loss.getString("severity"));
        assertEquals(null, loss.getValue("episodeEnd"));

        GatewayHarness.publish(device, "wearables/" + respondent + "/ping", ping(2, Instant.now(), 31.30, 121.47));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> alerts("COMMUNICATION_LOSS").stream()
                        .anyMatch(a -> respondent.equals(a.getString("deviceId")) && a.getValue("episodeEnd") != null));
        device.disconnect();
        device.close();
    }

    @Test
    void powerOffEventRaisesCommunicationLossAtOnceAndOnlyOnce() throws Exception {
        MqttClient device = h.device(protectedPerson);
        GatewayHarness.publish(
                device,
                "wearables/" + protectedPerson + "/event",
                new JsonObject()
                        .put("seq", 1)
                        .put("ts", Instant.now().toEpochMilli())
                        .put("type", "power_off")
                        .encode());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> alerts("COMMUNICATION_LOSS").stream()
                        .anyMatch(a -> protectedPerson.equals(a.getString("deviceId"))
                                && a.getJsonObject("detail")
                                        .getString("explanation")
                                        .contains("power_off")));
        // Past the 3 s timer it must recognise the same silence, not raise a second alert.
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(8))
                .until(() -> alerts("COMMUNICATION_LOSS").stream()
                                .filter(a -> protectedPerson.equals(a.getString("deviceId")))
                                .count()
                        == 1);
        device.disconnect();
        device.close();
    }

    @Test
    void approachSwitchesBothDevicesToPursuitIntervalAndWarnsTheRespondent() throws Exception {
        connectBoth();

        // 700 m north of the 500 m zone's centre: inside the warning band (500..1000 m), for four minutes of
        // device time at a 30 s cadence (slower than pursuit's 15 s, so pursuit switches it).
        Instant start = Instant.now().minusSeconds(300);
        double lat = 31.2304 + 700 / 110_950.0;
        for (int i = 0; i < 8; i++) {
            GatewayHarness.publish(
                    respondentDevice,
                    "wearables/" + respondent + "/ping",
                    ping(i + 1, start.plusSeconds(30L * i), lat, 121.4737));
        }
        await().atMost(Duration.ofSeconds(15))
                .until(() -> respondentCommands.stream().anyMatch(c -> "set_interval".equals(c.getString("type")))
                        && protectedCommands.stream().anyMatch(c -> "set_interval".equals(c.getString("type"))));
        JsonObject interval = protectedCommands.stream()
                .filter(c -> "set_interval".equals(c.getString("type")))
                .findFirst()
                .orElseThrow();
        assertEquals(15, interval.getInteger("seconds"));
        assertNotNull(interval.getString("id"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> respondentCommands.stream().anyMatch(c -> "notify".equals(c.getString("type"))));
        JsonObject warning = respondentCommands.stream()
                .filter(c -> "notify".equals(c.getString("type")))
                .findFirst()
                .orElseThrow();
        assertEquals("warning", warning.getString("level"));
        assertTrue(warning.getString("text").contains("保护令"), warning.getString("text"));
        assertTrue(
                protectedCommands.stream().noneMatch(c -> "notify".equals(c.getString("type"))),
                "the protected person gets no respondent warning");
    }

    /**
     * Pursuit on suspicion: one fix in the warning band, not enough to open an APPROACH, asks both devices for a fix
     * every 15 s at once; the next fix, clear of the band, sends them back to 60 s, with no alert and no warning.
     */
    @Test
    void oneFixInTheWarningBandSpeedsUpBothDevicesUntilTheNextFixClearsIt() throws Exception {
        connectBoth();

        Instant start = Instant.now().minusSeconds(120);
        double clear = 31.2304 + 1_500 / 110_950.0; // 1,000 m from the 500 m zone's edge, beyond its 500 m band
        double band = 31.2304 + 700 / 110_950.0;
        String topic = "wearables/" + respondent + "/ping";
        GatewayHarness.publish(respondentDevice, topic, ping(1, start, clear, 121.4737));
        GatewayHarness.publish(respondentDevice, topic, ping(2, start.plusSeconds(30), clear, 121.4737));
        GatewayHarness.publish(respondentDevice, topic, ping(3, start.plusSeconds(60), band, 121.4737));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> protectedCommands.stream().anyMatch(c -> "set_interval".equals(c.getString("type"))));
        assertEquals(15, protectedCommands.get(0).getInteger("seconds"), protectedCommands.toString());
        GatewayHarness.publish(respondentDevice, topic, ping(4, start.plusSeconds(90), clear, 121.4737));
        await().atMost(Duration.ofSeconds(15)).until(() -> protectedCommands.size() >= 2);
        assertEquals(60, protectedCommands.get(1).getInteger("seconds"), protectedCommands.toString());
        await().atMost(Duration.ofSeconds(15)).until(() -> respondentCommands.size() >= 2);
        assertEquals(
                List.of(15, 60),
                respondentCommands.stream().map(c -> c.getInteger("seconds")).toList(),
                "set_interval only, no warning: " + respondentCommands);
        assertTrue(alerts("APPROACH").isEmpty(), "one fix opens no episode");
    }

    /**
     * A respondent reporting every 5 s, back from a three-minute outage, is already faster than pursuit: it must
     * not be switched to 15 s when his approach opens (an average of the gaps, outage included, said 57 s).
     */
    @Test
    void aFastDeviceBackFromAnOutageIsNotSlowedDownByPursuit() throws Exception {
        connectBoth();

        Instant start = Instant.now().minusSeconds(290);
        double far = 31.2304 + 3_000 / 110_950.0;
        double warningBand = 31.2304 + 700 / 110_950.0;
        int seq = 1;
        for (int i = 0; i < 10; i++) { // every 5 s, far from the zone
            GatewayHarness.publish(
                    respondentDevice,
                    "wearables/" + respondent + "/ping",
                    ping(seq++, start.plusSeconds(5L * i), far, 121.4737));
        }
        // Three minutes of silence; back, its current fix, then its backlog (store and forward): a minute in the
        // warning band, every 5 s, which opens the approach at once, late.
        Instant back = start.plusSeconds(45 + 180);
        GatewayHarness.publish(
                respondentDevice, "wearables/" + respondent + "/ping", ping(seq++, back, warningBand, 121.4737));
        List<String> backlog = new java.util.ArrayList<>();
        for (int i = 12; i >= 1; i--) {
            backlog.add(ping(seq++, back.minusSeconds(5L * i), warningBand, 121.4737));
        }
        GatewayHarness.publish(
                respondentDevice, "wearables/" + respondent + "/ping", "[" + String.join(",", backlog) + "]");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> protectedCommands.stream().anyMatch(c -> "set_interval".equals(c.getString("type"))));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> respondentCommands.stream().anyMatch(c -> "notify".equals(c.getString("type"))));
        assertTrue(
                respondentCommands.stream().noneMatch(c -> "set_interval".equals(c.getString("type"))),
                "the respondent already reports every 5 s: " + respondentCommands);
    }

    /** Paho's single-subscription overload with a listener recurses forever (1.2.5); the array form works. */
    private static void listen(MqttClient client, String topic, List<JsonObject> into) throws Exception {
        client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)}, new IMqttMessageListener[] {
            (t, m) -> into.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))
        });
    }

    @Test
    void metricsEndpointExposesIngestAndAlertCounters() throws Exception {
        String text = h.get("/metrics").body();
        assertTrue(text.contains("stayaway_ingest_stored_total"), text);
        assertTrue(text.contains("stayaway_ingest_rejected_total{reason=\"out_of_range\"}"), text);
        assertTrue(text.contains("stayaway_ingest_ack_latency_seconds"), text);
        assertTrue(text.contains("stayaway_devices_online"), text);
        assertTrue(
                text.contains("stayaway_evaluation_failures_total 0.0"),
                "failures that may miss alerts are exposed: " + text);
        assertTrue(text.contains("stayaway_health_check_failures_total 0.0"), text);
    }

    /** The metrics list in docs/operations.md is hand-written: every meter the gateway exposes must be in it. */
    @Test
    void everyExposedMetricIsDocumentedInTheOperationsGuide() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "operations.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^# TYPE (stayaway_\\w+) (\\w+)$")
                .matcher(h.get("/metrics").body());
        List<String> missing = new java.util.ArrayList<>();
        int seen = 0;
        while (m.find()) {
            seen++;
            // A timer <name>_seconds is also exposed as <name>_seconds_max; the guide names the timer.
            String name = m.group(1).replaceFirst("_seconds_max$", "_seconds");
            // Prometheus exposes a counter as <name>_total; the guide names the series.
            String series = name.endsWith("_total")
                            || name.endsWith("_seconds")
                            || !m.group(2).equals("counter")
                    ? name
                    : name + "_total";
            if (!doc.contains("`" + series) && !doc.contains("`" + name)) {
                missing.add(series);
            }
        }
        assertTrue(seen > 20, "the scrape lists the gateway's meters");
        assertTrue(missing.isEmpty(), "metrics missing from docs/operations.md: " + missing);
    }
}
