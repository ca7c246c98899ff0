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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** A device silence that spans a gateway restart is one COMMUNICATION_LOSS alert, closed when the device returns. */
class HealthAcrossRestartIT {
    @Test
    void communicationLossOpenBeforeRestartIsClosedNotRaisedAgain() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String respondent = "resp-" + suffix;
        String orderId = "ORD-HR-" + suffix;
        try (TestDatabase db = new TestDatabase();
                FakeTwilio twilio = new FakeTwilio()) {
            Map<String, String> env = new HashMap<>();
            env.put("STAYAWAY_DB_URL", db.jdbcUrl());
            env.put("STAYAWAY_DB_USER", db.user());
            env.put("STAYAWAY_HTTP_PORT", "0");
            env.put("STAYAWAY_BROKER_URL", GatewayHarness.BROKER);
            env.put("STAYAWAY_BROKER_CLIENT_ID", "gw-hr-" + suffix);
            env.put("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "0");
            env.put("STAYAWAY_COMMUNICATION_LOSS_SECONDS", "2");
            env.put("TWILIO_ACCOUNT_SID", GatewayHarness.TWILIO_SID);
            env.put("TWILIO_AUTH_TOKEN", GatewayHarness.TWILIO_TOKEN);
            env.put("TWILIO_FROM_NUMBER", GatewayHarness.TWILIO_FROM);
            env.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
            env.putAll(GatewayHarness.ACCESS);
            MqttClient device;
            try (Gateway first = Gateway.start(GatewayConfig.from(env), Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                String token = GatewayHarness.login(
                        http, "http://127.0.0.1:" + first.httpPort(), "admin", GatewayHarness.ADMIN_PASSWORD);
                HttpResponse<String> created = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.httpPort() + "/api/orders"))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        GatewayHarness.sampleOrder(orderId, respondent, "prot-" + suffix)
                                                .encode()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                device = new MqttClient(GatewayHarness.BROKER, respondent + "-" + suffix, new MemoryPersistence());
                device.connect(new MqttConnectionOptions());
                GatewayHarness.publish(device, "wearables/" + respondent + "/ping", ping(1));
                await().atMost(Duration.ofSeconds(15)).until(() -> lossAlerts(db, respondent) == 1);
            }
            try (Gateway second = Gateway.start(GatewayConfig.from(env), Clock.systemUTC())) {
                GatewayHarness.publish(device, "wearables/" + respondent + "/ping", ping(2));
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> count(
                                        db,
                                        "SELECT count(*) FROM alerts WHERE type = 'COMMUNICATION_LOSS' AND device_id = '"
                                                + respondent + "' AND ended_at IS NOT NULL")
                                == 1);
                assertEquals(
                        1, lossAlerts(db, respondent), "the silence before the restart is the same alert, now ended");
            } finally {
                device.disconnect();
                device.close();
            }
        }
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

    private static long lossAlerts(TestDatabase db, String device) throws Exception {
        return count(
                db, "SELECT count(*) FROM alerts WHERE type = 'COMMUNICATION_LOSS' AND device_id = '" + device + "'");
    }

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
