package io.stayaway.alerts.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedule slots and quiet hours, table-driven. */
class CheckInScheduleTest {
    private static final Instant FROM = Instant.parse("2026-11-01T02:00:00Z");

    @ParameterizedTest(name = "every {0}, after {1}: {2}")
    @CsvSource({
        "P7D, 2026-10-01T00:00:00Z, 2026-11-08T02:00:00Z",
        "P7D, 2026-11-01T02:00:00Z, 2026-11-08T02:00:00Z",
        "P7D, 2026-11-08T01:59:59Z, 2026-11-08T02:00:00Z",
        "P7D, 2026-11-08T02:00:00Z, 2026-11-15T02:00:00Z",
        "P7D, 2026-12-01T00:00:00Z, 2026-12-06T02:00:00Z",
        "P1D, 2026-11-03T05:00:00Z, 2026-11-04T02:00:00Z",
        "P90D, 2026-11-02T00:00:00Z, 2027-01-30T02:00:00Z"
    })
    void theNextSlotIsTheFirstAfterTheGivenTimeCountedFromValidFrom(String every, Instant after, Instant slot) {
        assertEquals(slot, CheckInSchedule.every(every).nextSlot(FROM, after));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P0D", "P91D", "P1M", "P1Y", "PT24H", "7", "weekly", "-P7D"})
    void anIntervalThatIsNotOneTo90DaysIsRefused(String every) {
        assertThrows(IllegalArgumentException.class, () -> CheckInSchedule.every(every));
    }

    @Test
    void theDefaultIsWeekly() {
        assertEquals(CheckInSchedule.every("P7D"), CheckInSchedule.weekly());
        assertTrue(!CheckInSchedule.disabled().enabled());
    }

    @ParameterizedTest(name = "{0} in Shanghai due {1}: sent {2}")
    @CsvSource({
        // 21:00-08:00 local (UTC+8)
        "21:00-08:00, 2026-11-27T15:00:00Z, 2026-11-28T00:00:00Z", // 23:00 -> 08:00 next day
        "21:00-08:00, 2026-11-27T13:00:00Z, 2026-11-28T00:00:00Z", // 21:00 exactly is quiet
        "21:00-08:00, 2026-11-27T12:59:00Z, 2026-11-27T12:59:00Z", // 20:59 is not
        "21:00-08:00, 2026-11-27T18:30:00Z, 2026-11-28T00:00:00Z", // 02:30 -> 08:00 the same day
        "21:00-08:00, 2026-11-28T00:00:00Z, 2026-11-28T00:00:00Z", // 08:00 is not quiet
        "13:00-14:00, 2026-11-27T05:30:00Z, 2026-11-27T06:00:00Z", // 13:30 -> 14:00, no midnight
        "none, 2026-11-27T15:00:00Z, 2026-11-27T15:00:00Z"
    })
    void aCheckInDueInQuietHoursIsReleasedAtTheirEnd(String quiet, Instant due, Instant release) {
        assertEquals(release, QuietHours.parse(quiet).release(due, ZoneId.of("Asia/Shanghai")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"21:00", "21-08", "25:00-08:00", "08:00-08:00", "21:00-08:00-09:00"})
    void badQuietHoursAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> QuietHours.parse(text));
    }
}
