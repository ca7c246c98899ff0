package io.stayaway.simulator.scenario;

import java.time.Clock;

/**
 * Maps scenario time (milliseconds from the scenario start) to the wall clock for a time-scale
 * factor {@code speed}, and to the epoch timestamps the devices stamp on their fixes. With
 * speed > 1 the simulated start lies in the past, chosen so that every fix time is at or before
 * the wall-clock moment it is sent (the gateway rejects ts more than 5 minutes ahead of now).
 * Immutable, thread-safe.
 */
public record ScenarioClock(long epochStartMillis, long wallStartNanos, double speed) {
    /** Head room so a fix is never stamped after its send time, even with scheduling jitter. */
    static final long SAFETY_MARGIN_MILLIS = 1_000;

    public ScenarioClock {
        if (!(speed >= 1) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite factor >= 1, got " + speed);
        }
    }

    /**
     * A clock starting now for a run of {@code durationMillis} scenario milliseconds: fix time
     * offset o is stamped start + o and sent at wall now + o / speed, so start is placed
     * duration * (1 - 1/speed) before now.
     */
    public static ScenarioClock startingNow(Clock wallClock, long durationMillis, double speed) {
        long lead = speed == 1 ? 0 : (long) Math.ceil(durationMillis * (1 - 1 / speed)) + SAFETY_MARGIN_MILLIS;
        return new ScenarioClock(wallClock.millis() - lead, System.nanoTime(), speed);
    }

    /**
     * The same scenario-to-fix-time mapping, with offset {@code offsetMillis} reached now and real
     * time (speed 1) from here on: fix times then keep pace with the wall clock, as a real device's.
     */
    public ScenarioClock atRealTimeFrom(long offsetMillis) {
        return new ScenarioClock(epochStartMillis, System.nanoTime() - offsetMillis * 1_000_000, 1);
    }

    public long epochMillis(long offsetMillis) {
        return epochStartMillis + offsetMillis;
    }

    /** Scenario offset the wall clock has reached now. */
    public long offsetNow() {
        return (long) ((System.nanoTime() - wallStartNanos) * speed / 1_000_000);
    }

    /** Wall-clock nanoseconds from now until scenario offset {@code offsetMillis}; negative when past. */
    public long nanosUntil(long offsetMillis) {
        return wallStartNanos + (long) (offsetMillis * 1_000_000 / speed) - System.nanoTime();
    }

    /** Wall-clock nanoTime at which scenario offset {@code offsetMillis} is reached. */
    public long wallNanosAt(long offsetMillis) {
        return wallStartNanos + (long) (offsetMillis * 1_000_000 / speed);
    }
}
