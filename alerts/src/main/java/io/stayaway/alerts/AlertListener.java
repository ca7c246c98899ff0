package io.stayaway.alerts;

/**
 * Hears about every committed change to an alert (for the console's live queue). Called after the
 * commit, on the thread that made the change: the caller of {@link AlertService#raise} or of an
 * {@link AlertWorkflow} method, the {@code notification-dispatcher} thread, the
 * {@code alert-escalation} thread, or the thread that handled a status callback. It is never an
 * event loop by contract: a Vert.x listener must hop with {@code context.runOnContext}. Must return
 * quickly and not throw; a throwing listener is logged and the others still run.
 */
@FunctionalInterface
public interface AlertListener {
    void onChange(AlertChange change);
}
