package io.stayaway.gateway.alerting;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.RaisedAlert;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's alert step: hands triggers (from evaluation and from device health) to the alert service
 * in order on its own thread, {@code alert-raiser}, retrying until each is stored:
 * a slow or unavailable database delays an alert but never drops it, and never stalls evaluation.
 * {@link #raise} is thread-safe and never blocks.
 */
public final class AlertRaiser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRaiser.class);

    private record Work(AlertTrigger trigger, OrderContacts contacts) {}

    private final AlertService alerts;
    private final Consumer<RaisedAlert> onRaised;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final AtomicLong raised = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param onRaised told of every alert stored (new or updated), on the raiser thread */
    public AlertRaiser(AlertService alerts, Consumer<RaisedAlert> onRaised) {
        this.alerts = alerts;
        this.onRaised = onRaised;
        this.thread = new Thread(this::run, "alert-raiser");
        this.thread.start();
    }

    public void raise(AlertTrigger trigger, OrderContacts contacts) {
        queue.add(new Work(trigger, contacts));
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

    private void run() {
        while (running || !queue.isEmpty()) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
                continue;
            }
            long backoffMs = 100;
            while (true) {
                try {
                    RaisedAlert r = alerts.raise(work.trigger(), work.contacts());
                    raised.incrementAndGet();
                    if (r.created()) {
                        LOG.info(
                                "ALERT {} {} order {} rule {} device {} (alert {})",
                                r.alert().severity().wireName().toUpperCase(java.util.Locale.ROOT),
                                r.alert().type(),
                                r.alert().orderId(),
                                r.alert().ruleId(),
                                r.alert().deviceId(),
                                r.alert().id());
                    }
                    onRaised.accept(r);
                    break;
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    LOG.error(
                            "could not store alert {} (will retry in {} ms): {}",
                            work.trigger().dedupeKey(),
                            backoffMs,
                            e.getMessage());
                    try {
                        Thread.sleep(backoffMs);
                    } catch (InterruptedException ie) {
                        if (!running) {
                            return;
                        }
                    }
                    backoffMs = Math.min(backoffMs * 2, 5_000);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
