package io.stayaway.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The parameters of a cluster run, read from system properties {@code stayaway.cluster.*}, each
 * defaulting to the short form that runs in CI. {@code stayaway.cluster.seed=random} draws a new seed;
 * every random choice of the run (which node is killed, when, for how long) comes from the seed.
 * Of the {@code orders}, a third (at least one per node) belong to recording devices that publish once a
 * second and keep what was acknowledged to them; the rest are the scenario library's, played in turn.
 * Immutable.
 */
record ClusterSettings(
        long seed, int nodes, int orders, int kills, int restarts, double twilioFaultRate, List<String> scenarios) {
    /** The seed CI runs with, so that a failure there replays here. */
    static final long CI_SEED = 20_260_520L;

    ClusterSettings {
        if (nodes < 3) {
            throw new IllegalArgumentException("a cluster run needs 3 nodes or more, got " + nodes);
        }
        if (restarts > kills || restarts < kills - 1) {
            throw new IllegalArgumentException("restarts must be kills or kills - 1 (one node down at a time), got "
                    + restarts + " for " + kills + " kills");
        }
        if (orders < recordingOrders(nodes, orders) + 1) {
            throw new IllegalArgumentException("too few orders for recording devices and scenarios: " + orders);
        }
    }

    static ClusterSettings fromSystemProperties() {
        String seedText = System.getProperty("stayaway.cluster.seed", Long.toString(CI_SEED));
        long seed = "random".equals(seedText) ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seedText);
        int kills = integer("kills", 2);
        return new ClusterSettings(
                seed,
                integer("nodes", 3),
                integer("orders", 30),
                kills,
                integer("restarts", kills - 1),
                Double.parseDouble(System.getProperty("stayaway.cluster.twilioFaultRate", "0")),
                Arrays.stream(System.getProperty(
                                        "stayaway.cluster.scenarios",
                                        "approach-and-breach,drive-past,meeting-in-the-city,strap-tamper,"
                                                + "victim-panic,offline-late-burst,home-80m-outside")
                                .split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList());
    }

    private static int integer(String key, int fallback) {
        return Integer.parseInt(System.getProperty("stayaway.cluster." + key, Integer.toString(fallback)));
    }

    private static int recordingOrders(int nodes, int orders) {
        return Math.max(nodes, orders / 3);
    }

    /** Orders of recording devices (two devices each, one ping a second each). */
    int recordingOrders() {
        return recordingOrders(nodes, orders);
    }

    /** Orders of scenario instances (one order each). */
    int scenarioOrders() {
        return orders - recordingOrders();
    }

    String describe() {
        return String.format(
                "seed=%d nodes=%d orders=%d (%d recording, %d scenario) kills=%d restarts=%d twilioFaultRate=%.2f "
                        + "scenarios=%s",
                seed, nodes, orders, recordingOrders(), scenarioOrders(), kills, restarts, twilioFaultRate, scenarios);
    }
}
