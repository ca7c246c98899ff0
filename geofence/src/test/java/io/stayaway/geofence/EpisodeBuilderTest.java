package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder and withers of Episode change what they name and nothing else; the record's validation still applies. */
class EpisodeBuilderTest {
    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final Episode OPEN = new Episode(
            "e1",
            "ORD-1",
            "home",
            EpisodeKind.BREACH,
            "r1",
            "p1",
            START,
            null,
            3,
            7,
            -12.5,
            12.5,
            9,
            List.of(3L, 5L, 7L),
            false,
            "opened");

    @Test
    void builderSetsEveryComponent() {
        Episode built = Episode.builder()
                .id("e1")
                .rule("ORD-1", "home", EpisodeKind.BREACH, "r1", "p1")
                .start(START)
                .seqs(3, 7)
                .measures(-12.5, 12.5, 9)
                .supportingSeqs(List.of(3L, 5L, 7L))
                .explanation("opened")
                .build();

        assertEquals(OPEN, built);
        assertEquals(OPEN, OPEN.toBuilder().build());
    }

    @Test
    void withersChangeOneComponent() {
        Instant end = START.plusSeconds(60);

        assertEquals(
                new Episode(
                        "e2",
                        "ORD-1",
                        "home",
                        EpisodeKind.BREACH,
                        "r1",
                        "p1",
                        START,
                        null,
                        3,
                        7,
                        -12.5,
                        12.5,
                        9,
                        List.of(3L, 5L, 7L),
                        false,
                        "opened"),
                OPEN.withId("e2"));
        assertEquals(
                new Episode(
                        "e1",
                        "ORD-1",
                        "home",
                        EpisodeKind.BREACH,
                        "r1",
                        "p1",
                        START,
                        end,
                        3,
                        7,
                        -12.5,
                        12.5,
                        9,
                        List.of(3L, 5L, 7L),
                        false,
                        "opened"),
                OPEN.withEnd(end));
        assertEquals(OPEN, OPEN.withEnd(end).withEnd(null));
        assertEquals(
                new Episode(
                        "e1",
                        "ORD-1",
                        "home",
                        EpisodeKind.BREACH,
                        "r1",
                        "p1",
                        START.minusSeconds(5),
                        null,
                        3,
                        7,
                        -12.5,
                        12.5,
                        9,
                        List.of(3L, 5L, 7L),
                        false,
                        "opened"),
                OPEN.withStart(START.minusSeconds(5)));
        assertEquals(
                new Episode(
                        "e1",
                        "ORD-1",
                        "home",
                        EpisodeKind.BREACH,
                        "r1",
                        "p1",
                        START,
                        null,
                        3,
                        7,
                        -12.5,
                        12.5,
                        9,
                        List.of(3L, 5L, 7L),
                        true,
                        "opened"),
                OPEN.withLate(true));
        assertEquals(
                new Episode(
                        "e1",
                        "ORD-1",
                        "home",
                        EpisodeKind.BREACH,
                        "r1",
                        "p1",
                        START,
                        null,
                        3,
                        7,
                        -12.5,
                        12.5,
                        9,
                        List.of(3L, 5L, 7L),
                        false,
                        "why"),
                OPEN.withExplanation("why"));
    }

    @Test
    void builtEpisodesAreValidatedLikeConstructedOnes() {
        assertThrows(
                NullPointerException.class,
                () -> Episode.builder().id("e1").start(START).explanation("x").build());
        assertThrows(IllegalArgumentException.class, () -> OPEN.withEnd(START.minusSeconds(1)));
    }
}
