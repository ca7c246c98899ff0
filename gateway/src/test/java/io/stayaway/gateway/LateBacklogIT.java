package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A breach found in a store-and-forward backlog is reported late whatever reaches the evaluator first, the
 * backlog or the device's live fix. In a cluster the two messages can be stored by two nodes and reach the
 * order's owner in either order; the late flag must not depend on which.
 */
class LateBacklogIT {
    private GatewayHarness h;

    @BeforeEach
    void start() {
        h = new GatewayHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aBreachInABacklogThatArrivesBeforeTheLiveFixIsStillLate() throws Exception {
        String orderId = "ORD-LATE-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder(orderId, respondent, "prot-" + h.suffix)
                                        .encode())
                        .statusCode());
        // Three minutes ago, while offline: a walk into the 500 m zone and two minutes inside it, every 10 s.
        Instant offlineFrom = Instant.now().minusSeconds(300);
        List<String> backlog = new ArrayList<>();
        double[] track = {
            2000, 1600, 1200, 900, 700, 520, 400, 300, 250, 200, 180, 160, 150, 150, 150, 160, 150, 155, 150, 150
        };
        for (int i = 0; i < track.length; i++) {
            backlog.add(GatewayHarness.ping(i + 1, offlineFrom.plusSeconds(10L * i), track[i], 8.0, 80));
        }
        MqttClient device = h.device(respondent);
        String topic = "wearables/" + respondent + "/ping";
        GatewayHarness.publish(device, topic, "[" + String.join(",", backlog) + "]");
        GatewayHarness.publish(device, topic, GatewayHarness.ping(track.length + 1, Instant.now(), 3000, 8.0, 80));
        device.disconnect();
        device.close();

        JsonObject breach = await().atMost(Duration.ofSeconds(30)).until(() -> breach(orderId), b -> b != null);
        assertTrue(breach.getBoolean("late"), "a breach three minutes old when it arrived is late: " + breach.encode());
    }

    private JsonObject breach(String orderId) throws Exception {
        JsonArray alerts =
                new JsonObject(h.get("/api/alerts?orderId=" + orderId).body()).getJsonArray("alerts");
        for (int i = 0; i < alerts.size(); i++) {
            if ("BREACH".equals(alerts.getJsonObject(i).getString("type"))) {
                return alerts.getJsonObject(i);
            }
        }
        return null;
    }
}
