package io.stayaway.simulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.geo.LocalFrame;
import io.stayaway.simulator.gnss.Environment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WearableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalFrame FRAME = new LocalFrame(new GeoPoint(31.2304, 121.4737));
    private static final long START = 1_764_244_800_000L;
    private static final List<RouteStep> STANDING = List.of(new RouteStep(100.0, 0.0, null, null, null, null, null));

    private static DeviceScript script(
            double interval,
            BatteryPlan battery,
            List<EnvironmentWindow> environments,
            List<OfflineWindow> offline,
            List<ScriptedEvent> events) {
        return new DeviceScript(
                "dev-1",
                Party.RESPONDENT,
                "O1",
                null,
                interval,
                0.0,
                Environment.URBAN,
                battery,
                STANDING,
                environments,
                offline,
                events,
                null);
    }

    private static List<Uplink> run(Wearable wearable, long untilMillis) {
        List<Uplink> sent = new ArrayList<>();
        while (wearable.nextDueMillis() <= untilMillis) {
            sent.addAll(wearable.advanceTo(wearable.nextDueMillis()));
        }
        return sent;
    }

    private static Wearable wearable(DeviceScript script, long seed) {
        return new Wearable(script, FRAME, new SplittableRandom(seed), START, 1000);
    }

    @Test
    void sameSeedSendsIdenticalPayloadsAndAnotherSeedDoesNot() {
        DeviceScript script = script(
                5,
                null,
                null,
                List.of(new OfflineWindow(30, 60, true)),
                List.of(new ScriptedEvent(40, EventType.STRAP_TAMPER)));
        List<String> first =
                run(wearable(script, 9), 300_000).stream().map(Uplink::payload).toList();
        List<String> second =
                run(wearable(script, 9), 300_000).stream().map(Uplink::payload).toList();
        List<String> other =
                run(wearable(script, 10), 300_000).stream().map(Uplink::payload).toList();
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void pingsCarryIncreasingSeqAndTheirFixTime() throws IOException {
        List<Uplink> sent = run(wearable(script(5, null, null, null, null), 1), 20_000);
        assertEquals(5, sent.size());
        for (int i = 0; i < sent.size(); i++) {
            JsonNode ping = JSON.readTree(sent.get(i).payload());
            assertEquals(1000 + i, ping.get("seq").asLong());
            assertEquals(START + i * 5_000L, ping.get("ts").asLong());
            assertTrue(ping.get("acc").asDouble() > 0);
        }
    }

    @Test
    void afterADropoutTheBacklogIsUploadedAsOneJsonArrayWithOriginalTimestamps() throws IOException {
        List<Uplink> sent = run(
                wearable(
                        script(
                                5,
                                null,
                                null,
                                List.of(new OfflineWindow(20, 60, true)),
                                List.of(new ScriptedEvent(30, EventType.STRAP_TAMPER))),
                        2),
                70_000);
        List<Uplink> bursts =
                sent.stream().filter(u -> u.kind() == UplinkKind.PING_BATCH).toList();
        assertEquals(1, bursts.size());
        JsonNode array = JSON.readTree(bursts.get(0).payload());
        assertTrue(array.isArray());
        assertEquals(8, array.size(), "fixes at 20, 25, ... 55 s were buffered");
        for (int i = 0; i < array.size(); i++) {
            assertEquals(START + 20_000 + i * 5_000L, array.get(i).get("ts").asLong());
        }
        assertEquals(60_000, bursts.get(0).offsetMillis(), "uploaded on reconnect");
        Uplink tamper = sent.stream()
                .filter(u -> u.kind() == UplinkKind.EVENT)
                .findFirst()
                .orElseThrow();
        assertEquals(60_000, tamper.offsetMillis(), "a buffered event is sent on reconnect");
        assertEquals(START + 30_000, JSON.readTree(tamper.payload()).get("ts").asLong());
        long liveBeforeBurst = sent.stream()
                .filter(u -> u.offsetMillis() == 60_000 && u.kind() == UplinkKind.PING)
                .count();
        assertEquals(1, liveBeforeBurst, "a live fix goes out on reconnect");
    }

    @Test
    void aSilentDropoutSendsNothingAndUsesNoSeq() throws IOException {
        List<Uplink> sent =
                run(wearable(script(5, null, null, List.of(new OfflineWindow(20, 60, false)), null), 3), 70_000);
        assertTrue(sent.stream().noneMatch(u -> u.offsetMillis() >= 20_000 && u.offsetMillis() < 60_000));
        assertTrue(sent.stream().noneMatch(u -> u.kind() == UplinkKind.PING_BATCH));
        JsonNode afterSilence = JSON.readTree(sent.get(4).payload());
        assertEquals(1004, afterSilence.get("seq").asLong());
        assertEquals(START + 60_000, afterSilence.get("ts").asLong());
    }

    @Test
    void setIntervalChangesTheSpacingOfLaterFixes() throws IOException {
        Wearable wearable = wearable(script(10, null, null, null, null), 4);
        run(wearable, 30_000);
        wearable.apply(new DownlinkCommand("c1", DownlinkCommand.SET_INTERVAL, 15, null, null), 31_000);
        List<Uplink> later = run(wearable, 100_000);
        List<Long> times = new ArrayList<>();
        for (Uplink uplink : later) {
            times.add(JSON.readTree(uplink.payload()).get("ts").asLong() - START);
        }
        assertEquals(List.of(45_000L, 60_000L, 75_000L, 90_000L), times);
    }

    @Test
    void notifyIsShownToTheWearerAndBadIntervalsAreRefused() {
        Wearable wearable = wearable(script(10, null, null, null, null), 5);
        assertEquals(
                "WARNING: Leave the area now",
                wearable.apply(new DownlinkCommand("c2", "notify", null, "warning", "Leave the area now"), 0));
        assertTrue(wearable.apply(new DownlinkCommand("c3", "set_interval", 0, null, null), 0)
                .startsWith("ignored"));
        assertEquals(10.0, wearable.intervalSeconds());
    }

    @Test
    void drainingBatteryReportsLowOnceThenPowersOff() throws IOException {
        Wearable wearable = wearable(script(60, new BatteryPlan(16.0, 60.0, null, 15.0), null, null, null), 6);
        List<String> events = new ArrayList<>();
        for (Uplink uplink : run(wearable, 3_600_000)) {
            if (uplink.kind() == UplinkKind.EVENT) {
                events.add(JSON.readTree(uplink.payload()).get("type").asText() + "@" + uplink.offsetMillis() / 1000);
            }
        }
        assertEquals(List.of("battery_low@60", "power_off@960"), events);
        assertEquals(Long.MAX_VALUE, wearable.nextDueMillis());
    }

    @Test
    void chargingRaisesTheLevelAndReArmsTheLowBatteryNotice() throws IOException {
        Wearable wearable = wearable(
                script(
                        60,
                        new BatteryPlan(16.0, 60.0, 60.0, 15.0),
                        null,
                        null,
                        List.of(new ScriptedEvent(120, EventType.CHARGING))),
                7);
        List<Uplink> sent = run(wearable, 1_200_000);
        JsonNode last = JSON.readTree(sent.get(sent.size() - 1).payload());
        assertTrue(last.get("battery").asInt() > 25, "battery should charge, got " + last);
    }

    @Test
    void goingIndoorsReportsGnssLostAndComingOutReportsRestored() throws IOException {
        Wearable wearable =
                wearable(script(10, null, List.of(new EnvironmentWindow(30, 90, Environment.INDOOR)), null, null), 8);
        List<String> events = new ArrayList<>();
        for (Uplink uplink : run(wearable, 120_000)) {
            if (uplink.kind() == UplinkKind.EVENT) {
                events.add(JSON.readTree(uplink.payload()).get("type").asText() + "@" + uplink.offsetMillis() / 1000);
            }
        }
        assertEquals(List.of("gnss_lost@30", "gnss_restored@90"), events);
    }

    @Test
    void eventsCarryTheLastKnownPosition() throws IOException {
        Wearable wearable = wearable(script(10, null, null, null, List.of(new ScriptedEvent(15, EventType.PANIC))), 9);
        Uplink panic = run(wearable, 20_000).stream()
                .filter(u -> u.kind() == UplinkKind.EVENT)
                .findFirst()
                .orElseThrow();
        JsonNode event = JSON.readTree(panic.payload());
        assertEquals("panic", event.get("type").asText());
        assertTrue(event.has("lat") && event.has("lon"));
        assertEquals(START + 15_000, event.get("ts").asLong());
    }
}
