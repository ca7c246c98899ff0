package io.stayaway.alerts;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When unacknowledged alerts escalate (issue 6, "Escalation"). Immutable.
 *
 * @param acknowledgeWithin     a critical alert not acknowledged this long after it was raised calls the duty desk by voice (default 60 s)
 * @param supervisorAfter       still not acknowledged this long after the desk call, the supervisor is called (default 60 s)
 * @param failureEscalates      severities whose failed delivery to the duty desk escalates at once (default critical and high)
 * @param poll                  how often the scheduler looks for due escalations when nobody wakes it (default 500 ms)
 * @param batchSize             due escalations claimed per transaction (default 20)
 */
public record EscalationPolicy(
        Duration acknowledgeWithin,
        Duration supervisorAfter,
        Set<Severity> failureEscalates,
        Duration poll,
        int batchSize) {
    /** Steps: 1 = duty desk called by voice, 2 = supervisor called. */
    public static final int MAX_LEVEL = 2;

    public EscalationPolicy {
        requirePositive(acknowledgeWithin, "acknowledgeWithin");
        requirePositive(supervisorAfter, "supervisorAfter");
        requirePositive(poll, "poll");
        failureEscalates = Set.copyOf(Objects.requireNonNull(failureEscalates, "failureEscalates"));
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
    }

    public static EscalationPolicy defaults() {
        return new EscalationPolicy(
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                EnumSet.of(Severity.CRITICAL, Severity.HIGH),
                Duration.ofMillis(500),
                20);
    }

    /** The same policy with other delays (tests use about a second). */
    public EscalationPolicy withDelays(Duration acknowledgeWithin, Duration supervisorAfter) {
        return new EscalationPolicy(acknowledgeWithin, supervisorAfter, failureEscalates, poll, batchSize);
    }

    /** True when an alert of this severity escalates if nobody acknowledges it in time. */
    public boolean escalatesUnacknowledged(Severity severity) {
        return severity == Severity.CRITICAL;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
