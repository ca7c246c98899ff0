package io.stayaway.alerts.followup;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * One visit or call of a caseworker with the protected person (issue #19; docs/http-api.md, "Follow-up
 * contacts"), as recorded: when it took place ({@code at}, the caseworker's word, at most
 * {@link #MAX_AHEAD} after {@code recordedAt}), its outcome, an optional note, who recorded it for which
 * organisation and when (server time). Every refusal names the field ({@link FollowUpValidationException}).
 * Immutable, thread-safe.
 */
public record FollowUpContact(
        UUID id,
        String orderId,
        Kind kind,
        Instant at,
        Outcome outcome,
        String note,
        String recordedBy,
        String organisation,
        Instant recordedAt) {
    /** Longest note, in characters. */
    public static final int MAX_NOTE = 2_000;
    /** How far {@code at} may lie after the time of recording: clocks differ, contacts are not planned ahead. */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    /** Earliest {@code at} accepted (as the API's earliest date). */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** How the caseworker reached (or tried to reach) the protected person. */
    public enum Kind {
        VISIT,
        CALL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind named {@code text} ({@code visit}, {@code call}). */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.wireName().equals(text)) {
                    return k;
                }
            }
            throw new FollowUpValidationException("kind", "kind must be visit or call, got " + text);
        }
    }

    /** What the contact found. */
    public enum Outcome {
        /** She was reached and says she is safe. */
        REACHED_SAFE,
        /** She was reached and raised concerns (a follow-up is due; the note says which). */
        REACHED_CONCERNS,
        /** She could not be reached. */
        NOT_REACHED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The outcome named {@code text} ({@code reached_safe}, {@code reached_concerns}, {@code not_reached}). */
        public static Outcome parse(String text) {
            for (Outcome o : values()) {
                if (o.wireName().equals(text)) {
                    return o;
                }
            }
            throw new FollowUpValidationException(
                    "outcome", "outcome must be reached_safe, reached_concerns or not_reached, got " + text);
        }
    }

    public FollowUpContact {
        require(id != null, "id", "id is required");
        require(orderId != null && !orderId.isBlank(), "orderId", "orderId is required");
        require(kind != null, "kind", "kind is required (visit or call)");
        require(outcome != null, "outcome", "outcome is required (reached_safe, reached_concerns or not_reached)");
        require(recordedBy != null && !recordedBy.isBlank(), "recordedBy", "recordedBy is required");
        require(organisation != null && !organisation.isBlank(), "organisation", "organisation is required");
        require(recordedAt != null, "recordedAt", "recordedAt is required");
        require(at != null, "at", "at is required (an ISO-8601 instant)");
        // As PostgreSQL keeps them, so that a contact reads back equal to the one recorded.
        at = at.truncatedTo(ChronoUnit.MICROS);
        recordedAt = recordedAt.truncatedTo(ChronoUnit.MICROS);
        require(!at.isBefore(EARLIEST), "at", "at must not be before " + EARLIEST + ", got " + at);
        require(
                !at.isAfter(recordedAt.plus(MAX_AHEAD)),
                "at",
                "at must not be in the future (now is " + recordedAt + "), got " + at);
        if (note != null) {
            require(note.length() <= MAX_NOTE, "note", "note must be at most " + MAX_NOTE + " characters");
            require(
                    note.chars().noneMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f),
                    "note",
                    "note must not contain control characters other than line feeds");
            note = note.isBlank() ? null : note;
        }
    }

    private static void require(boolean holds, String field, String message) {
        if (!holds) {
            throw new FollowUpValidationException(field, message);
        }
    }
}
