package io.stayaway.gateway.downlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeClosed;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.EpisodeOpened;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PursuitModeTest {
    private record Sent(String deviceId, JsonObject command) {}

    private final List<Sent> sent = new ArrayList<>();
    private final Map<String, Double> intervals = new java.util.HashMap<>();
    private final PursuitMode pursuit = new PursuitMode(
            (device, payload) -> sent.add(new Sent(device, new JsonObject(payload))),
            device ->
                    intervals.containsKey(device) ? OptionalDouble.of(intervals.get(device)) : OptionalDouble.empty());

    private final OrderDocument order = OrderDocument.parse(new JsonObject("""
            {"id": "ORD-P", "timeZone": "Asia/Shanghai", "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
             "parties": [{"role": "respondent", "deviceId": "r1", "language": "zh-CN"}, {"role": "protected", "deviceId": "p1"}],
             "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.23, "lon": 121.47, "radius": 500}},
                       {"id": "person", "type": "mobile", "protectedDeviceId": "p1", "minDistance": 500, "warningDistance": 1000}],
             "dutyDesk": {"phones": ["+8621000000110"]}}"""));

    private static Episode episode(String id, String zone, EpisodeKind kind) {
        return Episode.builder()
                .id(id)
                .rule("ORD-P", zone, kind, "r1", "person".equals(zone) ? "p1" : null)
                .start(Instant.parse("2026-11-27T10:00:00Z"))
                .seqs(1, 3)
                .measures(700, 0, 8)
                .supportingSeqs(List.of(1L, 2L, 3L))
                .explanation("test")
                .build();
    }

    private static Episode ended(String id, String zone, EpisodeKind kind) {
        return episode(id, zone, kind).toBuilder()
                .rule("ORD-P", zone, kind, "r1", null)
                .end(Instant.parse("2026-11-27T10:05:00Z"))
                .lastSeq(9)
                .build();
    }

    private List<String> types(String device) {
        return sent.stream()
                .filter(s -> s.deviceId().equals(device))
                .map(s -> s.command().getString("type"))
                .toList();
    }

    @Test
    void approachToAFixedZoneWarnsTheRespondentAndSpeedsUpBothDevices() {
        pursuit.on(order, new EpisodeOpened(episode("e1", "home", EpisodeKind.APPROACH)));
        assertEquals(List.of("set_interval", "notify"), types("r1"));
        assertEquals(List.of("set_interval"), types("p1"));
        assertEquals(15, sent.get(0).command().getInteger("seconds"));
    }

    @Test
    void anApproachOpenedAndClosedByOneLateFixSpeedsUpTheDevicesButDoesNotWarnTheRespondent() {
        pursuit.on(order, new EpisodeOpened(episode("e3", "home", EpisodeKind.APPROACH)), true);
        assertEquals(List.of("set_interval"), types("r1"), "he has already left: " + sent);
    }

    @Test
    void approachToTheProtectedPersonNeverTellsTheRespondent() {
        pursuit.on(order, new EpisodeOpened(episode("e2", "person", EpisodeKind.APPROACH)));
        assertTrue(
                types("r1").stream().noneMatch("notify"::equals),
                "a mobile-zone warning would reveal where she is: " + sent);
    }

    @Test
    void devicesAlreadyFastAreNotSlowedAndOnlySwitchedDevicesAreRestored() {
        intervals.put("r1", 3.0);
        pursuit.on(order, new EpisodeOpened(episode("e3", "home", EpisodeKind.BREACH)));
        pursuit.on(order, new EpisodeClosed(ended("e3", "home", EpisodeKind.BREACH)));
        assertTrue(types("r1").isEmpty(), "r1 reports every 3 s already: " + sent);
        assertEquals(List.of("set_interval", "set_interval"), types("p1"));
        assertEquals(60, sent.get(sent.size() - 1).command().getInteger("seconds"));
    }

    @Test
    void intervalIsRestoredOnlyWhenTheLastOpenEpisodeCloses() {
        pursuit.on(order, new EpisodeOpened(episode("a", "home", EpisodeKind.APPROACH)));
        pursuit.on(order, new EpisodeOpened(episode("b", "home", EpisodeKind.BREACH)));
        pursuit.on(order, new EpisodeClosed(ended("a", "home", EpisodeKind.APPROACH)));
        assertEquals(1, types("p1").size(), "still in pursuit while the breach is open");
        pursuit.on(order, new EpisodeClosed(ended("b", "home", EpisodeKind.BREACH)));
        assertEquals(2, types("p1").size());
    }

    @Test
    void devicesSwitchedBeforeARestartAreSwitchedBackWhenTheRestoredEpisodeCloses() {
        pursuit.on(order, new EpisodeOpened(episode("e4", "home", EpisodeKind.BREACH)));
        PursuitMode.State saved = pursuit.state("ORD-P");
        sent.clear();

        PursuitMode restarted = new PursuitMode(
                (device, payload) -> sent.add(new Sent(device, new JsonObject(payload))),
                device -> OptionalDouble.of(15.0)); // reporting fast now, thanks to the switch before the restart
        restarted.restore("ORD-P", saved);
        restarted.on(order, new EpisodeClosed(ended("e4", "home", EpisodeKind.BREACH)));
        assertEquals(List.of("set_interval"), types("r1"));
        assertEquals(List.of("set_interval"), types("p1"));
        assertTrue(sent.stream().allMatch(s -> s.command().getInteger("seconds") == 60), sent.toString());
    }

    @Test
    void deviceInPursuitForTwoOrdersGoesBackOnlyWhenNeitherIsInPursuit() {
        OrderDocument second = OrderDocument.parse(new JsonObject("""
                {"id": "ORD-Q", "timeZone": "Asia/Shanghai", "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
                 "parties": [{"role": "respondent", "deviceId": "r2", "language": "zh-CN"}, {"role": "protected", "deviceId": "p1"}],
                 "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.23, "lon": 121.47, "radius": 500}}],
                 "dutyDesk": {"phones": ["+8621000000110"]}}"""));
        pursuit.on(order, new EpisodeOpened(episode("a", "home", EpisodeKind.BREACH)));
        pursuit.on(second, new EpisodeOpened(episode("b", "home", EpisodeKind.BREACH)));
        assertEquals(1, types("p1").size(), "p1 is fast already: " + sent);
        pursuit.on(order, new EpisodeClosed(ended("a", "home", EpisodeKind.BREACH)));
        assertEquals(1, types("p1").size(), "still in pursuit for ORD-Q: " + sent);
        assertEquals(2, types("r1").size());
        pursuit.on(second, new EpisodeClosed(ended("b", "home", EpisodeKind.BREACH)));
        assertEquals(2, types("p1").size());
        assertEquals(60, sent.get(sent.size() - 1).command().getInteger("seconds"));
    }

    @Test
    void aSuspicionSpeedsUpBothDevicesWithoutWarningAndItsClearingSlowsThemDown() {
        assertTrue(pursuit.onSuspicion(order, true));
        assertEquals(List.of("set_interval"), types("r1"), "no warning before an episode opens: " + sent);
        assertEquals(List.of("set_interval"), types("p1"));
        assertEquals(15, sent.get(0).command().getInteger("seconds"));
        assertTrue(!pursuit.onSuspicion(order, true), "nothing changes while the suspicion lasts");
        assertEquals(2, sent.size());
        assertTrue(pursuit.onSuspicion(order, false));
        assertEquals(List.of("set_interval", "set_interval"), types("p1"));
        assertEquals(60, sent.get(sent.size() - 1).command().getInteger("seconds"));
        assertTrue(pursuit.state("ORD-P").openEpisodes().isEmpty());
    }

    @Test
    void anEpisodeConfirmingTheSuspicionKeepsThePursuitUntilItCloses() {
        pursuit.onSuspicion(order, true);
        pursuit.on(order, new EpisodeOpened(episode("b", "home", EpisodeKind.BREACH)));
        pursuit.onSuspicion(order, false);
        assertEquals(1, types("p1").size(), "the breach keeps the devices fast: " + sent);
        pursuit.on(order, new EpisodeClosed(ended("b", "home", EpisodeKind.BREACH)));
        assertEquals(2, types("p1").size());
        assertEquals(60, sent.get(sent.size() - 1).command().getInteger("seconds"));
    }

    @Test
    void aSuspicionIsSavedWithTheOrdersPartAndClearedAfterARestart() {
        pursuit.onSuspicion(order, true);
        PursuitMode.State saved = pursuit.state("ORD-P");
        assertTrue(saved.openEpisodes().contains(PursuitMode.SUSPICION), saved.toString());
        sent.clear();
        PursuitMode restarted = new PursuitMode(
                (device, payload) -> sent.add(new Sent(device, new JsonObject(payload))),
                device -> OptionalDouble.of(15.0));
        restarted.restore("ORD-P", saved);
        assertTrue(restarted.onSuspicion(order, false));
        assertEquals(List.of("set_interval"), types("r1"));
        assertEquals(List.of("set_interval"), types("p1"));
        assertTrue(sent.stream().allMatch(s -> s.command().getInteger("seconds") == 60), sent.toString());
    }
}
