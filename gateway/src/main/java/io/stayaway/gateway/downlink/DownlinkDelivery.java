package io.stayaway.gateway.downlink;

import io.stayaway.gateway.ops.LogThrottle;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the queued commands on its own thread, {@code downlink-delivery}: each device's oldest pending
 * command, one at a time per device and at most {@link #IN_FLIGHT} at once (a broker limits the publishes
 * in flight); a command not acknowledged within {@link #ACK_WITHIN}, or that cannot be sent, is tried again
 * after a backoff (1 s doubling to 60 s), or at once when its device connects. Outcomes are recorded by
 * this thread; an outcome that cannot be recorded (database down) waits, its device held, until it can.
 */
final class DownlinkDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkDelivery.class);
    static final int IN_FLIGHT = 16;
    /** Due commands read per pass: enough that other nodes' devices (skipped in a cluster) do not crowd out this one's. */
    private static final int DUE_PER_PASS = 256;

    static final Duration ACK_WITHIN = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private record Outcome(DownlinkCommand command, Throwable failure) {}

    private final CommandStore store;
    private final Clock clock;
    private final Semaphore wakeups = new Semaphore(0);
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final Queue<String> connected = new ConcurrentLinkedQueue<>();
    private final LogThrottle logs = new LogThrottle(Duration.ofMinutes(1));
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private volatile long pending;
    private volatile boolean running;
    private DownlinkTransport transport;
    private Thread thread;

    /** Devices whose commands this node delivers (in a cluster, those of the orders it owns). */
    private final java.util.function.Predicate<String> delivers;

    DownlinkDelivery(CommandStore store, Clock clock, java.util.function.Predicate<String> delivers) {
        this.store = store;
        this.clock = clock;
        this.delivers = delivers;
    }

    synchronized void start(DownlinkTransport transport) {
        if (running) {
            throw new IllegalStateException("downlink delivery already started");
        }
        this.transport = transport;
        transport.onDeviceConnected(deviceId -> {
            connected.add(deviceId);
            wake();
        });
        running = true;
        thread = new Thread(this::loop, "downlink-delivery");
        thread.setDaemon(true);
        thread.start();
    }

    void wake() {
        wakeups.release();
    }

    long pendingCount() {
        return pending;
    }

    long deliveredCount() {
        return delivered.get();
    }

    long retryCount() {
        return retries.get();
    }

    long expiredCount() {
        return expired.get();
    }

    private void loop() {
        while (running) {
            try {
                if (pass() == 0) {
                    wakeups.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException | Error e) {
                if (logs.admit("store", clock.instant()).isPresent()) {
                    LOG.error("downlink delivery: store unavailable or step failed, retrying: {}", e.toString());
                }
                try {
                    Thread.sleep(IDLE_POLL.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One pass: record outcomes, take connections into account, send what is due. Returns the work done. */
    private int pass() throws SQLException {
        int work = recordOutcomes();
        Instant now = clock.instant();
        for (String deviceId; (deviceId = connected.peek()) != null; ) {
            store.dueNow(deviceId, now);
            connected.poll();
        }
        pending = store.pendingCount();
        if (inFlight.size() >= IN_FLIGHT) {
            return work;
        }
        List<DownlinkCommand> due = store.due(now, DUE_PER_PASS + inFlight.size());
        for (DownlinkCommand c : due) {
            if (inFlight.size() >= IN_FLIGHT) {
                break;
            }
            if (inFlight.contains(c.deviceId()) || !delivers.test(c.deviceId())) {
                continue;
            }
            if (!DownlinkCommand.SET_INTERVAL.equals(c.type())
                    && c.createdAt().plus(DownlinkQueue.NOTIFY_LIFETIME).isBefore(now)) {
                if (store.expired(c.seq(), now)) {
                    expired.incrementAndGet();
                    LOG.warn("command {} ({}) to {} expired undelivered", c.id(), c.type(), c.deviceId());
                }
                work++;
                continue;
            }
            send(c);
            work++;
        }
        return work;
    }

    private void send(DownlinkCommand c) {
        inFlight.add(c.deviceId());
        java.util.concurrent.CompletableFuture<Void> acked;
        try {
            acked = transport.deliver(c.deviceId(), c.payload());
        } catch (RuntimeException e) {
            acked = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        acked.orTimeout(ACK_WITHIN.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            outcomes.add(new Outcome(c, failure));
            wake();
        });
    }

    /** Records each outcome; one that cannot be recorded stays first in line, its device still held. */
    private int recordOutcomes() throws SQLException {
        int n = 0;
        Instant now = clock.instant();
        for (Outcome o; (o = outcomes.peek()) != null; n++) {
            DownlinkCommand c = o.command();
            if (o.failure() == null) {
                store.delivered(c.seq(), now);
                delivered.incrementAndGet();
                LOG.info("command {} ({}) delivered to {}", c.id(), c.type(), c.deviceId());
            } else {
                Duration backoff = backoff(c.attempts());
                store.failed(c.seq(), reason(o.failure()), now.plus(backoff));
                retries.incrementAndGet();
                if (logs.admit(c.deviceId(), now).isPresent()) {
                    LOG.info(
                            "command {} ({}) to {} not delivered (attempt {}), retrying in {} s or when it connects: {}",
                            c.id(),
                            c.type(),
                            c.deviceId(),
                            c.attempts() + 1,
                            backoff.toSeconds(),
                            reason(o.failure()));
                }
            }
            outcomes.poll();
            inFlight.remove(c.deviceId());
        }
        return n;
    }

    static Duration backoff(int failedBefore) {
        long seconds = 1L << Math.min(failedBefore, 6);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    private static String reason(Throwable t) {
        Throwable cause =
                t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no acknowledgement within " + ACK_WITHIN.toSeconds() + " s";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
