package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Acceptance of the cluster (issue "the gateway as a cluster"): three gateway processes sharing a private
 * Mosquitto (shared subscription) and one PostgreSQL database, under the scenario library and recording
 * devices, while one node is SIGKILLed, started again, and another killed, at moments drawn from a printed
 * seed. Every acknowledged ping stored once; every expected alert exactly once, each SMS sent once;
 * evaluation of the killed node's orders continued on a survivor within 10 s (the failover gap, printed);
 * a console on one node hears of alerts raised on another within 1 s; a user disabled on one node is
 * refused on the others within 1 s; another station's desk and another court are refused (404, as if unknown) an order's
 * compliance report and export on every node; one unbroken checkpoint sequence, and exports that verify.
 * The short form runs here with a fixed seed; {@code scripts/cluster-chaos} runs the long form (see
 * docs/testing.md).
 */
class ClusterIT {
    @Test
    void theClusterLosesNothingDoublesNothingAndTakesOverWithinTenSeconds() throws Exception {
        ClusterSettings settings = ClusterSettings.fromSystemProperties();
        String summary;
        boolean passed;
        try (ClusterRun run = new ClusterRun(settings)) {
            ChaosChecks checks = new ChaosChecks(run);
            try {
                run.play();
                checks.all();
                new ClusterChecks(run, checks.failures, checks.counts).all();
            } catch (Exception | AssertionError e) {
                checks.failures.add("the run itself failed: " + e);
                run.problems().stream()
                        .filter(p -> !checks.failures.contains(p))
                        .toList()
                        .forEach(checks.failures::add);
                e.printStackTrace(System.out);
            } finally {
                summary = checks.summary();
                System.out.println(summary);
                Files.writeString(ClusterRun.DIR.resolve("summary-" + run.tag + ".txt"), summary);
            }
            passed = checks.failures.isEmpty();
        }
        assertTrue(passed, "cluster run with seed " + settings.seed() + " failed:\n" + summary);
    }
}
