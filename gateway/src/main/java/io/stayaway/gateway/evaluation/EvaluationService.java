package io.stayaway.gateway.evaluation;

import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.gateway.downlink.PursuitMode;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
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
 * Runs each order's geofence evaluator on one thread (evaluators are confined to it), turns
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

    private final Map<String, OrderEvaluator> evaluators = new HashMap<>();
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
            for (OrderDocument doc : orders.all()) {
                Saved state = saved.get(doc.order().id());
                OrderEvaluator evaluator = state == null
                        ? OrderEvaluator.create(doc.order(), settings)
                        : OrderEvaluator.restore(doc.order(), settings, state.snapshot());
                evaluators.put(doc.order().id(), evaluator);
                Instant from = state == null || state.evaluatedThrough() == null
                        ? clock.instant().minus(REPLAY_WITHOUT_STATE) : state.evaluatedThrough();
                replay(doc, from);
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
        orders.onAdded(doc -> submit(() -> evaluators.put(doc.order().id(), OrderEvaluator.create(doc.order(), settings))));
        ticker.scheduleAtFixedRate(() -> submit(this::tick), 5, 5, TimeUnit.SECONDS);
    }

    /** Re-evaluates an order's stored records received after {@code from}, in receive order. */
    private void replay(OrderDocument doc, Instant from) {
        List<String> devices = doc.parties().stream().map(Party::deviceId).toList();
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
                    evaluateFor(doc, t);
                    count++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot replay stored records of order " + doc.order().id() + ": " + e.getMessage(), e);
        }
        if (count > 0) {
            LOG.info("order {}: evaluated {} record(s) stored after its saved state ({})", doc.order().id(), count, from);
            saveNow(doc.order().id());
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
            orders.get(orderId).ifPresent(doc -> evaluateFor(doc, t));
        }
    }

    private void evaluateFor(OrderDocument doc, Telemetry t) {
        OrderEvaluator evaluator = evaluators.get(doc.order().id());
        if (evaluator == null) {
            return;
        }
        watermark.merge(doc.order().id(), t.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
        dirty.add(doc.order().id());
        if (t instanceof Telemetry.Fix f) {
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
        for (Map.Entry<String, OrderEvaluator> entry : evaluators.entrySet()) {
            orders.get(entry.getKey()).ifPresent(doc -> handle(doc, entry.getValue(), entry.getValue().advanceTo(now)));
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
        OrderEvaluator evaluator = evaluators.get(orderId);
        if (evaluator == null) {
            return;
        }
        byte[] snapshot = evaluator.snapshot();
        Instant through = watermark.get(orderId);
        dirty.remove(orderId);
        snapshotThread.execute(() -> saveSnapshot(orderId, snapshot, through));
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
    private record Saved(byte[] snapshot, Instant evaluatedThrough) {
    }

    private Map<String, Saved> loadSnapshots() {
        Map<String, Saved> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT order_id, snapshot, evaluated_through FROM evaluator_state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp through = rs.getTimestamp(3);
                out.put(rs.getString(1), new Saved(rs.getBytes(2), through == null ? null : through.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read evaluator state: " + e.getMessage(), e);
        }
        return out;
    }

    private void saveSnapshot(String orderId, byte[] snapshot, Instant evaluatedThrough) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO evaluator_state (order_id, snapshot, updated_at, evaluated_through) VALUES (?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at,
                                                     evaluated_through = EXCLUDED.evaluated_through""")) {
            ps.setString(1, orderId);
            ps.setBytes(2, snapshot);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setTimestamp(4, evaluatedThrough == null ? null : Timestamp.from(evaluatedThrough));
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
