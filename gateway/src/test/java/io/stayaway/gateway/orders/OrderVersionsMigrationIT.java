package io.stayaway.gateway.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.storage.Database;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database from before order versions (schema 5) is upgraded with each existing order as its version 1. */
class OrderVersionsMigrationIT {
    private static final String ORDER = """
            {"id": "ORD-OLD", "court": "Court X", "timeZone": "Asia/Shanghai", "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
             "parties": [{"role": "respondent", "deviceId": "old-r"}, {"role": "protected", "deviceId": "old-p"}],
             "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.23, "lon": 121.47, "radius": 500}}],
             "dutyDesk": {"station": "Station A", "phones": ["+8621000000110"]}}
            """;

    @Test
    void ordersStoredBeforeVersioningBecomeTheirVersionOne() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            Flyway.configure()
                    .dataSource(db.dataSource())
                    .locations("classpath:db/gateway")
                    .table("flyway_history_gateway")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .target("5")
                    .load()
                    .migrate();
            Instant created = Instant.parse("2026-02-03T04:05:06Z");
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO orders (id, body, valid_from, valid_until, created_at) VALUES ('ORD-OLD', ?::jsonb, '2026-01-01Z', '2027-01-01Z', ?)")) {
                ps.setString(1, new JsonObject(ORDER).encode());
                ps.setTimestamp(2, java.sql.Timestamp.from(created));
                ps.executeUpdate();
            }

            Database upgraded = Database.open(db.jdbcUrl(), db.user(), db.password(), 2);
            try {
                OrderRegistry registry = new OrderRegistry(upgraded.dataSource());
                registry.load();
                OrderHistory history = registry.history("ORD-OLD").orElseThrow();
                assertEquals(1, history.versions().size());
                OrderVersion v1 = history.current();
                assertEquals(1, v1.number());
                assertEquals(created, v1.effectiveFrom());
                assertNull(v1.recordedBy(), "nobody is named for an order older than versioning");
                assertTrue(history.active());
                assertEquals(java.util.List.of("ORD-OLD"), registry.ordersOf("old-r"));
            } finally {
                upgraded.close();
            }
        }
    }
}
