package io.stayaway.geofence;

import java.time.Instant;
import java.util.Objects;

/** A court-permitted, time-bounded suspension of one zone over {@code [from, until)} (e.g. attending a hearing); immutable. */
public record Suspension(String zoneId, Instant from, Instant until) {
    public Suspension {
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException(
                    "suspension of " + zoneId + ": from " + from + " must be before until " + until);
        }
    }

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(until);
    }
}
