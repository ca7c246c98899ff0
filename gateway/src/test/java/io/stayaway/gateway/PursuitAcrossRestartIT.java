package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * Devices switched to pursuit mode's 15 s interval before a gateway restart are switched back to 60 s
 * when the episode that made them fast closes after it.
 */
class PursuitAcrossRestartIT {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String orderId = "ORD-PR-" + suffix;
    private final String respondent = "resp-" + suffix;
    private final String protectedPerson = "prot-" + suffix;
    private final Instant start = Instant.now().minusSeconds(600);

    @Test
    void devicesInPursuitBeforeARestartAreSwitchedBackWhenTheEpisodeClosesAfterIt() throws Exception {
        List<JsonObject> respondentCommands = new CopyOnWriteArrayList<>();
        List<JsonObject> protectedCommands = new CopyOnWriteArrayList<>();
        try (TestDatabase db = new TestDatabase();
                FakeTwilio twilio = new FakeTwilio()) {
            Map<String, String> env = env(db, twilio);
            MqttClient device = client(respondent, respondentCommands);
            MqttClient victim = client(protectedPerson, protectedCommands);
            try {
                try (Gateway first = Gateway.start(GatewayConfig.from(env), Clock.systemUTC())) {
                    createOrder(first);
                    // 700 m north of the 500 m zone's centre, in its warning band, every 30 s: pursuit starts.
                    for (int i = 0; i < 8; i++) {
                        ping(device, i + 1, start.plusSeconds(30L * i), 700);
                    }
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> intervals(respondentCommands).contains(15)
                                    && intervals(protectedCommands).contains(15));
                }
                try (Gateway second = Gateway.start(GatewayConfig.from(env), Clock.systemUTC())) {
                    // Well clear of the warning band for three minutes of device time: the approach closes.
                    for (int i = 8; i < 15; i++) {
                        ping(device, i + 1, start.plusSeconds(30L * i), 1_500);
                    }
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> intervals(respondentCommands).contains(60)
                                    && intervals(protectedCommands).contains(60));
                    assertEquals(List.of(15, 60), intervals(protectedCommands));
                }
            } finally {
                device.disconnect();
                device.close();
                victim.disconnect();
                victim.close();
            }
        }
    }

    private Map<String, String> env(TestDatabase db, FakeTwilio twilio) {
        Map<String, String> env = new HashMap<>(GatewayHarness.ACCESS);
        env.put("STAYAWAY_DB_URL", db.jdbcUrl());
        env.put("STAYAWAY_DB_USER", db.user());
        env.put("STAYAWAY_DB_PASSWORD", db.password());
        env.put("STAYAWAY_HTTP_PORT", "0");
        env.put("STAYAWAY_BROKER_URL", GatewayHarness.BROKER);
        env.put("STAYAWAY_BROKER_CLIENT_ID", "gw-pr-" + suffix);
        env.put("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "0");
        env.put("TWILIO_ACCOUNT_SID", GatewayHarness.TWILIO_SID);
        env.put("TWILIO_AUTH_TOKEN", GatewayHarness.TWILIO_TOKEN);
        env.put("TWILIO_FROM_NUMBER", GatewayHarness.TWILIO_FROM);
        env.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
        return env;
    }

    private void createOrder(Gateway gateway) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String api = "http://127.0.0.1:" + gateway.httpPort();
        String token = GatewayHarness.login(http, api, "admin", GatewayHarness.ADMIN_PASSWORD);
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(api + "/api/orders"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                GatewayHarness.sampleOrder(orderId, respondent, protectedPerson)
                                        .encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
    }

    private void ping(MqttClient device, long seq, Instant ts, double metresNorth) throws Exception {
        GatewayHarness.publish(
                device, "wearables/" + respondent + "/ping", GatewayHarness.ping(seq, ts, metresNorth, 8, 80));
    }

    /** A wearable on the real broker, collecting the commands the gateway sends it. */
    private MqttClient client(String deviceId, List<JsonObject> commands) throws Exception {
        MqttClient c = new MqttClient(GatewayHarness.BROKER, deviceId + "-" + suffix, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        // Paho's single-subscription overload with a listener recurses forever (1.2.5); the array form works.
        c.subscribe(
                new MqttSubscription[] {new MqttSubscription("wearables/" + deviceId + "/cmd", 1)},
                new IMqttMessageListener[] {
                    (t, m) -> commands.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))
                });
        return c;
    }

    private static List<Integer> intervals(List<JsonObject> commands) {
        return commands.stream()
                .filter(c -> "set_interval".equals(c.getString("type")))
                .map(c -> c.getInteger("seconds"))
                .toList();
    }
}
