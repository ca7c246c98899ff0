package io.stayaway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.WarningBudget.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The warning budget's decision, case by case: minutes before the warning judged → decision. */
class WarningBudgetTest {
    private static final Instant AT = Instant.parse("2026-11-27T13:20:00Z");
    private static final WarningBudget DEFAULTS = WarningBudget.defaults();

    /** Sent times as minutes before {@link #AT} (negative: after it). */
    private static List<Instant> minutesBefore(double... minutes) {
        List<Instant> out = new ArrayList<>();
        Arrays.stream(minutes).forEach(m -> out.add(AT.minusSeconds(Math.round(m * 60))));
        return out;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing sent before", DEFAULTS, minutesBefore(), Decision.SEND),
                Arguments.of("one sent 10 min before", DEFAULTS, minutesBefore(10), Decision.SUPPRESSED_REPEAT),
                Arguments.of(
                        "one sent 29 min 59 s before",
                        DEFAULTS,
                        minutesBefore(29 + 59 / 60.0),
                        Decision.SUPPRESSED_REPEAT),
                Arguments.of("one sent exactly 30 min before", DEFAULTS, minutesBefore(30), Decision.SEND),
                Arguments.of("one sent an hour before", DEFAULTS, minutesBefore(60), Decision.SEND),
                Arguments.of("one sent at the same instant", DEFAULTS, minutesBefore(0), Decision.SUPPRESSED_REPEAT),
                Arguments.of(
                        "one sent a minute 'after' (another gateway's clock ahead)",
                        DEFAULTS,
                        minutesBefore(-1),
                        Decision.SUPPRESSED_REPEAT),
                Arguments.of("three in the day, none recent", DEFAULTS, minutesBefore(60, 300, 600), Decision.SEND),
                Arguments.of(
                        "four in the day: the cap",
                        DEFAULTS,
                        minutesBefore(60, 300, 600, 1200),
                        Decision.SUPPRESSED_DAILY_CAP),
                Arguments.of(
                        "four, listed in any order",
                        DEFAULTS,
                        minutesBefore(1200, 60, 600, 300),
                        Decision.SUPPRESSED_DAILY_CAP),
                Arguments.of(
                        "the oldest of four exactly 24 h before: out of the rolling day",
                        DEFAULTS,
                        minutesBefore(60, 300, 600, 24 * 60),
                        Decision.SEND),
                Arguments.of(
                        "the oldest of four 23 h 59 min before: still in the rolling day",
                        DEFAULTS,
                        minutesBefore(60, 300, 600, 24 * 60 - 1),
                        Decision.SUPPRESSED_DAILY_CAP),
                Arguments.of(
                        "older ones ignored, however many",
                        DEFAULTS,
                        minutesBefore(25 * 60, 26 * 60, 27 * 60, 28 * 60, 40 * 60),
                        Decision.SEND),
                Arguments.of(
                        "cap reached and a recent one: the cap is named",
                        DEFAULTS,
                        minutesBefore(5, 300, 600, 1200),
                        Decision.SUPPRESSED_DAILY_CAP),
                Arguments.of(
                        "cap 0: none at all",
                        new WarningBudget(Duration.ofMinutes(30), 0),
                        minutesBefore(),
                        Decision.SUPPRESSED_DAILY_CAP),
                Arguments.of(
                        "quiet 0: repeats allowed up to the cap",
                        new WarningBudget(Duration.ZERO, 2),
                        minutesBefore(0.5),
                        Decision.SEND),
                Arguments.of(
                        "quiet 0, cap 2 reached",
                        new WarningBudget(Duration.ZERO, 2),
                        minutesBefore(0.5, 1),
                        Decision.SUPPRESSED_DAILY_CAP),
                Arguments.of(
                        "quiet 2 h",
                        new WarningBudget(Duration.ofHours(2), 4),
                        minutesBefore(90),
                        Decision.SUPPRESSED_REPEAT));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("cases")
    void anApproachIsJudgedAgainstTheTextsSentBefore(
            String name, WarningBudget budget, List<Instant> sent, Decision expected) {
        assertEquals(expected, budget.decide(AlertType.APPROACH, AT, sent));
        assertEquals(expected, budget.decide(AlertType.PROXIMITY_UNKNOWN, AT, sent), "the same for her device notice");
    }

    @ParameterizedTest
    @EnumSource(
            value = AlertType.class,
            names = {"BREACH", "PROXIMITY", "CROSSING", "PANIC", "TAMPER"})
    void criticalTypesAreAlwaysSentWhateverWasSentBefore(AlertType type) {
        List<Instant> flood = minutesBefore(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertEquals(Decision.SEND, DEFAULTS.decide(type, AT, flood));
        assertEquals(Decision.SEND, new WarningBudget(Duration.ofHours(24), 0).decide(type, AT, flood));
    }

    @Test
    void warningsAreTheNonCriticalTypesRoutedToTheProtectedPerson() {
        Set<AlertType> warnings = EnumSet.noneOf(AlertType.class);
        for (AlertType type : AlertType.values()) {
            if (WarningBudget.isWarning(type)) {
                warnings.add(type);
            }
        }
        assertEquals(EnumSet.of(AlertType.APPROACH, AlertType.PROXIMITY_UNKNOWN), warnings);
    }

    @Test
    void aRepeatNamesTheLatestTextInTheQuietPeriod() {
        WarningBudget.Judgement j = DEFAULTS.judge(AlertType.APPROACH, AT, minutesBefore(25, 3, 120));
        assertEquals(Decision.SUPPRESSED_REPEAT, j.decision());
        assertEquals(AT.minusSeconds(180), j.reference());
        assertEquals(3, j.sentInWindow());
        assertTrue(j.suppressed());
    }

    @Test
    void theCapNamesTheOldestTextInTheDay() {
        WarningBudget.Judgement j = DEFAULTS.judge(AlertType.APPROACH, AT, minutesBefore(60, 1300, 300, 600, 2000));
        assertEquals(Decision.SUPPRESSED_DAILY_CAP, j.decision());
        assertEquals(AT.minusSeconds(1300 * 60), j.reference());
        assertEquals(4, j.sentInWindow());
    }

    @Test
    void aSendRestsOnNothing() {
        WarningBudget.Judgement j = DEFAULTS.judge(AlertType.APPROACH, AT, minutesBefore(60));
        assertFalse(j.suppressed());
        assertNull(j.reference());
        assertNull(j.decision().wireName());
    }

    @Test
    void defaultsAreHalfAnHourAndFourADay() {
        assertEquals(new WarningBudget(Duration.ofMinutes(30), 4), WarningBudget.defaults());
    }

    @Test
    void invalidValuesAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WarningBudget(null, 4))
                .getMessage()
                .startsWith("repeatQuiet "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WarningBudget(Duration.ofMinutes(-1), 4))
                .getMessage()
                .startsWith("repeatQuiet "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WarningBudget(Duration.ofHours(25), 4))
                .getMessage()
                .startsWith("repeatQuiet "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WarningBudget(Duration.ofMinutes(30), -1))
                .getMessage()
                .startsWith("dailyCap "));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new WarningBudget(Duration.ofMinutes(30), WarningBudget.MAX_DAILY_CAP + 1))
                .getMessage()
                .startsWith("dailyCap "));
    }
}
