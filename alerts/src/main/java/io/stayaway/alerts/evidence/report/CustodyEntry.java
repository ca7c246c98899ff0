package io.stayaway.alerts.evidence.report;

import java.time.Instant;
import java.util.Objects;

/** One entry of the evidence's chain of custody: who did what with it, in which role, and why. All text shown escaped. */
public record CustodyEntry(Instant time, String user, String role, String action, String reason) {
    public CustodyEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
    }
}
