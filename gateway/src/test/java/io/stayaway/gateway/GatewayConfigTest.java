package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    @Test
    void defaultsServeTheDemoOnThisMachine() {
        GatewayConfig c = GatewayConfig.from(Map.of());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/stayaway", c.dbUrl());
        assertEquals(8080, c.httpPort());
        assertEquals(GatewayConfig.MqttMode.BROKER, c.mqttMode());
        assertEquals(1884, c.embeddedMqttPort(), "the embedded endpoint must not collide with a broker on 1883");
        assertFalse(c.twilioEnabled());
    }

    @Test
    void everyWrongValueIsReportedWithItsKey() {
        GatewayConfig.ConfigException e = assertThrows(
                GatewayConfig.ConfigException.class,
                () -> GatewayConfig.from(Map.of(
                        "STAYAWAY_HTTP_PORT",
                        "eighty",
                        "STAYAWAY_MQTT_MODE",
                        "carrier-pigeon",
                        "STAYAWAY_DB_POOL_SIZE",
                        "0")));
        assertTrue(e.getMessage().contains("STAYAWAY_HTTP_PORT must be a whole number, got 'eighty'"), e.getMessage());
        assertTrue(
                e.getMessage().contains("STAYAWAY_MQTT_MODE must be broker or embedded, got 'carrier-pigeon'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("STAYAWAY_DB_POOL_SIZE must be between 1 and 200, got 0"), e.getMessage());
    }

    @Test
    void theWarningBudgetDefaultsToHalfAnHourAndFourADayAndRefusesBadValuesByKey() {
        assertEquals(
                new io.stayaway.alerts.WarningBudget(java.time.Duration.ofMinutes(30), 4),
                GatewayConfig.from(Map.of()).warningBudget());
        assertEquals(
                new io.stayaway.alerts.WarningBudget(java.time.Duration.ZERO, 0),
                GatewayConfig.from(Map.of(
                                "STAYAWAY_WARNING_BUDGET_REPEAT_QUIET",
                                "PT0S",
                                "STAYAWAY_WARNING_BUDGET_DAILY_CAP",
                                "0"))
                        .warningBudget());
        assertRefused(
                Map.of("STAYAWAY_WARNING_BUDGET_REPEAT_QUIET", "30"),
                "STAYAWAY_WARNING_BUDGET_REPEAT_QUIET must be an ISO-8601 duration like PT30M, got '30'");
        assertRefused(
                Map.of("STAYAWAY_WARNING_BUDGET_REPEAT_QUIET", "PT25H"),
                "STAYAWAY_WARNING_BUDGET_REPEAT_QUIET: repeatQuiet must be a duration from PT0S to PT24H, got PT25H");
        assertRefused(
                Map.of("STAYAWAY_WARNING_BUDGET_REPEAT_QUIET", "-PT1M"),
                "STAYAWAY_WARNING_BUDGET_REPEAT_QUIET: repeatQuiet must be a duration from PT0S to PT24H");
        assertRefused(
                Map.of("STAYAWAY_WARNING_BUDGET_DAILY_CAP", "-1"),
                "STAYAWAY_WARNING_BUDGET_DAILY_CAP must be between 0 and 100, got -1");
        assertRefused(
                Map.of("STAYAWAY_WARNING_BUDGET_DAILY_CAP", "four"),
                "STAYAWAY_WARNING_BUDGET_DAILY_CAP must be a whole number, got 'four'");
    }

    @Test
    void twilioNeedsItsTokenAndSenderOnceEnabled() {
        GatewayConfig.ConfigException e = assertThrows(
                GatewayConfig.ConfigException.class, () -> GatewayConfig.from(Map.of("TWILIO_ACCOUNT_SID", "AC123")));
        assertTrue(e.getMessage().contains("TWILIO_AUTH_TOKEN"));
    }

    @Test
    void secretsNeverAppearInTheDescription() {
        GatewayConfig c = GatewayConfig.from(Map.of(
                "STAYAWAY_DB_PASSWORD",
                "db-secret-1",
                "TWILIO_ACCOUNT_SID",
                "AC1",
                "TWILIO_AUTH_TOKEN",
                "tw-secret-2",
                "TWILIO_FROM_NUMBER",
                "+8610000000000",
                "STAYAWAY_BROKER_PASSWORD",
                "mq-secret-3",
                "STAYAWAY_JWT_SECRET",
                "jwt-secret-4-jwt-secret-4-jwt-secret-4",
                "STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD",
                "admin-secret-5"));
        String text = c.toString() + c.describe();
        assertFalse(
                text.contains("db-secret-1")
                        || text.contains("tw-secret-2")
                        || text.contains("mq-secret-3")
                        || text.contains("jwt-secret-4")
                        || text.contains("admin-secret-5"),
                text);
    }

    @Test
    void aTokenKeyShorterThan32BytesIsRefused() {
        GatewayConfig.ConfigException e = assertThrows(
                GatewayConfig.ConfigException.class,
                () -> GatewayConfig.from(Map.of("STAYAWAY_JWT_SECRET", "too-short")));
        assertTrue(e.getMessage().contains("STAYAWAY_JWT_SECRET must be at least 32 bytes"), e.getMessage());
    }

    @Test
    void aShortBootstrapAdminPasswordIsRefused() {
        GatewayConfig.ConfigException e = assertThrows(
                GatewayConfig.ConfigException.class,
                () -> GatewayConfig.from(Map.of("STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD", "admin")));
        assertTrue(e.getMessage().contains("STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD"), e.getMessage());
    }

    @Test
    void aSingleGatewayIsTheDefault() {
        assertFalse(GatewayConfig.from(Map.of()).clustered());
    }

    @Test
    void clusterMembersAreReadAsHostAndPort() {
        GatewayConfig c =
                GatewayConfig.from(clustered(Map.of("STAYAWAY_CLUSTER_MEMBERS", " 10.0.0.1:5701, 10.0.0.2:5702 ,")));
        assertTrue(c.clustered());
        assertEquals(java.util.List.of("10.0.0.1:5701", "10.0.0.2:5702"), c.clusterMembers());
        GatewayConfig.ConfigException e = assertThrows(
                GatewayConfig.ConfigException.class,
                () -> GatewayConfig.from(clustered(Map.of("STAYAWAY_CLUSTER_MEMBERS", "10.0.0.1"))));
        assertTrue(
                e.getMessage().contains("STAYAWAY_CLUSTER_MEMBERS must be a comma-separated list of host:port"),
                e.getMessage());
    }

    @Test
    void aClusterNeedsASharedSubscriptionAndTheSameTokenAndEvidenceKeysOnEveryNode() {
        Map<String, String> embedded = new java.util.HashMap<>(clustered(Map.of()));
        embedded.put("STAYAWAY_MQTT_MODE", "embedded");
        assertRefused(embedded, "STAYAWAY_BROKER_SHARE_GROUP");
        Map<String, String> noJwt = new java.util.HashMap<>(clustered(Map.of()));
        noJwt.remove("STAYAWAY_JWT_SECRET");
        assertRefused(noJwt, "STAYAWAY_JWT_SECRET");
        Map<String, String> noKey = new java.util.HashMap<>(clustered(Map.of()));
        noKey.remove("STAYAWAY_EVIDENCE_KEY");
        assertRefused(noKey, "STAYAWAY_EVIDENCE_KEY");
        assertTrue(GatewayConfig.from(clustered(Map.of())).clustered());
    }

    private static void assertRefused(Map<String, String> env, String naming) {
        GatewayConfig.ConfigException e =
                assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.from(env));
        assertTrue(e.getMessage().contains(naming), e.getMessage());
    }

    /** A valid node of a cluster, with {@code overrides}. */
    private static Map<String, String> clustered(Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("STAYAWAY_CLUSTER_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702");
        env.put("STAYAWAY_BROKER_SHARE_GROUP", "gateways");
        env.put("STAYAWAY_JWT_SECRET", "a-cluster-wide-key-of-at-least-32-bytes");
        env.put("STAYAWAY_EVIDENCE_KEY", "/etc/stayaway/evidence.pem");
        env.putAll(overrides);
        return env;
    }
}
