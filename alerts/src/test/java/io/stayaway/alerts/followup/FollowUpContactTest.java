package io.stayaway.alerts.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stayaway.alerts.followup.FollowUpContact.Kind;
import io.stayaway.alerts.followup.FollowUpContact.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A follow-up contact's rules, each refusal naming its field. */
class FollowUpContactTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456789Z");

    private static FollowUpContact contact(Kind kind, Instant at, Outcome outcome, String note) {
        return new FollowUpContact(UUID.randomUUID(), "ORD-1", kind, at, outcome, note, "cw-1", "妇联", NOW);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("kind", (Runnable) () -> contact(null, NOW, Outcome.REACHED_SAFE, null)),
                Arguments.of("outcome", (Runnable) () -> contact(Kind.CALL, NOW, null, null)),
                Arguments.of("at", (Runnable) () -> contact(Kind.CALL, null, Outcome.REACHED_SAFE, null)),
                Arguments.of("at", (Runnable)
                        () -> contact(Kind.CALL, NOW.plus(Duration.ofMinutes(6)), Outcome.NOT_REACHED, null)),
                Arguments.of("at", (Runnable)
                        () -> contact(Kind.CALL, Instant.parse("1999-12-31T23:59:59Z"), Outcome.NOT_REACHED, null)),
                Arguments.of(
                        "note", (Runnable) () -> contact(Kind.VISIT, NOW, Outcome.REACHED_SAFE, "n".repeat(2_001))),
                Arguments.of("note", (Runnable) () -> contact(Kind.VISIT, NOW, Outcome.REACHED_SAFE, "bell\u0007")),
                Arguments.of("note", (Runnable) () -> contact(Kind.VISIT, NOW, Outcome.REACHED_SAFE, "cr\r\n")),
                Arguments.of("kind", (Runnable) () -> Kind.parse("letter")),
                Arguments.of("outcome", (Runnable) () -> Outcome.parse("REACHED_SAFE")));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("refusals")
    void aContactThatBreaksARuleIsRefusedNamingTheField(String field, Runnable make) {
        FollowUpValidationException e = assertThrows(FollowUpValidationException.class, make::run);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void aContactUpToFiveMinutesAheadOfTheServerIsAccepted() {
        Instant ahead = NOW.plus(FollowUpContact.MAX_AHEAD);
        assertEquals(
                ahead.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                contact(Kind.CALL, ahead, Outcome.NOT_REACHED, null).at());
    }

    @Test
    void aNoteKeepsLineFeedsAndABlankNoteIsNone() {
        assertEquals(
                "line one\nline two",
                contact(Kind.VISIT, NOW, Outcome.REACHED_CONCERNS, "line one\nline two")
                        .note());
        assertNull(contact(Kind.VISIT, NOW, Outcome.REACHED_SAFE, "  ").note());
    }

    @Test
    void timesAreKeptToMicrosecondsAsPostgreSqlStoresThem() {
        assertEquals(
                Instant.parse("2026-12-01T10:00:00.123456Z"),
                contact(Kind.CALL, NOW, Outcome.REACHED_SAFE, null).recordedAt());
    }

    @Test
    void kindsAndOutcomesHaveWireNames() {
        assertEquals(Kind.VISIT, Kind.parse("visit"));
        assertEquals(Outcome.REACHED_CONCERNS, Outcome.parse("reached_concerns"));
        assertEquals("not_reached", Outcome.NOT_REACHED.wireName());
    }
}
