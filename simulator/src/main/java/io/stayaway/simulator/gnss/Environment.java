package io.stayaway.simulator.gnss;

import java.util.Locale;

/**
 * Where a wearable is, as far as positioning is concerned, with the error profile of each place.
 * Reported accuracy is log-normal around a median; figures follow NIJ-1004.00 (10 m for 90% of
 * fixes outdoors, 30 m indoors) and the usual behaviour of phone-class receivers in street canyons.
 * Immutable, thread-safe.
 */
public enum Environment {
    /** Open sky: tight accuracy, rare multipath. */
    OUTDOOR(new ErrorProfile(4.0, 0.30, 0.002, 0.0, 0.0)),
    /** Street canyons: wider accuracy, frequent multipath, occasional Wi-Fi/cell fallback. */
    URBAN(new ErrorProfile(9.0, 0.40, 0.03, 0.03, 0.005)),
    /** Inside a building: GNSS mostly lost, positions from Wi-Fi or the cell network. */
    INDOOR(new ErrorProfile(22.0, 0.45, 0.05, 0.60, 0.20));

    private final ErrorProfile profile;

    Environment(ErrorProfile profile) {
        this.profile = profile;
    }

    public ErrorProfile profile() {
        return profile;
    }

    public static Environment parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown environment '" + text + "', expected outdoor, urban or indoor", e);
        }
    }

    /**
     * Error parameters of one environment: median reported GNSS accuracy (m) and the log-normal
     * spread of it, the chance of a multipath jump per GNSS fix, and the chances that a fix comes
     * from Wi-Fi or the cell network instead of GNSS. Immutable, thread-safe.
     */
    public record ErrorProfile(
            double medianAccuracy,
            double accuracySpread,
            double multipathChance,
            double wifiChance,
            double cellChance) {
        public ErrorProfile {
            if (!(medianAccuracy > 0) || !(accuracySpread >= 0)) {
                throw new IllegalArgumentException("accuracy median must be > 0 and spread >= 0");
            }
            if (multipathChance < 0 || wifiChance < 0 || cellChance < 0 || wifiChance + cellChance > 1) {
                throw new IllegalArgumentException("chances must be >= 0 and Wi-Fi + cell <= 1");
            }
        }
    }
}
