package io.stayaway.simulator.expect;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a scenario must and must not make the gateway raise; {@code settle} is how many seconds
 * to keep watching after playback before declaring a forbidden alert absent (default 10).
 * Immutable, thread-safe.
 */
public record Expectations(List<AlertExpectation> must, List<AlertExpectation> mustNot, Double settle) {
    public static final double DEFAULT_WITHIN_SECONDS = 60;

    public Expectations {
        must = must == null ? List.of() : List.copyOf(must);
        mustNot = mustNot == null ? List.of() : List.copyOf(mustNot);
        settle = settle == null ? 10.0 : settle;
        if (!(settle >= 0)) {
            throw new IllegalArgumentException("settle must be >= 0 seconds, got " + settle);
        }
    }

    public static Expectations none() {
        return new Expectations(null, null, null);
    }

    public boolean isEmpty() {
        return must.isEmpty() && mustNot.isEmpty();
    }

    public Expectations mapEach(UnaryOperator<AlertExpectation> change) {
        return new Expectations(
                must.stream().map(change).toList(), mustNot.stream().map(change).toList(), settle);
    }
}
