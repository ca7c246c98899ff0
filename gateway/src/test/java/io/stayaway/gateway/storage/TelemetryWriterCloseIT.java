package io.stayaway.gateway.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.ingest.Telemetry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing the telemetry writer on the real PostgreSQL: what it stores in time is acknowledged, everything else
 * fails, and no record's future is left pending (a pending one would be neither acknowledged nor redelivered
 * until the device's connection drops).
 */
class TelemetryWriterCloseIT {
    private static final Instant T0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
    private static final Duration DRAIN = Duration.ofSeconds(1);

    private TestDatabase db;
    private Database database;

    @BeforeEach
    void start() {
        db = new TestDatabase();
        database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2);
    }

    @AfterEach
    void stop() {
        database.close();
        db.close();
    }

    private TelemetryWriter writer(int batchSize) {
        return new TelemetryWriter(
                database.dataSource(), batchSize, 1_000, fresh -> {}, new SimpleMeterRegistry().timer("batch"), DRAIN);
    }

    private static Telemetry.Fix fix(long seq) {
        return new Telemetry.Fix(
                "dev-1",
                seq,
                T0.plusSeconds(seq),
                Instant.now(),
                31.23,
                121.47,
                6.0,
                null,
                null,
                null,
                ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void closeStoresWhatIsQueuedWhileTheDatabaseKeepsUp() throws Exception {
        TelemetryWriter writer = writer(50);
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        for (long seq = 1; seq <= 500; seq++) {
            stored.add(writer.enqueue(fix(seq)));
        }
        writer.close();

        assertTrue(stored.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()), "all acknowledged");
        assertEquals(500, count("SELECT count(*) FROM pings"));
    }

    @Test
    void closeFailsEveryRecordTheDatabaseDidNotStoreInTime() throws Exception {
        TelemetryWriter writer = writer(2);
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        try (Connection holder = db.dataSource().getConnection();
                Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE pings IN SHARE MODE"); // inserts wait for this transaction
            for (long seq = 1; seq <= 5; seq++) {
                stored.add(writer.enqueue(fix(seq)));
            }
            // The writer holds a batch (of one or two) in an insert that waits; the rest are queued behind it.
            await().atMost(Duration.ofSeconds(5)).until(() -> writer.queueDepth() < 5);
            long start = System.nanoTime();
            writer.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(
                    stored.stream().allMatch(CompletableFuture::isCompletedExceptionally),
                    "each failed, so never acknowledged: " + stored);
            assertTrue(took.compareTo(DRAIN.plusSeconds(3)) < 0, "close is bounded: " + took);
            holder.rollback();
        }
        assertTrue(writer.enqueue(fix(6)).isCompletedExceptionally(), "offered after close: failed at once");
    }
}
