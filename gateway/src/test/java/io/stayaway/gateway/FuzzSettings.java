package io.stayaway.gateway;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How a fuzz run is drawn: {@code -Dstayaway.fuzz.seed=N|random} (default {@link #CI_SEED}) and the tries of
 * each half, {@code -Dstayaway.fuzz.http.tries=N} and {@code -Dstayaway.fuzz.mqtt.tries=N} (default the short
 * form CI runs). Every random choice of a run comes from
 * the seed, so a seed printed by a failure replays it. Immutable.
 */
record FuzzSettings(long seed, int tries) {
    /** The seed CI runs with, so that a failure there replays here. */
    static final long CI_SEED = 20_261_130L;

    /** The settings of one half, {@code http} or {@code mqtt}. */
    static FuzzSettings fromSystemProperties(String half, int defaultTries) {
        String seedText = System.getProperty("stayaway.fuzz.seed", Long.toString(CI_SEED));
        long seed = "random".equals(seedText) ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seedText);
        return new FuzzSettings(seed, Integer.getInteger("stayaway.fuzz." + half + ".tries", defaultTries));
    }

    @Override
    public String toString() {
        return "seed=" + seed + " tries=" + tries + " (replay with -Dstayaway.fuzz.seed=" + seed + ")";
    }
}
