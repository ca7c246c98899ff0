package io.stayaway.gateway.health;

import java.time.Duration;

/**
 * When silence or bad positioning becomes an alert.
 *
 * @param communicationLossAfter silence after which a device of an active order raises COMMUNICATION_LOSS
 *                               (default 4 min: NIJ-1004 asks alerts delivered within 4 minutes)
 * @param gnssLossAfter          time online without a usable fix before GNSS_LOSS (default 10 min, as vendors'
 *                               "no GPS for 10 of 60 minutes" rule)
 * @param usableAccuracyMetres   a fix worse than this does not count as a position (default 100 m)
 */
public record HealthSettings(Duration communicationLossAfter, Duration gnssLossAfter, double usableAccuracyMetres) {
    public HealthSettings {
        if (communicationLossAfter.isNegative()
                || communicationLossAfter.isZero()
                || gnssLossAfter.isNegative()
                || gnssLossAfter.isZero()) {
            throw new IllegalArgumentException("loss timers must be positive");
        }
        if (!(usableAccuracyMetres > 0)) {
            throw new IllegalArgumentException("usable accuracy must be > 0 m");
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofMinutes(4), Duration.ofMinutes(10), 100);
    }
}
