package io.stayaway.gateway.evaluation;

import io.stayaway.gateway.downlink.PursuitMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * waits for the database. A state is written only once every alert trigger raised before it was taken is
 * stored ({@link TriggersStored}): saved state never passes an alert that a crash could still lose, so
 * the replay after a restart derives such an alert again. Only an order's newest pending state is kept
 * while it waits. Thread-safe.
 */
final class EvaluatorStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorStore.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final ExecutorService snapshotThread =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "evaluator-snapshots"));
    /** Per order, the newest state waiting to be saved and what must be durable before it. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /**
     * An order's saved evaluator state, the receive time evaluation had reached when it was taken (null:
     * unknown), and pursuit mode's part of the order at that time.
     */
    record Saved(int version, byte[] snapshot, Instant evaluatedThrough, PursuitMode.State pursuit) {}

    private record Pending(Saved state, CausedStored caused) {}

    /**
     * Waits until what the state's evaluation caused (alert triggers, commands to devices) is stored;
     * false if a step stopped first, leaving some of it only in memory.
     */
    @FunctionalInterface
    interface CausedStored {
        boolean await() throws InterruptedException;
    }

    EvaluatorStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The saved state of these orders, by order id (orders never saved are absent). */
    Map<String, Saved> load(java.util.Collection<String> orderIds) {
        Map<String, Saved> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT order_id, snapshot, evaluated_through, order_version, pursuit_episodes, pursuit_devices"
                                + " FROM evaluator_state WHERE order_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", orderIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp through = rs.getTimestamp(3);
                    PursuitMode.State pursuit = new PursuitMode.State(texts(rs, 5), texts(rs, 6));
                    out.put(
                            rs.getString(1),
                            new Saved(
                                    rs.getInt(4),
                                    rs.getBytes(2),
                                    through == null ? null : through.toInstant(),
                                    pursuit));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read evaluator state: " + e.getMessage(), e);
        }
        return out;
    }

    private static Set<String> texts(ResultSet rs, int column) throws SQLException {
        return Set.copyOf(Arrays.asList((String[]) rs.getArray(column).getArray()));
    }

    /**
     * Queues the order's state to be saved, replacing what was saved before, once what its evaluation caused
     * is stored; replaces a state of the order still waiting. Never blocks.
     */
    void saveLater(String orderId, Saved state, CausedStored caused) {
        if (pending.put(orderId, new Pending(state, caused)) == null) {
            snapshotThread.execute(() -> saveWhenTriggersStored(orderId));
        }
    }

    private void saveWhenTriggersStored(String orderId) {
        Pending p = pending.remove(orderId);
        if (p == null) {
            return;
        }
        try {
            if (!p.caused().await()) {
                LOG.warn(
                        "evaluator state of order {} not saved: the alert step or the downlink queue stopped before storing what it passes",
                        orderId);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("evaluator state of order {} not saved: stopped while its alerts were being stored", orderId);
            return;
        }
        save(orderId, p.state());
    }

    private void save(String orderId, Saved state) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                INSERT INTO evaluator_state (order_id, snapshot, updated_at, evaluated_through, order_version,
                                             pursuit_episodes, pursuit_devices) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at,
                                                     evaluated_through = EXCLUDED.evaluated_through,
                                                     order_version = EXCLUDED.order_version,
                                                     pursuit_episodes = EXCLUDED.pursuit_episodes,
                                                     pursuit_devices = EXCLUDED.pursuit_devices""")) {
            ps.setString(1, orderId);
            ps.setBytes(2, state.snapshot());
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setTimestamp(4, state.evaluatedThrough() == null ? null : Timestamp.from(state.evaluatedThrough()));
            ps.setInt(5, state.version());
            ps.setArray(
                    6, c.createArrayOf("text", state.pursuit().openEpisodes().toArray()));
            ps.setArray(
                    7, c.createArrayOf("text", state.pursuit().switchedDevices().toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.error(
                    "could not save evaluator state of order {} (a restart may re-evaluate from an older state; alerts stay deduplicated): {}",
                    orderId,
                    e.getMessage());
        }
    }

    /**
     * Saves what is queued (waiting up to 5 s), then stops: a state still waiting for its alerts then is
     * not saved, so the next start replays from the state before it.
     */
    @Override
    public void close() {
        snapshotThread.shutdown();
        try {
            if (!snapshotThread.awaitTermination(5, TimeUnit.SECONDS)) {
                snapshotThread.shutdownNow();
                snapshotThread.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            snapshotThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
