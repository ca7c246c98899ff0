package io.stayaway.gateway.evaluation;

import io.stayaway.gateway.alerting.AlertRaiser;
import io.stayaway.gateway.cluster.OwnedOrders;
import io.stayaway.gateway.cluster.Ownership;
import io.stayaway.gateway.downlink.DownlinkQueue;
import io.stayaway.gateway.downlink.PursuitMode;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.orders.Party;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.Ping;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate step of the pipeline: runs each order's geofence evaluators ({@link OrderEvaluators}) on one
 * thread, {@code geofence-evaluator}, which owns them and all state here but the counters; turns episodes
 * and device events into alert triggers ({@link AlertTriggers}) for the alert step and episodes into
 * pursuit-mode commands; and saves evaluator state ({@link EvaluatorStore}) so a restart neither forgets an
 * open episode nor raises it again, re-evaluating what was stored from then on ({@link StoredRecordReplay}).
 * The state is saved only once the alerts raised before it are stored, so a crash that loses a queued alert
 * also loses the state that passed it, and the replay derives the alert again.
 * Stored records arrive in storage order; {@link #onStored} is thread-safe and never blocks.
 */
public final class EvaluationService implements OwnedOrders.Holder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationService.class);
    /** With no saved state at all, start-up evaluates what arrived in this window before now. */
    private static final Duration REPLAY_WITHOUT_STATE = Duration.ofDays(1);
    /**
     * A replay starts this long before the saved watermark: in a cluster, records reach the owner from several
     * nodes, so one received before the newest evaluated record may still have been on its way when the state
     * was saved. What the evaluator has seen it recognises (or, older than its reorder window, only assesses).
     */
    static final Duration REPLAY_MARGIN = Duration.ofSeconds(30);
    /**
     * Evaluator state of orders that saw records is saved at least this often (and after every
     * episode change). Longer means a longer replay after a crash, shorter means more snapshot
     * encoding: at 10,000 pings/s a 30 s period made snapshots the evaluator thread's largest cost.
     */
    private static final Duration SAVE_EVERY = Duration.ofMinutes(5);

    private final OrderRegistry orders;
    private final Ownership ownership;
    private final AlertRaiser raiser;
    private final PursuitMode pursuit;
    private final DownlinkQueue commands;
    private final Clock clock;
    private final EvaluatorStore store;
    private final StoredRecordReplay replay;
    private final ExecutorService evaluatorThread =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "geofence-evaluator"));
    /** Only submits the tick to the evaluator thread. */
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "evaluator-ticker");
        t.setDaemon(true);
        return t;
    });

    // Evaluator thread only:
    private final OrderEvaluators evaluators;
    /**
     * Per order, the newest receive time evaluated: saved with the state, where a restart's replay starts.
     * Written on the evaluator thread only; concurrent so that {@link #evaluatedThrough} can read it.
     */
    private final Map<String, Instant> watermark = new java.util.concurrent.ConcurrentHashMap<>();
    /** Orders evaluated since their state was last saved. */
    private final Set<String> dirty = new HashSet<>();

    private Instant lastPeriodicSave = Instant.EPOCH;

    // Any thread (metrics):
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong evaluationNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public EvaluationService(
            OrderRegistry orders,
            Ownership ownership,
            AlertRaiser raiser,
            PursuitMode pursuit,
            DownlinkQueue commands,
            DataSource dataSource,
            EvaluatorSettings settings,
            Clock clock) {
        this.pursuit = pursuit;
        this.commands = commands;
        this.orders = orders;
        this.ownership = ownership;
        this.raiser = raiser;
        this.clock = clock;
        this.evaluators = new OrderEvaluators(settings);
        this.store = new EvaluatorStore(dataSource, clock);
        this.replay = new StoredRecordReplay(dataSource);
    }

    /**
     * Follows new, amended and terminated orders this node owns (an order it does not own is another
     * node's) and starts the clock tick. Orders are restored by {@link #acquire}.
     */
    public void start() {
        orders.onAdded(doc -> submit(() -> {
            if (ownership.owns(doc.order().id())) {
                orders.history(doc.order().id()).ifPresent(this::follow);
            }
        }));
        orders.onChanged(history -> submit(() -> {
            if (evaluators.follows(history.id()) || ownership.owns(history.id())) {
                follow(history);
            }
        }));
        ticker.scheduleAtFixedRate(() -> submit(this::tick), 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Takes orders on (at start-up, or from a node that died or handed them over): restores each one's
     * evaluator and pursuit state from the saved state and evaluates what was stored after it (records
     * acknowledged but never evaluated). Blocks until done. An order already followed is left as it is.
     */
    @Override
    public void acquire(List<OrderHistory> histories) {
        Map<String, EvaluatorStore.Saved> saved =
                store.load(histories.stream().map(OrderHistory::id).toList());
        Future<?> restored = evaluatorThread.submit(() -> {
            List<OrderHistory> taken = new java.util.ArrayList<>();
            for (OrderHistory history : histories) {
                OrderHistory current = orders.history(history.id()).orElse(history);
                if (current.active() && !evaluators.follows(current.id())) {
                    taken.add(current);
                }
            }
            restoreAndReplay(taken, saved);
        });
        try {
            restored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring evaluators", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not restore evaluators: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Lets orders go to another node: saves their state (which that node restores) and forgets them. */
    @Override
    public void release(List<String> orderIds) {
        submit(() -> {
            for (String orderId : orderIds) {
                if (evaluators.follows(orderId)) {
                    saveNow(orderId);
                    evaluators.forget(orderId);
                    pursuit.forget(orderId);
                    dirty.remove(orderId);
                    watermark.remove(orderId);
                }
            }
        });
    }

    /** The receive time of the newest record evaluated for an order this node holds, if any. */
    public java.util.Optional<Instant> evaluatedThrough(String orderId) {
        return java.util.Optional.ofNullable(watermark.get(orderId));
    }

    /**
     * Restores orders' evaluators and pursuit state, then re-evaluates, in one pass over storage in receive
     * order, each order's records stored from its replay point on ({@link #replayPoint}): one query for all the
     * orders taken on, not one per order, so that a failover that moves thousands of orders reads the recent
     * records once.
     */
    private void restoreAndReplay(List<OrderHistory> histories, Map<String, EvaluatorStore.Saved> saved) {
        Map<String, Instant> from = new HashMap<>();
        Set<String> devices = new java.util.LinkedHashSet<>();
        for (OrderHistory history : histories) {
            EvaluatorStore.Saved state = saved.get(history.id());
            restore(history, state);
            from.put(history.id(), replayPoint(history, state));
            history.versions().stream()
                    .flatMap(v -> v.document().parties().stream())
                    .map(Party::deviceId)
                    .forEach(devices::add);
        }
        if (from.isEmpty()) {
            return;
        }
        Instant earliest = from.values().stream().min(Instant::compareTo).orElseThrow();
        Map<String, Integer> counts = new HashMap<>();
        try {
            replay.replay(List.copyOf(devices), earliest, t -> {
                for (String orderId : orders.ordersOf(t.deviceId())) {
                    Instant point = from.get(orderId);
                    OrderHistory history = evaluators.history(orderId);
                    if (point != null && history != null && !t.receivedAt().isBefore(point)) {
                        evaluateFor(history, t);
                        counts.merge(orderId, 1, Integer::sum);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot replay stored records of " + from.size() + " order(s): " + e.getMessage(), e);
        }
        counts.forEach((orderId, count) -> {
            LOG.info(
                    "order {}: evaluated {} record(s) stored after its saved state ({})",
                    orderId,
                    count,
                    from.get(orderId));
            saveNow(orderId);
        });
    }

    /** Restores one order's evaluator (from its saved state, or new) and pursuit state. */
    private void restore(OrderHistory history, EvaluatorStore.Saved state) {
        if (state != null) {
            pursuit.restore(history.id(), state.pursuit());
        }
        if (!evaluators.restore(history, state)) {
            // Monitoring goes on rather than the whole gateway refusing to start, but an episode open at the crash may
            // be reported again or late: counted with the evaluation failures, which are alarmed on as possible missed
            // alerts.
            failures.incrementAndGet();
        }
        if (state != null && state.evaluatedThrough() != null) {
            watermark.put(history.id(), state.evaluatedThrough());
        }
    }

    /**
     * Where an order's replay starts: {@link #REPLAY_MARGIN} before its saved watermark; with no saved state, a
     * day back ({@link #REPLAY_WITHOUT_STATE}) but not before the order was recorded.
     */
    private Instant replayPoint(OrderHistory history, EvaluatorStore.Saved state) {
        if (state != null && state.evaluatedThrough() != null) {
            return state.evaluatedThrough().minus(REPLAY_MARGIN);
        }
        Instant dayBack = clock.instant().minus(REPLAY_WITHOUT_STATE);
        Instant recorded = history.versions().get(0).recordedAt().minus(REPLAY_MARGIN);
        return recorded.isAfter(dayBack) ? recorded : dayBack;
    }

    /**
     * Takes a new, amended or terminated order into account ({@link OrderEvaluators#follow}). A terminated
     * order is ticked once more, to close what is open, saved, and then forgotten.
     */
    private void follow(OrderHistory history) {
        evaluators.follow(history);
        if (!history.active()) {
            Instant now = clock.instant();
            OrderDocument doc = history.current().document();
            for (OrderEvaluator evaluator : evaluators.of(history.id())) {
                handle(doc, evaluator, evaluator.advanceTo(now));
            }
            saveNow(history.id());
            evaluators.forget(history.id());
            pursuit.forget(history.id());
            dirty.remove(history.id());
        }
    }

    /** Called by the pipeline's hand-over with newly stored records, in storage order. Never blocks. */
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
                // An evaluation failure is a missed alert in waiting: make it loud and count it (a metric the desk's
                // monitoring alarms on).
                failures.incrementAndGet();
                LOG.error("GEOFENCE EVALUATION FAILED — alerts may be missed: {}", e.toString(), e);
            }
        });
    }

    private void evaluate(Telemetry t) {
        for (String orderId : orders.ordersOf(t.deviceId())) {
            OrderHistory history = evaluators.history(orderId);
            if (history != null) {
                evaluateFor(history, t);
            }
        }
    }

    /** Evaluates a record under the order version in force at its device time (README, "Amending an order"). */
    private void evaluateFor(OrderHistory history, Telemetry t) {
        String orderId = history.id();
        if (!evaluators.follows(orderId)) {
            return;
        }
        watermark.merge(orderId, t.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
        dirty.add(orderId);
        OrderDocument doc = history.versionAt(t.ts()).document();
        if (doc.partyOf(t.deviceId()).isEmpty()) {
            return; // a device assigned by a later version, or replaced by an earlier one: not a party at that time
        }
        if (t instanceof Telemetry.Fix f) {
            OrderEvaluator evaluator = evaluators.at(history, f.ts());
            if (evaluator == null) {
                return;
            }
            long start = System.nanoTime();
            List<GeofenceEvent> events = evaluator
                    .evaluate(
                            new Ping(f.deviceId(), f.seq(), f.ts(), f.lat(), f.lon(), f.acc(), f.source()),
                            f.receivedAt())
                    .events();
            evaluationNanos.addAndGet(System.nanoTime() - start);
            evaluations.incrementAndGet();
            handle(doc, evaluator, events, AlertTriggers.receivedLate(f));
        } else if (t instanceof Telemetry.Event e) {
            AlertTriggers.forDeviceEvent(doc, e).ifPresent(trigger -> raiser.raise(trigger, doc.contacts()));
        }
    }

    /** The clock tick: episodes that end with time (a silent counterpart, the end of a curfew or of an order) end. */
    private void tick() {
        Instant now = clock.instant();
        evaluators.forEach((doc, evaluator) -> handle(doc, evaluator, evaluator.advanceTo(now)));
        if (now.isAfter(lastPeriodicSave.plus(SAVE_EVERY))) {
            lastPeriodicSave = now;
            for (String orderId : List.copyOf(dirty)) {
                saveNow(orderId);
            }
        }
    }

    /**
     * Hands the order's current state and watermark to the store's thread, which saves it once every alert
     * trigger raised and every device command sent so far (this state's among them) is stored: a crash
     * before then loses neither an alert nor a command, since the restart replays from the state before.
     */
    private void saveNow(String orderId) {
        evaluators.newest(orderId).ifPresent(newest -> {
            byte[] snapshot = newest.evaluator().snapshot();
            dirty.remove(orderId);
            long alertsThrough = raiser.lastTicket();
            long commandsThrough = commands.lastTicket();
            store.saveLater(
                    orderId,
                    new EvaluatorStore.Saved(
                            newest.version(), snapshot, watermark.get(orderId), pursuit.state(orderId)),
                    () -> raiser.awaitStored(alertsThrough) && commands.awaitQueued(commandsThrough));
        });
    }

    private void handle(OrderDocument doc, OrderEvaluator evaluator, List<GeofenceEvent> events) {
        handle(doc, evaluator, events, false);
    }

    /** @param fixReceivedLate the events come from a fix that is old data ({@link AlertTriggers#receivedLate}) */
    private void handle(
            OrderDocument doc, OrderEvaluator evaluator, List<GeofenceEvent> events, boolean fixReceivedLate) {
        if (events.isEmpty()) {
            if (pursuit.onSuspicion(doc, evaluator.suspects())) {
                saveNow(doc.order().id());
            }
            return;
        }
        Set<String> closedHere = new HashSet<>();
        for (GeofenceEvent event : events) {
            if (event instanceof io.stayaway.geofence.EpisodeClosed) {
                closedHere.add(event.episode().id());
            }
        }
        for (GeofenceEvent event : events) {
            raiser.raise(AlertTriggers.forEpisode(doc, event.episode(), fixReceivedLate), doc.contacts());
            pursuit.on(doc, event, closedHere.contains(event.episode().id()));
        }
        pursuit.onSuspicion(doc, evaluator.suspects());
        saveNow(doc.order().id());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        evaluatorThread.shutdown();
        try {
            evaluatorThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
