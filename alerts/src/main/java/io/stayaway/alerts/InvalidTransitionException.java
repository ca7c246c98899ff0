package io.stayaway.alerts;

import java.util.UUID;

/** An officer asked for a move the workflow does not allow (see {@link AlertLifecycle}); the HTTP layer answers 409. */
public final class InvalidTransitionException extends RuntimeException {
    private final UUID alertId;
    private final AlertState from;
    private final AlertState to;

    public InvalidTransitionException(UUID alertId, AlertState from, AlertState to) {
        super("alert " + alertId + " is " + from + " and cannot become " + to);
        this.alertId = alertId;
        this.from = from;
        this.to = to;
    }

    public UUID alertId() {
        return alertId;
    }

    public AlertState from() {
        return from;
    }

    public AlertState to() {
        return to;
    }
}
