package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
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
 * PostgreSQL is stopped and started again under a stream of pings: the gateway stops
 * acknowledging (backpressure), reports not ready, does not crash, and once the database is back
 * stores every ping the broker acknowledged, exactly once, by itself.
 */
class DatabaseOutageIT {
    private static final int PINGS = 1_500;

    @Test
    void postgresRestartMidStreamPausesAcknowledgementAndRecoversWithNothingLost() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String respondent = "resp-" + suffix;
        try (PrivatePostgres pg = new PrivatePostgres();
                PrivateBroker broker = new PrivateBroker();
                Gateway gateway = Gateway.start(
                        GatewayConfig.from(Map.of(
                                "STAYAWAY_DB_URL",
                                pg.jdbcUrl(),
                                "STAYAWAY_HTTP_PORT",
                                "0",
                                "STAYAWAY_BROKER_URL",
                                broker.url(),
                                "STAYAWAY_BROKER_CLIENT_ID",
                                "gw-outage-" + suffix,
                                "STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS",
                                "600",
                                "STAYAWAY_WRITER_QUEUE_CAPACITY",
                                "200",
                                "STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD",
                                GatewayHarness.ADMIN_PASSWORD,
                                "STAYAWAY_JWT_SECRET",
                                GatewayHarness.JWT_SECRET)),
                        Clock.systemUTC())) {
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + gateway.httpPort();
            String token = GatewayHarness.login(http, api, "admin", GatewayHarness.ADMIN_PASSWORD);
            assertEquals(
                    201,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(api + "/api/orders"))
                                            .header("Authorization", "Bearer " + token)
                                            .POST(HttpRequest.BodyPublishers.ofString(GatewayHarness.sampleOrder(
                                                            "ORD-OUT-" + suffix, respondent, "prot-" + suffix)
                                                    .encode()))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());

            MqttClient device = new MqttClient(broker.url(), respondent, new MemoryPersistence());
            device.connect(new MqttConnectionOptions());
            AtomicInteger acknowledged = new AtomicInteger();
            Instant start = Instant.now().minusSeconds(PINGS);
            for (int i = 0; i < PINGS; i++) {
                if (i == 500) {
                    pg.stop();
                }
                if (i == 1_000) {
                    // Down for a while: the gateway must have noticed and stopped acknowledging.
                    await().atMost(Duration.ofSeconds(20)).until(() -> !gateway.ready());
                    assertEquals(
                            503,
                            http.send(
                                            HttpRequest.newBuilder(URI.create(api + "/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode());
                    pg.start();
                }
                MqttMessage m = new MqttMessage(new JsonObject()
                        .put("seq", i)
                        .put("ts", start.plusSeconds(i).toEpochMilli())
                        .put("lat", 31.30)
                        .put("lon", 121.47)
                        .put("acc", 6.0)
                        .encode()
                        .getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                device.publish("wearables/" + respondent + "/ping", m);
                acknowledged.incrementAndGet();
            }
            device.disconnect();
            device.close();

            await().atMost(Duration.ofSeconds(60)).until(gateway::ready);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count(pg, "SELECT count(*) FROM pings") == acknowledged.get());
            assertEquals(
                    PINGS, count(pg, "SELECT count(DISTINCT seq) FROM pings WHERE device_id = '" + respondent + "'"));
        }
    }

    private static long count(PrivatePostgres pg, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
