package io.stayaway.gateway.alerting;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.RaisedAlert;
import io.stayaway.gateway.ops.TicketedWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's alert step: hands triggers (from evaluation and from device health) to the alert service
 * in order on its own thread, {@code alert-raiser} (a {@link TicketedWriter}), retrying until each is stored:
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

    private record Work(AlertTrigger trigger, OrderContacts contacts) {}

    private final AlertService alerts;
    private final Consumer<RaisedAlert> onRaised;
    private final AtomicLong raised = new AtomicLong();
    private final TicketedWriter<Work> writer;

    /** @param onRaised told of every alert stored (new or updated), on the raiser thread */
    public AlertRaiser(AlertService alerts, Consumer<RaisedAlert> onRaised) {
        this.alerts = alerts;
        this.onRaised = onRaised;
        this.writer = new TicketedWriter<>(
                "alert-raiser", this::store, w -> "alert " + w.trigger().dedupeKey(), DRAIN_WITHIN);
    }

    /** Queues a trigger to be stored; returns its ticket (see {@link #awaitStored}). */
    public long raise(AlertTrigger trigger, OrderContacts contacts) {
        return writer.submit(new Work(trigger, contacts));
    }

    /** The ticket of the newest trigger raised so far (0: none). */
    public long lastTicket() {
        return writer.lastTicket();
    }

    /**
     * Waits until every trigger up to {@code ticket} is stored.
     *
     * @return false when this step was closed first, leaving one of them unstored
     */
    public boolean awaitStored(long ticket) throws InterruptedException {
        return writer.awaitWritten(ticket);
    }

    public int backlog() {
        return writer.backlog();
    }

    /** Store failures so far (each retried); a metric, since a rising count means alerts are late. */
    public long failureCount() {
        return writer.failureCount();
    }

    public long raisedCount() {
        return raised.get();
    }

    private void store(Work work) {
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
    }

    /**
     * Stores what is queued, waiting at most {@link #DRAIN_WITHIN}, then stops. Triggers left unstored are
     * logged; saved evaluator state never passes them, so the next start derives them again.
     */
    @Override
    public void close() {
        long unstored = writer.drainAndStop();
        if (unstored > 0) {
            LOG.error(
                    "{} alert trigger(s) not stored within {} s of shutdown; the next start derives them again"
                            + " (evaluation replays the records its saved state does not pass; device health re-arms"
                            + " its timers from storage)",
                    unstored,
                    DRAIN_WITHIN.toSeconds());
        }
    }
}
