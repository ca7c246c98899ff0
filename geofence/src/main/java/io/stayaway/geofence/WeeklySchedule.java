package io.stayaway.geofence;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Weekly windows, in the order's local time, during which an inclusion zone applies; immutable.
 * A window whose {@code to} is before {@code from} crosses midnight: it starts on one of its
 * {@code days} and ends on the next day.
 */
public record WeeklySchedule(List<Window> windows) {
    public WeeklySchedule {
        Objects.requireNonNull(windows, "windows");
        windows = List.copyOf(windows);
    }

    /** One window: starts at {@code from} on each of {@code days}, ends at {@code to} (exclusive). */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Window {
            Objects.requireNonNull(days, "days");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (days.isEmpty()) {
                throw new IllegalArgumentException("schedule window has no days");
            }
            if (from.equals(to)) {
                throw new IllegalArgumentException("schedule window from == to (" + from
                        + "): ambiguous, use 00:00-23:59:59.999999999 for a whole day");
            }
            days = Set.copyOf(EnumSet.copyOf(days));
        }

        /** Whether the local date-time lies in this window (start inclusive, end exclusive). */
        public boolean covers(LocalDateTime local) {
            LocalTime t = local.toLocalTime();
            DayOfWeek day = local.getDayOfWeek();
            if (from.isBefore(to)) {
                return days.contains(day) && !t.isBefore(from) && t.isBefore(to);
            }
            boolean lateEvening = days.contains(day) && !t.isBefore(from);
            boolean earlyMorning = days.contains(day.minus(1)) && t.isBefore(to);
            return lateEvening || earlyMorning;
        }
    }

    /** Whether any window covers the local date-time. */
    public boolean covers(LocalDateTime local) {
        for (Window w : windows) {
            if (w.covers(local)) {
                return true;
            }
        }
        return false;
    }
}
