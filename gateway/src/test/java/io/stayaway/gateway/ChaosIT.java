package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Acceptance under faults (issue 13, "The proof"): the scenario library and recording devices
 * against the gateway while it is SIGKILLed and restarted, PostgreSQL and Mosquitto restart, Twilio
 * misbehaves and devices lose connections and sessions, all at moments drawn from a printed seed.
 * Nothing acknowledged may be lost or stored twice, no expected alert missing or doubled, no
 * notification stuck, no device at the wrong interval, no export that fails to verify. The short form
 * runs here with a fixed seed; {@code scripts/chaos} runs the long form (see docs/testing.md).
 */
class ChaosIT {
    @Test
    void nothingLostNothingDuplicatedNothingStuckUnderRandomFaults() throws Exception {
        ChaosSettings settings = ChaosSettings.fromSystemProperties();
        ChaosRun.log("chaos run starting: %s", settings.describe());
        String summary;
        boolean passed;
        try (ChaosRun run = new ChaosRun(settings)) {
            ChaosChecks checks = new ChaosChecks(run);
            try {
                run.play();
                checks.all();
            } catch (Exception | AssertionError e) {
                checks.failures.add("the run itself failed: " + e);
                throw new AssertionError("chaos run with seed " + settings.seed() + " failed:\n" + checks.summary(), e);
            } finally {
                summary = checks.summary();
                System.out.println(summary);
                Files.writeString(ChaosRun.DIR.resolve("summary-" + run.tag + ".txt"), summary);
            }
            passed = checks.failures.isEmpty();
        }
        assertTrue(passed, "chaos run with seed " + settings.seed() + " found losses:\n" + summary);
    }
}
