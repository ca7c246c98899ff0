package io.stayaway.simulator.motion;

import java.util.Locale;

/** Typical travel speeds of a person, in metres per second. Immutable, thread-safe. */
public enum Pace {
    WALK(1.4),
    CYCLE(4.5),
    DRIVE(13.9);

    private final double metresPerSecond;

    Pace(double metresPerSecond) {
        this.metresPerSecond = metresPerSecond;
    }

    public double metresPerSecond() {
        return metresPerSecond;
    }

    public static Pace parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pace '" + text + "', expected walk, cycle or drive", e);
        }
    }
}
