package io.stayaway.alerts.checkin;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * How often an order's protected person gets a scheduled safety check-in (the order's {@code checkIns}
 * field): every {@code every} days counted from the order's {@code validFrom}, or never. Immutable.
 *
 * @param every whole days, {@link #MIN_DAYS}..{@link #MAX_DAYS}; null when disabled
 */
public record CheckInSchedule(boolean enabled, Period every) {
    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 90;

    public CheckInSchedule {
        if (enabled) {
            Objects.requireNonNull(every, "every");
            if (every.getYears() != 0 || every.getMonths() != 0) {
                throw new IllegalArgumentException("must be a number of days such as P7D, got " + every);
            }
            if (every.getDays() < MIN_DAYS || every.getDays() > MAX_DAYS) {
                throw new IllegalArgumentException(
                        "must be " + MIN_DAYS + " to " + MAX_DAYS + " days, got " + every.getDays());
            }
        } else if (every != null) {
            throw new IllegalArgumentException("a disabled schedule has no interval");
        }
    }

    /** The default when an order says nothing: weekly. */
    public static CheckInSchedule weekly() {
        return new CheckInSchedule(true, Period.ofDays(7));
    }

    public static CheckInSchedule disabled() {
        return new CheckInSchedule(false, null);
    }

    /** Every {@code every}, an ISO-8601 period of days such as {@code P7D}; throws IllegalArgumentException. */
    public static CheckInSchedule every(String every) {
        Period p;
        try {
            p = Period.parse(every);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 number of days such as P7D, got '" + every + "'");
        }
        return new CheckInSchedule(true, p);
    }

    /**
     * The first slot {@code anchor + k·every} (k ≥ 1) strictly after {@code after}. Days are 24 hours: the slot
     * keeps its instant across a change of daylight saving time.
     */
    public Instant nextSlot(Instant anchor, Instant after) {
        if (!enabled) {
            throw new IllegalStateException("a disabled schedule has no slots");
        }
        Duration step = Duration.ofDays(every.getDays());
        if (after.isBefore(anchor)) {
            return anchor.plus(step);
        }
        long k = Duration.between(anchor, after).toSeconds() / step.toSeconds() + 1;
        return anchor.plus(step.multipliedBy(k));
    }
}
