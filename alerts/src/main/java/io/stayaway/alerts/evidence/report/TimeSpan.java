package io.stayaway.alerts.evidence.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A closed interval of time, e.g. a gap without a fresh fix. */
public record TimeSpan(Instant from, Instant to) {
    public TimeSpan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time span ends before it starts: " + from + " > " + to);
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }
}
