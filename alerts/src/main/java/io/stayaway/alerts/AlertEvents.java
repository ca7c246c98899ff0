package io.stayaway.alerts;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts module's internal signals: listeners told of committed changes, and the wake-ups of
 * the outbox dispatcher and the escalation scheduler. Shared by every part built by {@link Alerting}.
 * Thread-safe.
 */
public final class AlertEvents {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvents.class);

    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> outboxWakers = new CopyOnWriteArrayList<>();
    private final List<Runnable> escalationWakers = new CopyOnWriteArrayList<>();

    public void addListener(AlertListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(AlertListener listener) {
        listeners.remove(listener);
    }

    void onOutboxWork(Runnable waker) {
        outboxWakers.add(waker);
    }

    void onEscalationWork(Runnable waker) {
        escalationWakers.add(waker);
    }

    /** New or re-due notification rows were committed. */
    void wakeOutbox() {
        outboxWakers.forEach(Runnable::run);
    }

    /** An escalation became due earlier than the scheduler's next poll. */
    void wakeEscalations() {
        escalationWakers.forEach(Runnable::run);
    }

    /** Tells every listener; one failing listener does not keep the change from the others. */
    void publish(AlertChange.Kind kind, Alert alert) {
        AlertChange change = new AlertChange(kind, alert);
        for (AlertListener listener : listeners) {
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.error("alert listener {} failed on {} of alert {}", listener, kind, alert.id(), e);
            }
        }
    }
}
