package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * The gateway process is killed with SIGKILL in the middle of a stream and started again: every
 * ping the broker acknowledged to the device is stored exactly once, the breach that was open
 * before the crash is neither raised nor texted twice, and it closes after the restart from the
 * persisted evaluator state.
 */
class CrashRecoveryIT {
    private static final double HOME_LAT = 31.2304;
    private static final double HOME_LON = 121.4737;
    private static final int PINGS = 2_400;
    private static final int KILL_AT = 1_100;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sigkillMidStreamLosesNothingAcknowledgedAndRaisesNothingTwice() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String respondent = "resp-" + suffix;
        String orderId = "ORD-CRASH-" + suffix;
        try (TestDatabase db = new TestDatabase();
                FakeTwilio twilio = new FakeTwilio();
                PrivateBroker broker = new PrivateBroker()) {
            int httpPort = freePort();
            Map<String, String> env = new java.util.HashMap<>(GatewayHarness.ACCESS);
            env.putAll(Map.of(
                    "STAYAWAY_DB_URL",
                    db.jdbcUrl(),
                    "STAYAWAY_DB_USER",
                    db.user(),
                    "STAYAWAY_DB_PASSWORD",
                    db.password(),
                    "STAYAWAY_HTTP_PORT",
                    Integer.toString(httpPort),
                    "STAYAWAY_BROKER_URL",
                    broker.url(),
                    "STAYAWAY_BROKER_CLIENT_ID",
                    "gw-crash-" + suffix,
                    "TWILIO_ACCOUNT_SID",
                    GatewayHarness.TWILIO_SID,
                    "TWILIO_AUTH_TOKEN",
                    GatewayHarness.TWILIO_TOKEN,
                    "TWILIO_FROM_NUMBER",
                    GatewayHarness.TWILIO_FROM,
                    "TWILIO_API_BASE_URL",
                    twilio.baseUrl().toString()));
            Process gateway = startGateway(env, "first");
            try {
                awaitReady(httpPort);
                String token = GatewayHarness.login(
                        http, "http://127.0.0.1:" + httpPort, "admin", GatewayHarness.ADMIN_PASSWORD);
                HttpResponse<String> created = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/orders"))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        GatewayHarness.sampleOrder(orderId, respondent, "prot-" + suffix)
                                                .encode()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());

                MqttClient device = new MqttClient(broker.url(), respondent, new MemoryPersistence());
                device.connect(new MqttConnectionOptions());
                AtomicInteger acknowledged = new AtomicInteger();
                Instant start = Instant.now().minusSeconds(PINGS + 60);
                for (int i = 0; i < PINGS; i++) {
                    if (i == KILL_AT) {
                        // The breach has been confirmed and texted by now; kill without any chance to clean up.
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> count(db, "SELECT count(*) FROM alerts WHERE type = 'BREACH'") == 1);
                        await().atMost(Duration.ofSeconds(30))
                                .until(() -> twilio.received().stream().anyMatch(r -> isBreachText(r)));
                        gateway.destroyForcibly().waitFor();
                    }
                    if (i == KILL_AT + 300) {
                        gateway = startGateway(env, "second");
                    }
                    MqttMessage m =
                            new MqttMessage(ping(i, start.plusSeconds(i)).getBytes(StandardCharsets.UTF_8));
                    m.setQos(1);
                    device.publish("wearables/" + respondent + "/ping", m); // returns once the broker acknowledged it
                    acknowledged.incrementAndGet();
                }
                device.disconnect();
                device.close();
                awaitReady(httpPort);

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> count(db, "SELECT count(*) FROM pings WHERE device_id = '" + respondent + "'")
                                == acknowledged.get());
                assertEquals(
                        PINGS,
                        count(db, "SELECT count(DISTINCT seq) FROM pings WHERE device_id = '" + respondent + "'"),
                        "every acknowledged ping, once");
                assertEquals(
                        1,
                        count(db, "SELECT count(*) FROM alerts WHERE type = 'BREACH'"),
                        "the breach open across the crash is one alert");
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                count(db, "SELECT count(*) FROM alerts WHERE type = 'BREACH' AND ended_at IS NOT NULL")
                                        == 1);
                JsonArray alerts = new JsonObject(http.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        "http://127.0.0.1:" + httpPort + "/api/alerts?type=BREACH"))
                                                .header("Authorization", "Bearer " + token)
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .getJsonArray("alerts");
                assertNotNull(alerts.getJsonObject(0).getString("episodeEnd"), "the episode closed after the restart");
                long breachTexts = twilio.received().stream()
                        .filter(CrashRecoveryIT::isBreachText)
                        .count();
                assertEquals(1, breachTexts, "the duty desk is texted once for the one breach");
            } finally {
                gateway.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean isBreachText(FakeTwilio.Received r) {
        return "Messages".equals(r.resource()) && r.body() != null && r.body().startsWith("【严重违令】");
    }

    /** 5 m/s walk from 1.5 km into the 500 m zone, 20 min at 100 m from the centre, then out to 1.5 km. */
    private static String ping(int i, Instant ts) {
        double d;
        if (i < 280) {
            d = 1500 - 5.0 * i;
        } else if (i < 1800) {
            d = 100;
        } else {
            d = Math.min(1500, 100 + 5.0 * (i - 1800));
        }
        return new JsonObject()
                .put("seq", i)
                .put("ts", ts.toEpochMilli())
                .put("lat", HOME_LAT + d / 110_950.0)
                .put("lon", HOME_LON)
                .put("acc", 6.0)
                .encode();
    }

    private static Process startGateway(Map<String, String> env, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "gateway-0.1.0-SNAPSHOT.jar").toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(new File("target", "crash-recovery-gateway-" + name + ".log"));
        return pb.start();
    }

    private void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
