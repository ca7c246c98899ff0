package io.stayaway.gateway.orders;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of an order: the document as created (version 1) or as amended, from when it governs
 * fixes ({@code effectiveFrom}, device time), and who recorded it when. Immutable, thread-safe.
 */
public record OrderVersion(
        int number, Instant effectiveFrom, OrderDocument document, Instant recordedAt, String recordedBy) {
    public OrderVersion {
        if (number < 1) {
            throw new IllegalArgumentException("order versions are numbered from 1, got " + number);
        }
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
