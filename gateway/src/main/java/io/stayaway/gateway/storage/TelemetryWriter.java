package io.stayaway.gateway.storage;

import io.micrometer.core.instrument.Timer;
import io.stayaway.gateway.ingest.Rejection;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.ingest.TelemetrySink;
import io.stayaway.gateway.ops.LogSafe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's store step ({@link TelemetrySink}): stores pings and device events in batches on its own
 * thread, {@code telemetry-writer} (which owns the batch and the connection), behind a bounded queue. A record's
 * future completes only after its batch is committed (true = newly stored, false = a duplicate of a
 * stored one), so the transport can acknowledge exactly then. When the database is slow or down the
 * batch is retried until it succeeds: the queue fills, producers wait, acknowledgements stop
 * (backpressure), and nothing accepted is dropped. On {@link #close} every record the writer could not
 * store in time fails instead, so it is never acknowledged and is redelivered. Newly stored records are handed, in arrival
 * order, to the listener on the writer thread; their futures are then completed, in order, on a
 * separate acknowledgement thread ({@code telemetry-acks}), so transport acknowledgements never hold up
 * the next batch.
 * Each newly stored record is linked into its device's evidence hash chain in the same transaction
 * ({@link EvidenceChains}), so no record is stored unchained and no link points at nothing.
 */
public final class TelemetryWriter implements TelemetrySink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryWriter.class);
    private static final int REJECTION_QUEUE = 10_000;
    /** How long {@link #close} keeps storing what is queued before it fails the rest. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long after a batch met a stored fix the writer inserts skipping duplicates instead of copying. */
    private static final long DUPLICATE_RUN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final DataSource dataSource;
    /** When a batch last met a fix stored before ({@link System#nanoTime}); the writer thread's alone. */
    private long lastDuplicateKey = System.nanoTime() - DUPLICATE_RUN_NANOS - 1;

    private final int batchSize;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final int capacity;
    private final Object space = new Object();
    private final BlockingQueue<Rejection> rejections = new ArrayBlockingQueue<>(REJECTION_QUEUE);
    private final Committed onStored;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejectionsDropped = new AtomicLong();
    private final AtomicLong handOverFailures = new AtomicLong();
    private final Timer batchTimer;
    private volatile boolean databaseHealthy = true;
    /** False once {@link #close} began: no record is taken any more, what is queued is stored until the deadline. */
    private volatile boolean running = true;
    /** {@code System.nanoTime()} by which the writer gives up storing; meaningful once {@code running} is false. */
    private volatile long drainDeadline;

    private final Duration drainTimeout;
    /** The batch being written, so that {@link #close} can fail it if the database holds it past the deadline. */
    private volatile List<Pending> inFlight = List.of();

    private final Thread thread;
    private final ExecutorService acknowledgements =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "telemetry-acks"));

    private record Pending(Telemetry item, CompletableFuture<Boolean> done) {}

    /** The identity of a stored record: which table (events apart from pings), device, seq and fix time. */
    record Key(boolean event, String deviceId, long seq, Instant ts) {
        static Key of(Telemetry t) {
            return new Key(t instanceof Telemetry.Event, t.deviceId(), t.seq(), t.ts());
        }
    }

    public TelemetryWriter(
            DataSource dataSource, int batchSize, int queueCapacity, Committed onStored, Timer batchTimer) {
        this(dataSource, batchSize, queueCapacity, onStored, batchTimer, DRAIN_TIMEOUT);
    }

    /** @param drainTimeout how long {@link #close} keeps storing what is queued before it fails the rest */
    TelemetryWriter(
            DataSource dataSource,
            int batchSize,
            int queueCapacity,
            Committed onStored,
            Timer batchTimer,
            Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        this.batchTimer = batchTimer;
        this.dataSource = dataSource;
        this.batchSize = batchSize;
        this.capacity = queueCapacity;
        this.onStored = onStored;
        this.thread = new Thread(this::run, "telemetry-writer");
        this.thread.start();
    }

    /** Queues a record, waiting while the queue is at capacity (backpressure to the caller's thread). */
    @Override
    public CompletableFuture<Boolean> submit(Telemetry item) throws InterruptedException {
        synchronized (space) {
            while (running && queue.size() >= capacity) {
                space.wait(100);
            }
        }
        return enqueue(item);
    }

    /**
     * Queues a record without waiting, even past capacity; for event-loop transports, which must
     * stop reading from devices while {@link #saturated()} instead (bounded overshoot: what is in flight).
     * After {@link #close} the record fails at once.
     */
    @Override
    public CompletableFuture<Boolean> enqueue(Telemetry item) {
        Pending p = new Pending(item, new CompletableFuture<>());
        queue.add(p);
        // Closing meanwhile: the writer may be gone, so whoever takes p out of the queue completes it.
        if (!running && queue.remove(p)) {
            p.done().completeExceptionally(notStored("the writer is closed"));
        }
        return p.done();
    }

    /** True while the queue is at or above capacity: transports must stop taking messages. */
    @Override
    public boolean saturated() {
        return queue.size() >= capacity;
    }

    /** Keeps a refused message for investigation; bounded, counted when dropped. Never blocks. */
    @Override
    public void keep(Rejection rejection) {
        if (!rejections.offer(rejection)) {
            rejectionsDropped.incrementAndGet();
        }
    }

    public int queueDepth() {
        return queue.size();
    }

    public long storedCount() {
        return stored.get();
    }

    public long duplicateCount() {
        return duplicates.get();
    }

    public boolean databaseHealthy() {
        return databaseHealthy;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        try {
            while (running || (!queue.isEmpty() && !pastDrainDeadline())) {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                    inFlight = List.copyOf(batch);
                    writeUntilStored(batch);
                    batch.clear();
                    synchronized (space) {
                        space.notifyAll();
                    }
                }
                drainRejections();
            }
        } catch (InterruptedException | StorageException e) {
            LOG.warn("telemetry writer stopped before storing everything: {}", e.toString());
        }
        fail(batch, "the writer stopped before storing it");
        failQueued();
    }

    private boolean pastDrainDeadline() {
        return !running && System.nanoTime() - drainDeadline >= 0;
    }

    /** Retries the batch until it is stored or, once closing, until the drain deadline (then throws). */
    private void writeUntilStored(List<Pending> batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            List<Telemetry> fresh;
            try {
                long start = System.nanoTime();
                fresh = write(batch);
                batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } catch (SQLException | RuntimeException e) {
                if (databaseHealthy) {
                    LOG.error(
                            "cannot store {} record(s), holding them and retrying (acknowledgements paused): {}",
                            batch.size(),
                            e.getMessage());
                    databaseHealthy = false;
                }
                if (pastDrainDeadline()) {
                    throw new StorageException("closing: gave up storing " + batch.size() + " record(s)", e);
                }
                long sleep = backoff.toMillis();
                if (!running) {
                    sleep = Math.min(sleep, Math.max(0, (drainDeadline - System.nanoTime()) / 1_000_000));
                }
                Thread.sleep(sleep);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
                continue;
            }
            if (!databaseHealthy) {
                LOG.info("database writable again; {} record(s) waiting were stored", batch.size());
                databaseHealthy = true;
            }
            inFlight = List.of();
            handOver(fresh);
            acknowledge(List.copyOf(batch), fresh);
            return;
        }
    }

    /** Completes a committed batch's futures, in order, on the acknowledgement thread (on this one once closed). */
    private void acknowledge(List<Pending> done, List<Telemetry> fresh) {
        Set<Telemetry> freshSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        freshSet.addAll(fresh);
        Runnable complete = () -> {
            for (Pending p : done) {
                p.done().complete(freshSet.contains(p.item()));
            }
        };
        try {
            acknowledgements.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run();
        }
    }

    private static StorageException notStored(String why) {
        return new StorageException("record not stored: " + why + "; it must not be acknowledged", null);
    }

    /** Fails records not stored: their futures complete exceptionally (a completed one stays as it is). */
    private static void fail(List<Pending> pending, String why) {
        for (Pending p : pending) {
            p.done().completeExceptionally(notStored(why));
        }
    }

    private void failQueued() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, "the writer closed before storing it");
    }

    private void handOver(List<Telemetry> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        try {
            onStored.stored(fresh);
        } catch (RuntimeException e) {
            handOverFailures.incrementAndGet();
            LOG.error(
                    "EVALUATION HAND-OVER FAILED for {} stored record(s): they are stored but NOT evaluated; alerts may be missed: {}",
                    fresh.size(),
                    e.toString(),
                    e);
        }
    }

    /**
     * Stores the batch's records in {@code c}'s transaction, links the new ones into their devices' chains and commits;
     * returns the records that were not already stored, in order. With {@code copy}, fixes go in by binary COPY, which
     * fails the whole batch on a fix stored before; without, by an insert that skips those.
     */
    private static List<Telemetry> store(
            Connection c, List<Telemetry> unique, List<Telemetry.Fix> fixes, List<Telemetry.Event> events, boolean copy)
            throws SQLException {
        Set<Key> inserted = new HashSet<>();
        if (!fixes.isEmpty()) {
            if (copy) {
                TelemetryRows.copyFixes(c, fixes);
                fixes.forEach(f -> inserted.add(Key.of(f)));
            } else {
                inserted.addAll(TelemetryRows.insertFixes(c, fixes));
            }
        }
        if (!events.isEmpty()) {
            inserted.addAll(TelemetryRows.insertEvents(c, events));
        }
        List<Telemetry> fresh = new ArrayList<>();
        for (Telemetry t : unique) {
            if (inserted.contains(Key.of(t))) {
                fresh.add(t);
            }
        }
        EvidenceChains.append(c, fresh);
        c.commit();
        return fresh;
    }

    /** Writes one batch in one transaction; returns the records that were not already stored, in order. */
    private List<Telemetry> write(List<Pending> batch) throws SQLException {
        List<Telemetry.Fix> fixes = new ArrayList<>();
        List<Telemetry.Event> events = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        List<Telemetry> unique = new ArrayList<>();
        for (Pending p : batch) {
            Telemetry t = p.item();
            if (!seen.add(Key.of(t))) {
                continue;
            }
            unique.add(t);
            if (t instanceof Telemetry.Fix f) {
                fixes.add(f);
            } else if (t instanceof Telemetry.Event e) {
                events.add(e);
            }
        }
        List<Telemetry> fresh;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean copy = System.nanoTime() - lastDuplicateKey > DUPLICATE_RUN_NANOS;
            try {
                fresh = store(c, unique, fixes, events, copy);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (!copy || !TelemetryRows.duplicateKey(e)) {
                    throw e;
                }
                // A fix of this batch is stored already (a redelivery): store the batch again, skipping what is there,
                // and keep skipping for a while, since redeliveries come in runs (a device's or the broker's backlog).
                lastDuplicateKey = System.nanoTime();
                try {
                    fresh = store(c, unique, fixes, events, false);
                } catch (SQLException | RuntimeException again) {
                    c.rollback();
                    throw again;
                }
            }
        }
        stored.addAndGet(fresh.size());
        duplicates.addAndGet(batch.size() - fresh.size());
        return fresh;
    }

    private void drainRejections() {
        if (rejections.isEmpty()) {
            return;
        }
        List<Rejection> batch = new ArrayList<>();
        rejections.drainTo(batch, 500);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rejected_messages (received_at, topic, device_id, reason, detail, raw) VALUES (?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (Rejection r : batch) {
                ps.setTimestamp(1, now);
                // What a device sent may hold a NUL, which a PostgreSQL text cannot: topic and detail are kept escaped
                // (the raw bytes are kept as they came).
                ps.setString(2, LogSafe.quote(r.topic()));
                ps.setString(3, r.deviceId());
                ps.setString(4, r.reason().wireName());
                ps.setString(5, LogSafe.quote(r.detail()));
                ps.setBytes(6, r.raw());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            rejectionsDropped.addAndGet(batch.size());
            LOG.warn(
                    "could not keep {} rejected message(s) for investigation: {}",
                    batch.size(),
                    LogSafe.quote(e.getMessage()));
        }
    }

    /** Batches stored but not handed to evaluation because the listener failed: each may be a missed alert. */
    public long handOverFailureCount() {
        return handOverFailures.get();
    }

    public long rejectionsDropped() {
        return rejectionsDropped.get();
    }

    /**
     * Stops taking records and stores what is queued for at most the drain timeout (10 s). Every record not
     * stored by then, and every record offered after, fails: its future completes exceptionally, so the
     * transport never acknowledges it and the device (or the broker) delivers it again. When it returns, no
     * record's future is left pending.
     */
    @Override
    public void close() {
        drainDeadline = System.nanoTime() + drainTimeout.toNanos();
        running = false;
        try {
            thread.join(drainTimeout.plusSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error(
                    "the database still holds a batch of {} record(s) after {}: failed, to be redelivered",
                    inFlight.size(),
                    drainTimeout);
        }
        fail(inFlight, "the database did not store it before the writer closed");
        failQueued();
        acknowledgements.shutdown();
        try {
            acknowledgements.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
