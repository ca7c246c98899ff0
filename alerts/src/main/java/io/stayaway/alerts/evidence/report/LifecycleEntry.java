package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.Outcome;
import java.time.Instant;
import java.util.Objects;

/**
 * One transition of the alert in the police workflow.
 *
 * @param from    the state before, or {@code null} when the alert was raised
 * @param actor   who made the transition (user name or "system"); shown escaped
 * @param note    free text entered by the actor, or {@code null}; shown escaped
 * @param outcome set with the RESOLVED transition, otherwise {@code null}
 */
public record LifecycleEntry(Instant time, AlertState from, AlertState to, String actor, String note, Outcome outcome) {
    public LifecycleEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
    }
}
