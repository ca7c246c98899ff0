package io.stayaway.alerts;

import java.util.Objects;

/** One committed change to an alert, as told to {@link AlertListener}s: what kind and the alert as it now stands. Immutable. */
public record AlertChange(Kind kind, Alert alert) {
    public AlertChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(alert, "alert");
    }

    /** What happened to the alert. */
    public enum Kind {
        /** Raised for the first time. */
        CREATED,
        /** The episode evolved (closer approach, end). */
        UPDATED,
        /** Its workflow state changed (system NOTIFIED, or an officer's action). */
        TRANSITIONED,
        /** An escalation step was taken. */
        ESCALATED,
        /** A notification of the alert changed delivery state (sent, failed, provider report). */
        DELIVERY
    }
}
