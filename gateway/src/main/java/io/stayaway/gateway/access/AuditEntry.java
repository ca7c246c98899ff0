package io.stayaway.gateway.access;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who ({@code actor}, null when unknown) in which role did or was refused
 * what, on which resource, when, and why. Immutable, thread-safe.
 */
public record AuditEntry(
        Instant at, String actor, Role role, String action, String resource, Outcome outcome, String reason) {
    /** Whether the request was let through. */
    public enum Outcome {
        ALLOWED,
        DENIED
    }

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs an action");
        }
        if (outcome == Outcome.DENIED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a denial needs a reason");
        }
        actor = actor == null ? null : truncate(actor, 200);
        action = truncate(action, 300);
        resource = resource == null ? null : truncate(resource, 300);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
