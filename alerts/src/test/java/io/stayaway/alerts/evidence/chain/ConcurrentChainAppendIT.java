package io.stayaway.alerts.evidence.chain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stayaway.alerts.AlertSchema;
import io.stayaway.alerts.evidence.DeviceChains;
import io.stayaway.alerts.evidence.TelemetryRecord;
import io.stayaway.alerts.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways of a cluster store records of the same device at the same time (the broker's shared
 * subscription gives each a share of its messages): their appends to the device's chain must serialize in
 * the database, not fail or fork, including the very first records of a chain, when there is no head row
 * yet to lock.
 */
class ConcurrentChainAppendIT {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private TestDatabase db;

    @BeforeEach
    void start() {
        db = new TestDatabase();
        AlertSchema.migrate(db.dataSource());
    }

    @AfterEach
    void stop() {
        db.close();
    }

    @Test
    void twoWritersStartingTheSameNewChainAtOnceBothCommitOneAfterTheOther() throws Exception {
        try (Connection first = db.dataSource().getConnection();
                Connection second = db.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            DeviceChains.append(first, List.of(record(1)));
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
                try {
                    DeviceChains.append(second, List.of(record(2)));
                    second.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(this::aWriterWaitsForALock);
            first.commit();
            other.get();
        }
        assertEquals(List.of(1L, 2L), positions("device:resp-race"));
        assertEquals(2L, head("device:resp-race"));
    }

    private TelemetryRecord record(long seq) {
        return new TelemetryRecord(
                "ping",
                "resp-race",
                seq,
                T0.plusSeconds(seq),
                T0.plusSeconds(seq),
                ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
    }

    private boolean aWriterWaitsForALock() throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private List<Long> positions(String chain) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT pos FROM chain_links WHERE chain = '" + chain + "' ORDER BY pos")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private long head(String chain) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pos FROM chain_heads WHERE chain = '" + chain + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
