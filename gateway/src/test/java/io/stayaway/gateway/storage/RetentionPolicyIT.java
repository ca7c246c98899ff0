package io.stayaway.gateway.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stayaway.alerts.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetentionPolicyIT {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void protectedPersonsLocationsGoFirstAndEveryRemovalIsLogged() throws Exception {
        try (TestDatabase db = new TestDatabase();
                Database database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2)) {
            try (Connection c = database.dataSource().getConnection();
                    Statement st = c.createStatement()) {
                st.execute(
                        "INSERT INTO orders (id, body, valid_from, valid_until) VALUES ('O1', '{}', now(), now() + interval '1 day')");
                st.execute("INSERT INTO devices (device_id) VALUES ('resp'), ('prot')");
                st.execute(
                        "INSERT INTO order_devices VALUES ('O1', 'resp', 'respondent'), ('O1', 'prot', 'protected')");
            }
            for (String device : new String[] {"resp", "prot"}) {
                ping(database, device, 1, NOW.minus(Duration.ofDays(100))); // past the protected limit only
                ping(database, device, 2, NOW.minus(Duration.ofDays(800))); // past both
                ping(database, device, 3, NOW.minus(Duration.ofDays(1))); // kept
            }
            try (Connection c = database.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO rejected_messages (received_at, topic, reason, detail, raw) VALUES (?, 't', 'malformed_json', 'd', '\\x00')")) {
                ps.setTimestamp(1, Timestamp.from(NOW.minus(Duration.ofDays(91))));
                ps.executeUpdate();
                ps.setTimestamp(1, Timestamp.from(NOW.minus(Duration.ofDays(2))));
                ps.executeUpdate();
            }
            java.util.concurrent.atomic.AtomicInteger signed = new java.util.concurrent.atomic.AtomicInteger();
            RetentionPolicy policy = new RetentionPolicy(
                    database.dataSource(),
                    Duration.ofDays(90),
                    Duration.ofDays(730),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    signed::incrementAndGet);

            assertEquals(4, policy.run());
            assertEquals(
                    1,
                    count(database, "SELECT count(*) FROM rejected_messages"),
                    "refused messages are kept 90 days, not forever");

            assertEquals(
                    2,
                    count(database, "SELECT count(*) FROM pings WHERE device_id = 'resp'"),
                    "respondent keeps 1 and 100 days");
            assertEquals(
                    1,
                    count(database, "SELECT count(*) FROM pings WHERE device_id = 'prot'"),
                    "protected person keeps only 1 day");
            assertEquals(2, count(database, "SELECT rows_removed FROM retention_log WHERE role = 'protected'"));
            assertEquals(1, count(database, "SELECT rows_removed FROM retention_log WHERE role = 'respondent'"));
            // Each removal is itself evidence: chained in 'retention' (and signed by the checkpoint made after the
            // run).
            assertEquals(3, count(database, "SELECT count(*) FROM retention_log"));
            assertEquals(
                    3,
                    count(database, "SELECT count(*) FROM chain_links WHERE chain = 'retention'"),
                    "one chained record per retention_log row");
            assertEquals(1, signed.get(), "a checkpoint is asked for after a run that removed something");
            assertEquals(0, policy.run(), "a second run finds nothing");
            assertEquals(1, signed.get());
        }
    }

    @Test
    void aRunWhileAnotherNodesRunIsInProgressLeavesTheWorkToIt() throws Exception {
        try (TestDatabase db = new TestDatabase();
                Database database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2)) {
            ping(database, "resp", 1, NOW.minus(Duration.ofDays(800)));
            RetentionPolicy policy = new RetentionPolicy(
                    database.dataSource(),
                    Duration.ofDays(90),
                    Duration.ofDays(730),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    () -> {});
            try (Connection other = database.dataSource().getConnection();
                    Statement st = other.createStatement()) {
                other.setAutoCommit(false);
                st.execute("SELECT pg_advisory_xact_lock(" + RetentionPolicy.LOCK_KEY + ")");
                assertEquals(0, policy.run(), "another node's run holds the lock");
                assertEquals(1, count(database, "SELECT count(*) FROM pings"));
                other.rollback();
            }
            assertEquals(1, policy.run(), "the next run does the work");
        }
    }

    @Test
    void protectedDataCannotBeKeptLongerThanRespondentData() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetentionPolicy(
                        null, Duration.ofDays(800), Duration.ofDays(730), Clock.systemUTC(), () -> {}));
    }

    private static void ping(Database db, String device, long seq, Instant ts) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO pings (device_id, seq, ts, received_at, lat, lon, acc, raw) VALUES (?, ?, ?, ?, 31.2, 121.4, 5, '\\x7b7d')")) {
            ps.setString(1, device);
            ps.setLong(2, seq);
            ps.setTimestamp(3, Timestamp.from(ts));
            ps.setTimestamp(4, Timestamp.from(ts));
            ps.executeUpdate();
        }
    }

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
