package io.stayaway.simulator.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.mqtt.DeviceCredentials;
import io.stayaway.simulator.mqtt.MosquittoProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small bounded load runs against the real Mosquitto on 127.0.0.1:1883 under a unique topic prefix. */
class LoadRunIT {
    private static final GeoPoint SHANGHAI = new GeoPoint(31.2304, 121.4737);

    private static LoadPlan plan(int devices, Duration interval, Duration duration, int connections, long maxPings) {
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        return new LoadPlan(
                devices,
                interval,
                duration,
                connections,
                false,
                2,
                1000,
                maxPings,
                prefix,
                SHANGHAI,
                1,
                Duration.ofSeconds(10));
    }

    private static LoadReport run(LoadPlan plan, MosquittoProbe probe, Path sendLog) throws Exception {
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new LoadRun(plan, console).run(probe.endpoint(), DeviceCredentials.NONE, sendLog);
    }

    @Test
    void everyPingSentIsAcknowledgedAndReachesTheBroker(@TempDir Path dir) throws Exception {
        LoadPlan plan = plan(20, Duration.ofMillis(200), Duration.ofSeconds(2), 3, Long.MAX_VALUE);
        try (MosquittoProbe probe = new MosquittoProbe()) {
            Path sendLog = dir.resolve("sent.csv");
            LoadReport report = run(plan, probe, sendLog);
            assertEquals(200, report.sent(), report.describe());
            assertEquals(report.sent(), report.acknowledged(), report.describe());
            assertEquals(0, report.failed());
            assertTrue(report.clean());
            assertTrue(report.achievedRate() > 80 && report.achievedRate() <= 101, report.describe());
            assertTrue(report.ackMillis()[2] > 0 && report.ackMillis()[2] < 1000, report.describe());
            assertTrue(report.cpuSeconds() > 0, "the generator reports its own CPU: " + report.describe());
            assertTrue(report.describe().contains("generator CPU"), report.describe());
            await().atMost(Duration.ofSeconds(5)).until(() -> probe.count() == 200);
            assertEquals(
                    10, probe.received(probe.topics().ping(plan.deviceId(7))).size());
            List<String> lines = Files.readAllLines(sendLog);
            assertEquals(SendLog.HEADER, lines.get(0));
            assertEquals(201, lines.size());
            assertTrue(lines.stream().skip(1).allMatch(l -> l.endsWith(",acked")), lines.get(1));
        }
    }

    @Test
    void aRunStopsAtItsPingBudget() throws Exception {
        LoadPlan plan = plan(10, Duration.ofMillis(100), Duration.ofSeconds(30), 1, 35);
        try (MosquittoProbe probe = new MosquittoProbe()) {
            long start = System.nanoTime();
            LoadReport report = run(plan, probe, null);
            assertEquals(35, report.sent());
            assertEquals(35, report.acknowledged());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "should stop at the budget");
        }
    }

    @Test
    void devicesAreSpreadEvenlyOverTheInterval() {
        LoadPlan plan = plan(4, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 10);
        assertEquals(
                List.of(0L, 250_000_000L, 500_000_000L, 750_000_000L),
                List.of(
                        plan.firstOffsetNanos(0),
                        plan.firstOffsetNanos(1),
                        plan.firstOffsetNanos(2),
                        plan.firstOffsetNanos(3)));
        assertEquals(4.0, plan.targetRate());
    }
}
