package io.stayaway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stayaway.alerts.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AlertService#latestOfEach} (the console stream's snapshot) answers what {@link AlertService#list}
 * answers order by order, in one query; on the real PostgreSQL. Alert rows are written directly: only
 * the read is under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatestAlertsQueryIT {
    private static final Logger LOG = LoggerFactory.getLogger(LatestAlertsQueryIT.class);
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final int PER_ORDER = 50;

    private TestDatabase db;
    private HikariDataSource pool;
    private AlertService alerts;

    /** Pooled connections, as the gateway's: the figures compare queries, not connection set-ups. */
    @BeforeAll
    void start() {
        db = new TestDatabase();
        AlertSchema.migrate(db.dataSource());
        HikariConfig config = new HikariConfig();
        config.setDataSource(db.dataSource());
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        alerts = new AlertService(pool, new MessageTemplates(), Clock.systemUTC(), () -> {});
    }

    @AfterAll
    void stop() {
        pool.close();
        db.close();
    }

    @Test
    void answersEachOrdersNewestAlertsAsTheListDoesOrderByOrder() throws SQLException {
        // A: more alerts than the limit, some opened at the same instant (the id breaks the tie);
        // B: a few; C: none; D: exactly the limit. Asked in an order that is not alphabetical.
        insert("ORD-A", 70, 3);
        insert("ORD-B", 4, 1);
        insert("ORD-D", PER_ORDER, 2);
        List<String> scope = List.of("ORD-D", "ORD-C", "ORD-A", "ORD-B");

        List<Alert> expected = new ArrayList<>();
        for (String orderId : scope) {
            expected.addAll(alerts.list(new AlertQuery(orderId, null, null, PER_ORDER)));
        }
        List<Alert> actual = alerts.latestOfEach(scope, PER_ORDER);

        assertEquals(PER_ORDER + 0 + PER_ORDER + 4, expected.size(), "the per-order limit applies");
        assertEquals(ids(expected), ids(actual));
        assertEquals(expected, actual);
    }

    @Test
    void anEmptyScopeReadsNothingAndTheLimitIsChecked() {
        assertTrue(alerts.latestOfEach(List.of(), PER_ORDER).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> alerts.latestOfEach(List.of("ORD-A"), 0));
        assertThrows(IllegalArgumentException.class, () -> alerts.latestOfEach(List.of("ORD-A"), 501));
    }

    /**
     * Not a check, a figure: the snapshot of an admin's scope of 3,000 orders (3 alerts each) read as before
     * (one list per order) and in one query; logged.
     */
    @Test
    void readsTheSnapshotOfThousandsOfOrdersInOneQuery() throws SQLException {
        List<String> scope = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            scope.add("ORD-MANY-" + i);
        }
        insertMany(scope, 3);
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            List<Alert> before = new ArrayList<>();
            for (String orderId : scope) {
                before.addAll(alerts.list(new AlertQuery(orderId, null, null, PER_ORDER)));
            }
            long perOrder = System.nanoTime() - start;
            start = System.nanoTime();
            List<Alert> after = alerts.latestOfEach(scope, PER_ORDER);
            long oneQuery = System.nanoTime() - start;
            assertEquals(ids(before), ids(after));
            LOG.info(
                    "snapshot of {} orders, {} alerts: one query per order {} ms, one query {} ms",
                    scope.size(),
                    after.size(),
                    perOrder / 1_000_000,
                    oneQuery / 1_000_000);
        }
    }

    private static List<UUID> ids(List<Alert> list) {
        return list.stream().map(Alert::id).toList();
    }

    /** {@code count} alerts of {@code orderId}, {@code sameInstant} of them sharing each opening instant. */
    private void insert(String orderId, int count, int sameInstant) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < count; i++) {
                add(ps, orderId, T0.plusSeconds(60L * (i / sameInstant)));
            }
            ps.executeBatch();
        }
    }

    private void insertMany(List<String> orders, int each) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (String orderId : orders) {
                for (int i = 0; i < each; i++) {
                    add(ps, orderId, T0.plusSeconds(60L * i));
                }
            }
            ps.executeBatch();
        }
    }

    private static final String INSERT = """
            INSERT INTO alerts (id, dedupe_key, order_id, type, severity, state, event_time, opened_at, updated_at)
            VALUES (?, ?, ?, 'BREACH', 'critical', 'OPEN', ?, ?, ?)""";

    private static void add(PreparedStatement ps, String orderId, Instant openedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        ps.setObject(1, id);
        ps.setString(2, "key-" + id);
        ps.setString(3, orderId);
        ps.setTimestamp(4, Timestamp.from(openedAt.minusSeconds(5)));
        ps.setTimestamp(5, Timestamp.from(openedAt));
        ps.setTimestamp(6, Timestamp.from(openedAt));
        ps.addBatch();
    }
}
