package io.stayaway.simulator.scenario;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stayaway.simulator.device.AddressedCommand;
import io.stayaway.simulator.mqtt.MosquittoProbe;
import io.stayaway.simulator.mqtt.WearableLinks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** Plays small scenarios through the real Mosquitto on 127.0.0.1:1883 under a unique topic prefix. */
class ScenarioPlaybackIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Scenario scenario(String devices, double duration, double maxSpeed) {
        String yaml = """
                name: playback-test
                duration: %s
                maxSpeed: %s
                origin: {lat: 31.2304, lon: 121.4737}
                orders: [{id: O-TEST, parties: [{role: respondent, deviceId: dev-a}]}]
                devices:
                %s
                expect: {}
                """.formatted(duration, maxSpeed, devices);
        return ScenarioLibrary.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static PlaybackSummary play(
            Scenario scenario, double speed, MosquittoProbe probe, BlockingQueue<AddressedCommand> downlink)
            throws Exception {
        Map<String, String> passwords = new HashMap<>();
        scenario.devices().forEach(d -> passwords.put(d.id(), null));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        try (WearableLinks links =
                WearableLinks.connect(probe.endpoint(), passwords, downlink, out, Duration.ofSeconds(5))) {
            ScenarioClock clock =
                    ScenarioClock.startingNow(Clock.systemUTC(), Math.round(scenario.duration() * 1000), speed);
            PlaybackSummary summary = new ScenarioPlayer(scenario, 5, clock, 0, links, downlink, out, false).play();
            WearableLinks.DeliveryReport report = links.awaitDelivery(Duration.ofSeconds(10));
            assertEquals(0, report.failed(), report.problems().toString());
            return summary;
        }
    }

    @Test
    void afterADropoutTheBacklogArrivesAsOneJsonArrayOnThePingTopic() throws Exception {
        Scenario scenario = scenario("""
                  - id: dev-a
                    party: respondent
                    interval: 10
                    route: [{east: 0, north: 0}]
                    offline: [{from: 100, to: 200}]
                """, 300, 1000);
        try (MosquittoProbe probe = new MosquittoProbe()) {
            long before = System.currentTimeMillis();
            PlaybackSummary summary = play(scenario, 1000, probe, new LinkedBlockingQueue<>());
            assertEquals(1, summary.batches());
            String topic = probe.topics().ping("dev-a");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> probe.received(topic).size() == summary.pings() + 1);
            List<JsonNode> arrays = new ArrayList<>();
            for (MosquittoProbe.Received message : probe.received(topic)) {
                JsonNode payload = JSON.readTree(message.payload());
                if (payload.isArray()) {
                    arrays.add(payload);
                }
            }
            assertEquals(1, arrays.size());
            JsonNode burst = arrays.get(0);
            assertEquals(10, burst.size(), "fixes at 100..190 s were buffered");
            long firstTs = burst.get(0).get("ts").asLong();
            for (int i = 0; i < burst.size(); i++) {
                assertEquals(firstTs + i * 10_000L, burst.get(i).get("ts").asLong());
            }
            assertTrue(burst.get(burst.size() - 1).get("ts").asLong() <= System.currentTimeMillis());
            assertTrue(firstTs >= before - 300_000 - 2_000, "fast-forwarded start lies no further back than needed");
        }
    }

    @Test
    void setIntervalFromTheGatewayChangesTheReportingRate() throws Exception {
        Scenario scenario = scenario("""
                  - id: dev-a
                    party: respondent
                    interval: 10
                    route: [{east: 0, north: 0}]
                """, 200, 20);
        try (MosquittoProbe probe = new MosquittoProbe()) {
            BlockingQueue<AddressedCommand> downlink = new LinkedBlockingQueue<>();
            String pings = probe.topics().ping("dev-a");
            CompletableFuture<PlaybackSummary> playback = CompletableFuture.supplyAsync(() -> {
                try {
                    return play(scenario, 20, probe, downlink);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> probe.received(pings).size() >= 3);
            probe.publish(
                    probe.topics().command("dev-a"), "{\"id\":\"cmd-1\",\"type\":\"set_interval\",\"seconds\":30}");
            playback.get();
            List<Long> gaps = new ArrayList<>();
            long previous = -1;
            for (MosquittoProbe.Received message : probe.received(pings)) {
                long ts = JSON.readTree(message.payload()).get("ts").asLong();
                if (previous >= 0) {
                    gaps.add(ts - previous);
                }
                previous = ts;
            }
            assertTrue(gaps.subList(0, 2).stream().allMatch(g -> g == 10_000), gaps.toString());
            List<Long> lastGaps = gaps.subList(gaps.size() - 3, gaps.size());
            assertTrue(lastGaps.stream().allMatch(g -> g == 30_000), "after set_interval 30: " + gaps);
        }
    }
}
