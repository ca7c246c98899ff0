package io.stayaway.simulator.device;

/**
 * A scripted bad fix: the first fix at or after second {@code at} is displaced by
 * {@code east}/{@code north} metres while claiming accuracy {@code acc} (a multipath outlier placed
 * where it hurts, e.g. inside a zone). Immutable, thread-safe.
 */
public record Glitch(double at, double east, double north, double acc) {
    public Glitch {
        if (!(at >= 0)) {
            throw new IllegalArgumentException("glitch time must be >= 0 seconds, got " + at);
        }
        if (!(acc > 0) || acc > 10_000) {
            throw new IllegalArgumentException("glitch acc must be within (0, 10000] m, got " + acc);
        }
    }
}
