package io.stayaway.alerts;

/** Where an alert stands in the police handling workflow. */
public enum AlertState {
    OPEN,
    NOTIFIED,
    ACKNOWLEDGED,
    DISPATCHED,
    RESOLVED
}
