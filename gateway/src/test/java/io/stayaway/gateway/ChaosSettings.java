package io.stayaway.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The parameters of a randomized fault run, read from system properties {@code stayaway.chaos.*}
 * (each defaults to the short form that runs in CI). {@code stayaway.chaos.seed=random} draws a new
 * seed; every random choice of the run (fault moments and kinds, Twilio's faults, device faults) comes
 * from the seed. Immutable.
 */
record ChaosSettings(
        long seed,
        int rounds,
        int kills,
        int pgRestarts,
        int brokerRestarts,
        int takeovers,
        int drops,
        int devicePairs,
        double twilioFaultRate,
        List<String> scenarios) {
    /** The seed CI runs with, so that a failure there replays here. */
    static final long CI_SEED = 20_260_513L;

    /** Scenario name → the speed it is played at (its maxSpeed), as ScenarioLibraryIT plays them. */
    static String speedOf(String scenario) {
        return switch (scenario) {
            case "approach-and-breach", "protected-goes-silent" -> "1";
            case "drive-past" -> "10";
            case "home-80m-outside", "battery-runs-down" -> "60";
            case "meeting-in-the-city", "offline-late-burst", "strap-tamper" -> "4";
            case "victim-panic" -> "2";
            default -> throw new IllegalArgumentException("no speed known for scenario " + scenario);
        };
    }

    static ChaosSettings fromSystemProperties() {
        String seedText = System.getProperty("stayaway.chaos.seed", Long.toString(CI_SEED));
        long seed = "random".equals(seedText) ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seedText);
        return new ChaosSettings(
                seed,
                integer("rounds", 1),
                integer("kills", 3),
                integer("pgRestarts", 1),
                integer("brokerRestarts", 1),
                integer("takeovers", 3),
                integer("drops", 3),
                integer("devicePairs", 2),
                Double.parseDouble(System.getProperty("stayaway.chaos.twilioFaultRate", "0.3")),
                Arrays.stream(System.getProperty(
                                        "stayaway.chaos.scenarios",
                                        "approach-and-breach,drive-past,home-80m-outside,meeting-in-the-city,"
                                                + "offline-late-burst,strap-tamper,victim-panic")
                                .split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList());
    }

    private static int integer(String key, int fallback) {
        return Integer.parseInt(System.getProperty("stayaway.chaos." + key, Integer.toString(fallback)));
    }

    String describe() {
        return String.format(
                "seed=%d rounds=%d kills=%d pgRestarts=%d brokerRestarts=%d takeovers=%d drops=%d devicePairs=%d "
                        + "twilioFaultRate=%.2f scenarios=%s",
                seed,
                rounds,
                kills,
                pgRestarts,
                brokerRestarts,
                takeovers,
                drops,
                devicePairs,
                twilioFaultRate,
                scenarios);
    }
}
