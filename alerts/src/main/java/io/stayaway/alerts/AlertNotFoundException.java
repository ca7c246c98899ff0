package io.stayaway.alerts;

import java.util.UUID;

/** No alert has this id; the HTTP layer answers 404. */
public final class AlertNotFoundException extends RuntimeException {
    private final UUID alertId;

    public AlertNotFoundException(UUID alertId) {
        super("no alert " + alertId);
        this.alertId = alertId;
    }

    public UUID alertId() {
        return alertId;
    }
}
