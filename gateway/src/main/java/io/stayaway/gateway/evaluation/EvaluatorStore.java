package io.stayaway.gateway.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each order's saved evaluator state (table {@code evaluator_state}): the snapshot of one version's
 * evaluator and the receive time evaluation had reached when it was taken. Read once at start-up on the
 * caller's thread; saved in order on its own thread ({@code evaluator-snapshots}), so the evaluator never
 * waits for the database. Thread-safe.
 */
final class EvaluatorStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorStore.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final ExecutorService snapshotThread =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "evaluator-snapshots"));

    /** An order's saved evaluator state and the receive time evaluation had reached when it was taken (null: unknown). */
    record Saved(int version, byte[] snapshot, Instant evaluatedThrough) {}

    EvaluatorStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Every order's saved state, by order id. */
    Map<String, Saved> load() {
        Map<String, Saved> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT order_id, snapshot, evaluated_through, order_version FROM evaluator_state");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp through = rs.getTimestamp(3);
                out.put(
                        rs.getString(1),
                        new Saved(rs.getInt(4), rs.getBytes(2), through == null ? null : through.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read evaluator state: " + e.getMessage(), e);
        }
        return out;
    }

    /** Queues the order's state to be saved, replacing what was saved before. Never blocks. */
    void saveLater(String orderId, Saved state) {
        snapshotThread.execute(() -> save(orderId, state));
    }

    private void save(String orderId, Saved state) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                INSERT INTO evaluator_state (order_id, snapshot, updated_at, evaluated_through, order_version) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at,
                                                     evaluated_through = EXCLUDED.evaluated_through,
                                                     order_version = EXCLUDED.order_version""")) {
            ps.setString(1, orderId);
            ps.setBytes(2, state.snapshot());
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setTimestamp(4, state.evaluatedThrough() == null ? null : Timestamp.from(state.evaluatedThrough()));
            ps.setInt(5, state.version());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.error(
                    "could not save evaluator state of order {} (a restart may re-evaluate from an older state; alerts stay deduplicated): {}",
                    orderId,
                    e.getMessage());
        }
    }

    /** Takes no more saves; what is queued is still saved. */
    void shutdown() {
        snapshotThread.shutdown();
    }

    /** Saves what is queued (waiting up to 5 s), then stops. */
    @Override
    public void close() {
        snapshotThread.shutdown();
        try {
            snapshotThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
