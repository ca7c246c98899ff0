package io.stayaway.gateway.alerting;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.RaisedAlert;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's alert step: hands triggers (from evaluation and from device health) to the alert service
 * in order on its own thread, {@code alert-raiser}, retrying until each is stored:
 * a slow or unavailable database delays an alert but never drops it, and never stalls evaluation.
 *
 * <p>Each trigger gets a ticket, in queue order, and {@link #awaitStored} tells when every trigger up to a
 * ticket is stored: evaluation saves its state only then, so saved state never passes a trigger that is
 * still only in memory, and a trigger lost with the process is derived again by the next start's replay.
 * {@link #close} stores what is queued, waiting at most {@link #DRAIN_WITHIN}.
 * {@link #raise} is thread-safe and never blocks.
 */
public final class AlertRaiser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRaiser.class);
    /** How long {@link #close} waits for queued triggers to be stored before it gives up on them. */
    public static final Duration DRAIN_WITHIN = Duration.ofSeconds(10);

    private record Work(long ticket, AlertTrigger trigger, OrderContacts contacts) {}

    private final AlertService alerts;
    private final Consumer<RaisedAlert> onRaised;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final AtomicLong raised = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    /** The newest ticket handed out; guarded by {@code this}. */
    private long issued;
    /** Every ticket up to this one is stored; guarded by {@code this}. */
    private long storedThrough;
    /** Set by {@link #close} once it stops waiting: nothing more is stored; guarded by {@code this}. */
    private boolean stopped;

    /** @param onRaised told of every alert stored (new or updated), on the raiser thread */
    public AlertRaiser(AlertService alerts, Consumer<RaisedAlert> onRaised) {
        this.alerts = alerts;
        this.onRaised = onRaised;
        this.thread = new Thread(this::run, "alert-raiser");
        this.thread.start();
    }

    /** Queues a trigger to be stored; returns its ticket (see {@link #awaitStored}). */
    public synchronized long raise(AlertTrigger trigger, OrderContacts contacts) {
        issued++;
        queue.add(new Work(issued, trigger, contacts));
        return issued;
    }

    /** The ticket of the newest trigger raised so far (0: none). */
    public synchronized long lastTicket() {
        return issued;
    }

    /**
     * Waits until every trigger up to {@code ticket} is stored.
     *
     * @return false when this step was closed first, leaving one of them unstored
     */
    public synchronized boolean awaitStored(long ticket) throws InterruptedException {
        while (storedThrough < ticket) {
            if (stopped) {
                return false;
            }
            wait();
        }
        return true;
    }

    public int backlog() {
        return queue.size();
    }

    /** Store failures so far (each retried); a metric, since a rising count means alerts are late. */
    public long failureCount() {
        return failures.get();
    }

    public long raisedCount() {
        return raised.get();
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    private synchronized void markStored(long ticket) {
        storedThrough = ticket;
        notifyAll();
    }

    private void run() {
        while (!stopped()) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (store(work)) {
                markStored(work.ticket());
            }
        }
    }

    /** Stores one trigger, retrying with backoff until it is stored (true) or this step is stopped (false). */
    private boolean store(Work work) {
        long backoffMs = 100;
        while (!stopped()) {
            try {
                RaisedAlert r = alerts.raise(work.trigger(), work.contacts());
                raised.incrementAndGet();
                if (r.created()) {
                    LOG.info(
                            "ALERT {} {} order {} rule {} device {} (alert {})",
                            r.alert().severity().wireName().toUpperCase(Locale.ROOT),
                            r.alert().type(),
                            r.alert().orderId(),
                            r.alert().ruleId(),
                            r.alert().deviceId(),
                            r.alert().id());
                }
                onRaised.accept(r);
                return true;
            } catch (RuntimeException e) {
                if (stopped()) {
                    break;
                }
                failures.incrementAndGet();
                LOG.error(
                        "could not store alert {} (will retry in {} ms): {}",
                        work.trigger().dedupeKey(),
                        backoffMs,
                        e.getMessage());
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // close() interrupts only after stopping: the retry loop sees it
        }
    }

    /**
     * Stores what is queued, waiting at most {@link #DRAIN_WITHIN}, then stops. Triggers left unstored are
     * logged; saved evaluator state never passes them, so the next start derives them again.
     */
    @Override
    public void close() {
        long unstored;
        synchronized (this) {
            long deadline = System.nanoTime() + DRAIN_WITHIN.toNanos();
            long left;
            while (storedThrough < issued && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            unstored = issued - storedThrough;
            stopped = true;
            notifyAll();
        }
        if (unstored > 0) {
            LOG.error(
                    "{} alert trigger(s) not stored within {} s of shutdown; the next start derives them again"
                            + " (evaluation replays the records its saved state does not pass; device health re-arms"
                            + " its timers from storage)",
                    unstored,
                    DRAIN_WITHIN.toSeconds());
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
