package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: every scenario shipped with the simulator (wearables speaking only the public MQTT
 * contract and HTTP API) is played against a real gateway, and each scenario's own expectations
 * (alerts that must and must not be raised, within their deadlines) must hold. The scenarios run
 * side by side, each with its own unique order and device ids.
 */
class ScenarioLibraryIT {
    /** Scenario name → the fastest speed it allows (its maxSpeed). */
    private static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("approach-and-breach", "1");
        SCENARIOS.put("drive-past", "10");
        SCENARIOS.put("home-80m-outside", "60");
        SCENARIOS.put("meeting-in-the-city", "4");
        SCENARIOS.put("protected-goes-silent", "1");
        SCENARIOS.put("offline-late-burst", "4");
        SCENARIOS.put("strap-tamper", "4");
        SCENARIOS.put("battery-runs-down", "60");
        SCENARIOS.put("victim-panic", "2");
    }

    @Test
    void everyShippedScenarioMeetsItsExpectationsAgainstTheGateway() throws Exception {
        Path jar = Path.of("..", "simulator", "target", "simulator-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.exists(jar), "the simulator jar is built before the gateway: " + jar.toAbsolutePath());
        try (GatewayHarness h = new GatewayHarness()) {
            String api = "http://127.0.0.1:" + h.gateway.httpPort();
            String token = h.adminToken();
            Map<String, Process> running = new LinkedHashMap<>();
            for (Map.Entry<String, String> s : SCENARIOS.entrySet()) {
                ProcessBuilder pb = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx128m",
                                "-jar",
                                jar.toString(),
                                "scenario",
                                s.getKey(),
                                "--speed",
                                s.getValue(),
                                "--api",
                                api,
                                "--unique=" + h.suffix.substring(0, 5))
                        .redirectErrorStream(true)
                        .redirectOutput(new File("target", "scenario-" + s.getKey() + ".log"));
                pb.environment().put("STAYAWAY_API_TOKEN", token); // --api-token, kept off the command line
                pb.environment()
                        .put(
                                "STAYAWAY_MQTT_PORT",
                                GatewayHarness.BROKER.substring(GatewayHarness.BROKER.lastIndexOf(':') + 1));
                running.put(s.getKey(), pb.start());
            }
            List<String> failed = new ArrayList<>();
            for (Map.Entry<String, Process> r : running.entrySet()) {
                if (!r.getValue().waitFor(12, TimeUnit.MINUTES)) {
                    r.getValue().destroyForcibly();
                    failed.add(r.getKey() + " (timed out)");
                } else if (r.getValue().exitValue() != 0) {
                    failed.add(r.getKey() + " (exit " + r.getValue().exitValue() + "):\n"
                            + Files.readString(Path.of("target", "scenario-" + r.getKey() + ".log"))
                                    .lines()
                                    .filter(l -> l.contains("FAIL")
                                            || l.contains("PASS")
                                            || l.startsWith("Expectations")
                                            || l.contains("rror"))
                                    .reduce("", (a, b) -> a + "  " + b + "\n"));
                }
            }
            assertTrue(failed.isEmpty(), "scenarios whose expectations failed:\n" + String.join("\n", failed));
        }
    }
}
