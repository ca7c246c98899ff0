package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * An alert the gateway has derived but not yet stored when it dies or stops is not lost: the next start
 * alerts it, once. The database holds back the alert's insert ({@link StalledAlerts}), so the gateway
 * goes down with the trigger only in memory while the rest of its work (storing pings, saving evaluator
 * state) carries on as usual. Each scenario first opens an APPROACH episode, whose alert is stored and
 * whose evaluator state is saved, so the restart starts from saved state, as in production.
 */
class AlertDurabilityIT {
    private static final Duration RESTART_WITHIN = Duration.ofSeconds(30);

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String orderId = "ORD-DUR-" + suffix;
    private final String respondent = "resp-" + suffix;
    private final String protectedPerson = "prot-" + suffix;
    private final Instant t0 = Instant.now().minusSeconds(600);

    @Test
    void breachWhoseAlertWasNotStoredWhenTheProcessWasKilledIsAlertedOnceAfterRestart() throws Exception {
        try (TestDatabase db = new TestDatabase();
                FakeTwilio twilio = new FakeTwilio()) {
            GatewayProcess gateway = new GatewayProcess(db, twilio, "gw-dur-" + suffix, "alert-durability-breach");
            MqttClient device = null;
            try {
                gateway.start("first");
                assertEquals(201, gateway.post("/api/orders", order()).statusCode());
                device = device(respondent);
                approachAndAwaitSavedState(device, db.dataSource());
                try (StalledAlerts stalled = new StalledAlerts(db.dataSource(), "BREACH")) {
                    breach(device);
                    awaitStuck(stalled);
                    gateway.kill();
                }
                assertEquals(0, alerts(db.dataSource(), "BREACH"), "the breach alert died with the process");

                gateway.start("second");
                await().atMost(RESTART_WITHIN).until(() -> breachTexts(twilio) >= 1);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> alerts(db.dataSource(), "BREACH") == 1 && breachTexts(twilio) == 1);
                assertEquals(1, alerts(db.dataSource(), "APPROACH"), "the stored approach is not raised again");
            } finally {
                gateway.kill();
                disconnect(device);
            }
        }
    }

    @Test
    void panicWhoseAlertWasNotStoredWhenTheProcessWasKilledIsAlertedOnceAfterRestart() throws Exception {
        try (TestDatabase db = new TestDatabase();
                FakeTwilio twilio = new FakeTwilio()) {
            GatewayProcess gateway = new GatewayProcess(db, twilio, "gw-dur-" + suffix, "alert-durability-panic");
            MqttClient device = null;
            MqttClient panicButton = null;
            try {
                gateway.start("first");
                assertEquals(201, gateway.post("/api/orders", order()).statusCode());
                device = device(respondent);
                panicButton = device(protectedPerson);
                approachAndAwaitSavedState(device, db.dataSource());
                try (StalledAlerts stalled = new StalledAlerts(db.dataSource(), "PANIC")) {
                    GatewayHarness.publish(panicButton, "wearables/" + protectedPerson + "/event", panic());
                    awaitStuck(stalled);
                    // Evaluation moves on past the panic: the breach changes an episode, so its state is saved.
                    breach(device);
                    await().atMost(Duration.ofSeconds(20))
                            .until(() ->
                                    count(db.dataSource(), "SELECT count(*) FROM pings WHERE device_id = ?", respondent)
                                            == 6);
                    awaitStuck(stalled);
                    gateway.kill();
                }
                assertEquals(0, alerts(db.dataSource(), "PANIC"), "the panic alert died with the process");

                gateway.start("second");
                await().atMost(RESTART_WITHIN).until(() -> alerts(db.dataSource(), "PANIC") >= 1);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> alerts(db.dataSource(), "PANIC") == 1 && alerts(db.dataSource(), "BREACH") == 1);
            } finally {
                gateway.kill();
                disconnect(device);
                disconnect(panicButton);
            }
        }
    }

    @Test
    void powerOffWhoseLossAlertWasNotStoredWhenTheProcessWasKilledIsAlertedOnceAtRestart() throws Exception {
        try (TestDatabase db = new TestDatabase();
                FakeTwilio twilio = new FakeTwilio()) {
            GatewayProcess gateway = new GatewayProcess(db, twilio, "gw-dur-" + suffix, "alert-durability-power-off");
            MqttClient victim = null;
            try {
                gateway.start("first");
                assertEquals(201, gateway.post("/api/orders", order()).statusCode());
                victim = device(protectedPerson);
                try (StalledAlerts stalled = new StalledAlerts(db.dataSource(), "COMMUNICATION_LOSS")) {
                    GatewayHarness.publish(
                            victim,
                            "wearables/" + protectedPerson + "/event",
                            new JsonObject()
                                    .put("seq", 1)
                                    .put("ts", Instant.now().toEpochMilli())
                                    .put("type", "power_off")
                                    .encode());
                    awaitStuck(stalled);
                    gateway.kill();
                }
                assertEquals(0, lossAlerts(db.dataSource()), "the loss alert died with the process");

                // The loss timer (240 s by default) is far off: only the power_off itself can raise it this soon.
                gateway.start("second");
                await().atMost(RESTART_WITHIN).until(() -> lossAlerts(db.dataSource()) >= 1);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> lossAlerts(db.dataSource()) == 1);
            } finally {
                gateway.kill();
                disconnect(victim);
            }
        }
    }

    @Test
    void triggerStillQueuedWhenTheGatewayStopsIsAlertedOnceByTheNextStart() throws Exception {
        try (GatewayHarness h = new GatewayHarness()) {
            DataSource db = h.db.dataSource();
            assertEquals(201, h.post("/api/orders", order()).statusCode());
            MqttClient device = h.device(respondent);
            try {
                approachAndAwaitSavedState(device, db);
                try (StalledAlerts stalled = new StalledAlerts(db, "BREACH")) {
                    breach(device);
                    awaitStuck(stalled);
                    h.gateway.close(); // the database is still holding the alert back throughout the shutdown
                }
            } finally {
                disconnect(device);
            }
            assertEquals(0, alerts(db, "BREACH"), "the breach alert was still queued when the gateway stopped");

            try (Gateway next = h.secondGateway()) {
                await().atMost(RESTART_WITHIN).until(() -> alerts(db, "BREACH") >= 1);
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> alerts(db, "BREACH") == 1 && alerts(db, "APPROACH") == 1);
            }
        }
    }

    private String order() {
        return GatewayHarness.sampleOrder(orderId, respondent, protectedPerson).encode();
    }

    /**
     * Three fixes 300 m from the home zone's edge open an APPROACH episode; waits until its alert is stored
     * and the order's evaluator state is saved.
     */
    private void approachAndAwaitSavedState(MqttClient device, DataSource db) throws Exception {
        for (int i = 0; i < 3; i++) {
            GatewayHarness.publish(
                    device,
                    "wearables/" + respondent + "/ping",
                    GatewayHarness.ping(i + 1, t0.plusSeconds(10L * i), 800, 6, 90));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> alerts(db, "APPROACH") == 1
                        && count(db, "SELECT count(*) FROM evaluator_state WHERE order_id = ?", orderId) == 1);
    }

    /** Three fixes 100 m from the centre, three minutes later (a walk of 4 m/s): a BREACH episode opens. */
    private void breach(MqttClient device) throws Exception {
        for (int i = 0; i < 3; i++) {
            GatewayHarness.publish(
                    device,
                    "wearables/" + respondent + "/ping",
                    GatewayHarness.ping(i + 4, t0.plusSeconds(200 + 10L * i), 100, 6, 90));
        }
    }

    private String panic() {
        return new JsonObject()
                .put("seq", 1)
                .put("ts", t0.plusSeconds(190).toEpochMilli())
                .put("type", "panic")
                .encode();
    }

    /**
     * Waits until the gateway is stuck storing the held-back alert, and stays so for two seconds: time enough
     * for whatever else the gateway does after deriving it (saving evaluator state) to happen first.
     */
    private static void awaitStuck(StalledAlerts stalled) {
        await().atMost(Duration.ofSeconds(20)).until(() -> stalled.waiting() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> stalled.waiting() == 1);
    }

    private MqttClient device(String deviceId) throws Exception {
        MqttClient c = new MqttClient(GatewayHarness.BROKER, deviceId + "-" + suffix, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        return c;
    }

    private static void disconnect(MqttClient c) throws Exception {
        if (c != null && c.isConnected()) {
            c.disconnect();
            c.close();
        }
    }

    private long alerts(DataSource db, String type) throws SQLException {
        return count(db, "SELECT count(*) FROM alerts WHERE order_id = ? AND type = '" + type + "'", orderId);
    }

    private long lossAlerts(DataSource db) throws SQLException {
        return count(
                db,
                "SELECT count(*) FROM alerts WHERE type = 'COMMUNICATION_LOSS' AND explanation LIKE '%power_off%'"
                        + " AND device_id = ?",
                protectedPerson);
    }

    private static long breachTexts(FakeTwilio twilio) {
        return twilio.received().stream()
                .filter(r -> "Messages".equals(r.resource())
                        && r.body() != null
                        && r.body().startsWith("【严重违令】"))
                .count();
    }

    private static long count(DataSource db, String sql, String arg) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
