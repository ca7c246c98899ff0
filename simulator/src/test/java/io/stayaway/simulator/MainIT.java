package io.stayaway.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stayaway.simulator.expect.FakeGatewayApi;
import io.stayaway.simulator.mqtt.MosquittoProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: real Mosquitto under a unique prefix, a local stand-in for the gateway's API. */
class MainIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private FakeGatewayApi gateway;
    private MosquittoProbe probe;

    @BeforeEach
    void start() throws Exception {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        gateway = new FakeGatewayApi();
        probe = new MosquittoProbe();
    }

    @AfterEach
    void stop() throws Exception {
        System.setOut(originalOut);
        System.setErr(originalErr);
        gateway.close();
        probe.close();
    }

    private Path scenarioFile(String expect) throws Exception {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, """
                name: tiny
                description: one respondent standing still for three seconds
                duration: 3
                maxSpeed: 2
                origin: {lat: 31.2304, lon: 121.4737}
                orders:
                  - id: ORD-TINY
                    parties: [{role: respondent, deviceId: tiny-resp}]
                    zones: [{id: home, type: exclusion, circle: {lat: 31.2304, lon: 121.4737, radius: 500}}]
                devices:
                  - {id: tiny-resp, party: respondent, interval: 1, route: [{east: 100, north: 0}]}
                expect:
                  settle: 1
                %s
                """.formatted(expect));
        return file;
    }

    private int run(String... args) {
        return Main.run(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aScenarioWhoseForbiddenAlertsStayAbsentPassesAndCreatesItsOrder() throws Exception {
        Path file = scenarioFile("  mustNot: [{type: BREACH}]");
        int exit = run(
                "scenario",
                file.toString(),
                "--unique=t1",
                "--topic-prefix",
                probe.topics().prefix(),
                "--api",
                gateway.base().toString(),
                "--poll",
                "200");
        assertEquals(0, exit, output());
        assertEquals(java.util.Set.of("ORD-TINY-t1"), gateway.orders());
        assertTrue(output().contains("PASS  must not BREACH -- not raised"), output());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> probe.received(probe.topics().ping("tiny-resp-t1")).size() >= 3);
    }

    @Test
    void aMissingRequiredAlertExitsNonZeroWithTheDiff() throws Exception {
        Path file = scenarioFile("  must: [{type: BREACH, party: respondent, within: 2}]");
        int exit = run(
                "scenario",
                file.toString(),
                "--unique",
                "--topic-prefix",
                probe.topics().prefix(),
                "--api",
                gateway.base().toString(),
                "--poll",
                "200");
        assertEquals(1, exit, output());
        assertTrue(output().contains("FAIL  must     BREACH party=respondent within 2s -- not raised"), output());
        assertTrue(output().contains("Actual (0 alerts raised during the run):\n  (none)"), output());
    }

    @Test
    void aSpeedAboveTheScenarioLimitIsRefused() throws Exception {
        int exit = run(
                "scenario",
                "protected-goes-silent",
                "--speed",
                "10",
                "--topic-prefix",
                probe.topics().prefix());
        assertEquals(Main.COULD_NOT_RUN, exit);
        assertTrue(output().contains("allows --speed up to 1.0"), output());
    }

    @Test
    void aRecordingReplaysWithTimestampsShiftedToNow() throws Exception {
        Path recording = dir.resolve("run.jsonl");
        Path file = scenarioFile("  mustNot: [{type: BREACH}]");
        assertEquals(
                0,
                run(
                        "scenario",
                        file.toString(),
                        "--speed",
                        "2",
                        "--unique=r1",
                        "--record",
                        recording.toString(),
                        "--topic-prefix",
                        probe.topics().prefix()),
                output());
        List<String> lines = Files.readAllLines(recording);
        assertEquals(4, lines.size(), lines.toString());
        long replayStart = System.currentTimeMillis();
        assertEquals(
                0,
                run(
                        "replay",
                        recording.toString(),
                        "--speed",
                        "5",
                        "--shift-to-now",
                        "--unique=again",
                        "--topic-prefix",
                        probe.topics().prefix()),
                output());
        String topic = probe.topics().ping("tiny-resp-r1-again");
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.received(topic).size() == 4);
        long newest = 0;
        for (MosquittoProbe.Received message : probe.received(topic)) {
            JsonNode ping = JSON.readTree(message.payload());
            assertTrue(ping.get("ts").asLong() <= System.currentTimeMillis(), "no ts in the future: " + ping);
            newest = Math.max(newest, ping.get("ts").asLong());
        }
        assertTrue(
                newest >= replayStart - 200,
                "the last ping is stamped about when it was sent: " + newest + " vs replay start " + replayStart);
    }

    @Test
    void listShowsEveryShippedScenario() {
        assertEquals(0, run("list"));
        assertTrue(output().contains("approach-and-breach") && output().contains("victim-panic"), output());
    }
}
