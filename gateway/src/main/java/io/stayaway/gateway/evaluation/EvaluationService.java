package io.stayaway.gateway.evaluation;

import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.gateway.alerting.AlertRaiser;
import io.stayaway.gateway.downlink.PursuitMode;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.orders.Party;
import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.Ping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each order's geofence evaluators (one per order version in use; a fix is evaluated under the
 * version in force at its device time) on one thread (evaluators are confined to it), turns
 * episodes and device events into alert triggers, and persists evaluator state so a restart
 * neither forgets an open episode nor raises it again. Stored records arrive in storage order.
 */
public final class EvaluationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationService.class);

    private final OrderRegistry orders;
    private final AlertRaiser raiser;
    private final PursuitMode pursuit;
    private final DataSource dataSource;
    private final EvaluatorSettings settings;
    private final Clock clock;
    private final ExecutorService evaluatorThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "geofence-evaluator"));
    private final ExecutorService snapshotThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "evaluator-snapshots"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "evaluator-ticker");
        t.setDaemon(true);
        return t;
    });
    /** With no saved state at all, start-up evaluates what arrived in this window before now. */
    private static final java.time.Duration REPLAY_WITHOUT_STATE = java.time.Duration.ofDays(1);
    /**
     * Evaluator state of orders that saw records is saved at least this often (and after every
     * episode change). Longer means a longer replay after a crash, shorter means more snapshot
     * encoding: at 10,000 pings/s a 30 s period made snapshots the evaluator thread's largest cost.
     */
    private static final java.time.Duration SAVE_EVERY = java.time.Duration.ofMinutes(5);

    /** Per order, the evaluators of its versions that have been needed, by version number. */
    private final Map<String, Map<Integer, OrderEvaluator>> evaluators = new HashMap<>();
    /** The histories of the orders being evaluated, as this thread last learnt them. */
    private final Map<String, OrderHistory> histories = new HashMap<>();
    private final Map<String, Instant> watermark = new HashMap<>();
    private final java.util.Set<String> dirty = new java.util.HashSet<>();
    private Instant lastPeriodicSave = Instant.EPOCH;
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong evaluationNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public EvaluationService(OrderRegistry orders, AlertRaiser raiser, PursuitMode pursuit, DataSource dataSource,
                             EvaluatorSettings settings, Clock clock) {
        this.pursuit = pursuit;
        this.orders = orders;
        this.raiser = raiser;
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Builds (or restores) an evaluator per loaded order, evaluates what was stored after the last
     * saved state (records acknowledged before a crash but never evaluated), follows new orders and
     * starts the clock tick. Blocks until the replay is done: call before the transports start.
     */
    public void start() {
        Map<String, Saved> saved = loadSnapshots();
        java.util.concurrent.Future<?> restored = evaluatorThread.submit(() -> {
            for (OrderHistory history : orders.histories()) {
                if (!history.active()) {
                    continue;
                }
                Saved state = saved.get(history.id());
                restore(history, state);
                Instant from = state == null || state.evaluatedThrough() == null
                        ? clock.instant().minus(REPLAY_WITHOUT_STATE) : state.evaluatedThrough();
                replay(history, from);
            }
        });
        try {
            restored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring evaluators", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not restore evaluators: " + e.getCause().getMessage(), e.getCause());
        }
        orders.onAdded(doc -> submit(() -> orders.history(doc.order().id()).ifPresent(this::follow)));
        orders.onChanged(history -> submit(() -> follow(history)));
        ticker.scheduleAtFixedRate(() -> submit(this::tick), 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Restores the saved evaluator of the version it was saved for (clipped to that version's time in
     * force); the other versions start without history when a fix first needs them.
     */
    private void restore(OrderHistory history, Saved state) {
        Map<Integer, OrderEvaluator> byVersion = new HashMap<>();
        evaluators.put(history.id(), byVersion);
        histories.put(history.id(), history);
        if (state == null || state.version() > history.versions().size()) {
            return;
        }
        history.geofenceOrder(state.version()).ifPresent(order -> {
            try {
                byVersion.put(state.version(), OrderEvaluator.restore(order, settings, state.snapshot()));
            } catch (io.stayaway.geofence.SnapshotFormatException e) {
                // Monitoring goes on rather than the whole gateway refusing to start, but an episode open at the crash may be
                // reported again or late: counted with the evaluation failures, which are alarmed on as possible missed alerts.
                failures.incrementAndGet();
                LOG.error("order {}: saved evaluator state unusable ({}); starting version {} without history — an open episode may be"
                        + " alerted again or late", history.id(), e.getMessage(), state.version());
            }
        });
    }

    /**
     * Takes a new, amended or terminated order into account. Existing evaluators keep their episode
     * state but are re-made for their version's new time in force (it ends where the amendment takes
     * effect, or at termination), so the clock tick closes their episodes at that time. A terminated
     * order is ticked once more, to close what is open, and then forgotten.
     */
    private void follow(OrderHistory history) {
        histories.put(history.id(), history);
        Map<Integer, OrderEvaluator> byVersion = evaluators.computeIfAbsent(history.id(), k -> new HashMap<>());
        for (Map.Entry<Integer, OrderEvaluator> e : List.copyOf(byVersion.entrySet())) {
            java.util.Optional<io.stayaway.geofence.Order> clipped = history.geofenceOrder(e.getKey());
            if (clipped.isEmpty()) {
                byVersion.remove(e.getKey());
            } else if (!clipped.get().equals(e.getValue().order())) {
                byVersion.put(e.getKey(), OrderEvaluator.restore(clipped.get(), settings, e.getValue().snapshot()));
            }
        }
        if (!history.active()) {
            Instant now = clock.instant();
            OrderDocument doc = history.current().document();
            for (OrderEvaluator evaluator : byVersion.values()) {
                handle(doc, evaluator, evaluator.advanceTo(now));
            }
            saveNow(history.id());
            evaluators.remove(history.id());
            histories.remove(history.id());
            dirty.remove(history.id());
        }
    }

    /** The evaluator of the version in force at {@code t}, created on first need; null when that version governs no time. */
    private OrderEvaluator evaluatorAt(OrderHistory history, Instant t) {
        Map<Integer, OrderEvaluator> byVersion = evaluators.get(history.id());
        if (byVersion == null) {
            return null;
        }
        int number = history.versionAt(t).number();
        OrderEvaluator evaluator = byVersion.get(number);
        if (evaluator == null) {
            evaluator = history.geofenceOrder(number).map(o -> OrderEvaluator.create(o, settings)).orElse(null);
            if (evaluator != null) {
                byVersion.put(number, evaluator);
            }
        }
        return evaluator;
    }

    /** Re-evaluates an order's stored records received after {@code from}, in receive order. */
    private void replay(OrderHistory history, Instant from) {
        List<String> devices = history.versions().stream().flatMap(v -> v.document().parties().stream()).map(Party::deviceId).distinct().toList();
        int count = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT 'fix' AS kind, device_id, seq, ts, received_at, lat, lon, acc, NULL AS type FROM pings
                 WHERE device_id = ANY (?) AND received_at > ?
                UNION ALL
                SELECT 'event', device_id, seq, ts, received_at, lat, lon, NULL, type FROM device_events
                 WHERE device_id = ANY (?) AND received_at > ?
                ORDER BY received_at, device_id, seq""")) {
            java.sql.Array ids = c.createArrayOf("text", devices.toArray());
            ps.setArray(1, ids);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setArray(3, ids);
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setFetchSize(1_000);
            c.setAutoCommit(false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant received = rs.getTimestamp("received_at").toInstant();
                    Instant ts = rs.getTimestamp("ts").toInstant();
                    Telemetry t = "fix".equals(rs.getString("kind"))
                            ? new Telemetry.Fix(rs.getString("device_id"), rs.getLong("seq"), ts, received, rs.getDouble("lat"), rs.getDouble("lon"),
                                    rs.getDouble("acc"), null, null, null, new byte[0])
                            : new Telemetry.Event(rs.getString("device_id"), rs.getLong("seq"), ts, received,
                                    io.stayaway.gateway.ingest.DeviceEventType.fromWire(rs.getString("type")).orElseThrow(),
                                    (Double) rs.getObject("lat"), (Double) rs.getObject("lon"), new byte[0]);
                    evaluateFor(history, t);
                    count++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot replay stored records of order " + history.id() + ": " + e.getMessage(), e);
        }
        if (count > 0) {
            LOG.info("order {}: evaluated {} record(s) stored after its saved state ({})", history.id(), count, from);
            saveNow(history.id());
        }
    }

    /** Called by the writer with newly stored records, in storage order. */
    public void onStored(List<Telemetry> fresh) {
        submit(() -> fresh.forEach(this::evaluate));
    }

    public long evaluationCount() {
        return evaluations.get();
    }

    public long evaluationNanos() {
        return evaluationNanos.get();
    }

    /** Evaluation tasks that failed: each may be a missed alert. */
    public long failureCount() {
        return failures.get();
    }

    private void submit(Runnable task) {
        evaluatorThread.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // An evaluation failure is a missed alert in waiting: make it loud and count it (a metric the desk's monitoring alarms on).
                failures.incrementAndGet();
                LOG.error("GEOFENCE EVALUATION FAILED — alerts may be missed: {}", e.toString(), e);
            }
        });
    }

    private void evaluate(Telemetry t) {
        for (String orderId : orders.ordersOf(t.deviceId())) {
            OrderHistory history = histories.get(orderId);
            if (history != null) {
                evaluateFor(history, t);
            }
        }
    }

    /** Evaluates a record under the order version in force at its device time (README, "Amending an order"). */
    private void evaluateFor(OrderHistory history, Telemetry t) {
        String orderId = history.id();
        if (!evaluators.containsKey(orderId)) {
            return;
        }
        watermark.merge(orderId, t.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
        dirty.add(orderId);
        OrderDocument doc = history.versionAt(t.ts()).document();
        if (doc.partyOf(t.deviceId()).isEmpty()) {
            return; // a device assigned by a later version, or replaced by an earlier one: not a party at that time
        }
        if (t instanceof Telemetry.Fix f) {
            OrderEvaluator evaluator = evaluatorAt(history, f.ts());
            if (evaluator == null) {
                return;
            }
            long start = System.nanoTime();
            List<GeofenceEvent> events = evaluator.evaluate(new Ping(f.deviceId(), f.seq(), f.ts(), f.lat(), f.lon(), f.acc()), f.receivedAt()).events();
            evaluationNanos.addAndGet(System.nanoTime() - start);
            evaluations.incrementAndGet();
            handle(doc, evaluator, events);
        } else if (t instanceof Telemetry.Event e) {
            deviceEventTrigger(doc, e).ifPresent(trigger -> raiser.raise(trigger, doc.contacts()));
        }
    }

    private void tick() {
        Instant now = clock.instant();
        for (Map.Entry<String, Map<Integer, OrderEvaluator>> entry : evaluators.entrySet()) {
            OrderHistory history = histories.get(entry.getKey());
            for (Map.Entry<Integer, OrderEvaluator> version : entry.getValue().entrySet()) {
                handle(history.version(version.getKey()).document(), version.getValue(), version.getValue().advanceTo(now));
            }
        }
        if (now.isAfter(lastPeriodicSave.plus(SAVE_EVERY))) {
            lastPeriodicSave = now;
            for (String orderId : List.copyOf(dirty)) {
                saveNow(orderId);
            }
        }
    }

    /** Hands the order's current state and watermark to the snapshot thread. Evaluator thread only. */
    private void saveNow(String orderId) {
        Map<Integer, OrderEvaluator> byVersion = evaluators.get(orderId);
        if (byVersion == null || byVersion.isEmpty()) {
            return;
        }
        // The newest version's state is kept; older versions govern only late fixes and start afresh after a restart.
        int version = java.util.Collections.max(byVersion.keySet());
        byte[] snapshot = byVersion.get(version).snapshot();
        Instant through = watermark.get(orderId);
        dirty.remove(orderId);
        snapshotThread.execute(() -> saveSnapshot(orderId, version, snapshot, through));
    }

    private void handle(OrderDocument doc, OrderEvaluator evaluator, List<GeofenceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (GeofenceEvent event : events) {
            raiser.raise(trigger(doc, event.episode()), doc.contacts());
            pursuit.on(doc, event);
        }
        saveNow(doc.order().id());
    }

    static AlertTrigger trigger(OrderDocument doc, Episode e) {
        AlertType type = switch (e.kind()) {
            case BREACH -> AlertType.BREACH;
            case CROSSING -> AlertType.CROSSING;
            case PROXIMITY -> AlertType.PROXIMITY;
            case APPROACH -> AlertType.APPROACH;
            case CURFEW -> AlertType.CURFEW;
            case PROXIMITY_UNKNOWN -> AlertType.PROXIMITY_UNKNOWN;
        };
        String party = doc.partyOf(e.deviceId()).map(p -> p.role().wireName()).orElse(null);
        Double distance = e.kind() == EpisodeKind.PROXIMITY_UNKNOWN ? null : e.minDistanceMetres();
        return new AlertTrigger(e.id(), e.orderId(), type, e.zoneId(), e.deviceId(), party, e.start(), e.end(),
                e.late(), distance, e.accuracyMetres(), e.explanation());
    }

    private static java.util.Optional<AlertTrigger> deviceEventTrigger(OrderDocument doc, Telemetry.Event e) {
        AlertType type = switch (e.type()) {
            case STRAP_TAMPER, CASE_OPEN, JAMMING -> AlertType.TAMPER;
            case PANIC -> AlertType.PANIC;
            case BATTERY_LOW -> AlertType.LOW_BATTERY;
            // GNSS loss and power-off become alerts through the device health monitor's timers.
            case GNSS_LOST, STRAP_RESTORED, CHARGING, GNSS_RESTORED, POWER_OFF -> null;
        };
        if (type == null) {
            return java.util.Optional.empty();
        }
        String party = doc.partyOf(e.deviceId()).map(Party::role).map(Party.Role::wireName).orElse(null);
        String key = doc.order().id() + "/" + e.deviceId() + "/event/" + e.seq() + "/" + e.ts().toEpochMilli();
        return java.util.Optional.of(new AlertTrigger(key, doc.order().id(), type, null, e.deviceId(), party, e.ts(), null,
                false, null, null, "device reported " + e.type().wireName()));
    }

    /** An order's saved evaluator state and the receive time evaluation had reached when it was taken. */
    private record Saved(int version, byte[] snapshot, Instant evaluatedThrough) {
    }

    private Map<String, Saved> loadSnapshots() {
        Map<String, Saved> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT order_id, snapshot, evaluated_through, order_version FROM evaluator_state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp through = rs.getTimestamp(3);
                out.put(rs.getString(1), new Saved(rs.getInt(4), rs.getBytes(2), through == null ? null : through.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read evaluator state: " + e.getMessage(), e);
        }
        return out;
    }

    private void saveSnapshot(String orderId, int version, byte[] snapshot, Instant evaluatedThrough) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO evaluator_state (order_id, snapshot, updated_at, evaluated_through, order_version) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at,
                                                     evaluated_through = EXCLUDED.evaluated_through,
                                                     order_version = EXCLUDED.order_version""")) {
            ps.setString(1, orderId);
            ps.setBytes(2, snapshot);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setTimestamp(4, evaluatedThrough == null ? null : Timestamp.from(evaluatedThrough));
            ps.setInt(5, version);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.error("could not save evaluator state of order {} (a restart may re-evaluate from an older state; alerts stay deduplicated): {}",
                    orderId, e.getMessage());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        evaluatorThread.shutdown();
        snapshotThread.shutdown();
        try {
            evaluatorThread.awaitTermination(5, TimeUnit.SECONDS);
            snapshotThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
