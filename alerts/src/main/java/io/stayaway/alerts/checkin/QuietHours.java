package io.stayaway.alerts.checkin;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The local hours in which no check-in is texted (e.g. 21:00-08:00, in the order's time zone): a check-in
 * that falls due inside them is sent at their end. {@link #NONE} has none. Immutable.
 *
 * @param start first quiet minute (inclusive)
 * @param end   first minute after the quiet hours (exclusive); before {@code start} when they span midnight
 */
public record QuietHours(LocalTime start, LocalTime end) {
    /** No quiet hours at all. */
    public static final QuietHours NONE = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public QuietHours {
        if (start == null || end == null) {
            throw new IllegalArgumentException("quiet hours need a start and an end");
        }
    }

    /** {@code HH:mm-HH:mm} (e.g. {@code 21:00-08:00}), or empty / {@code none} for no quiet hours. */
    public static QuietHours parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        String[] parts = text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("must be HH:mm-HH:mm such as 21:00-08:00, or none; got '" + text + "'");
        }
        try {
            QuietHours q = new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
            if (q.start().equals(q.end())) {
                throw new IllegalArgumentException("start and end are the same; write none for no quiet hours");
            }
            return q;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be HH:mm-HH:mm such as 21:00-08:00, or none; got '" + text + "'");
        }
    }

    public boolean isNone() {
        return start.equals(end);
    }

    /** True when {@code local} is inside the quiet hours. */
    public boolean contains(LocalTime local) {
        if (isNone()) {
            return false;
        }
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** When a check-in due at {@code due} may be sent: {@code due} itself, or the end of the quiet hours it falls in. */
    public Instant release(Instant due, ZoneId zone) {
        ZonedDateTime local = due.atZone(zone);
        if (!contains(local.toLocalTime())) {
            return due;
        }
        ZonedDateTime end = local.with(this.end);
        if (!end.isAfter(local)) {
            end = local.plusDays(1).with(this.end);
        }
        return end.toInstant();
    }

    @Override
    public String toString() {
        return isNone() ? "none" : start + "-" + end;
    }
}
