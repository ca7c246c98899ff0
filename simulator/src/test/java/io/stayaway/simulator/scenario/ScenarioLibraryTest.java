package io.stayaway.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stayaway.simulator.device.DeviceScript;
import io.stayaway.simulator.device.Party;
import io.stayaway.simulator.device.Uplink;
import io.stayaway.simulator.device.UplinkKind;
import io.stayaway.simulator.expect.AlertType;
import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.geo.LocalFrame;
import io.stayaway.simulator.geo.LocalPoint;
import io.stayaway.simulator.motion.Route;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioLibraryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = 1_764_244_800_000L;

    static List<String> shipped() {
        return ScenarioLibrary.names();
    }

    @Test
    void indexListsExactlyTheYamlFilesShipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/scenarios"))) {
            List<String> onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
            assertEquals(onDisk, ScenarioLibrary.names().stream().sorted().toList());
        }
    }

    @Test
    void libraryCoversTheSituationsTheIssueAsksFor() {
        assertTrue(ScenarioLibrary.names()
                .containsAll(List.of(
                        "approach-and-breach",
                        "drive-past",
                        "home-80m-outside",
                        "meeting-in-the-city",
                        "protected-goes-silent",
                        "offline-late-burst",
                        "strap-tamper",
                        "battery-runs-down",
                        "victim-panic")));
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void everyShippedScenarioParsesAndPlaysInVirtualTime(String name) {
        Scenario scenario = ScenarioLibrary.load(name);
        assertEquals(name, scenario.name());
        assertFalse(scenario.expect().isEmpty(), name + " has no expectations");
        assertTrue(scenario.devices().stream().anyMatch(d -> d.party() == Party.RESPONDENT));
        List<Uplink> sent = ScenarioPlayer.simulate(scenario, scenario.seed(), START, 0);
        assertTrue(sent.stream().anyMatch(u -> u.kind() == UplinkKind.PING), name + " sends no pings");
        assertTrue(sent.stream().allMatch(u -> u.offsetMillis() <= scenario.duration() * 1000));
    }

    @Test
    void approachAndBreachIsShortWithFrequentPingsAndEndsWithALongDwellDeepInside() {
        Scenario scenario = ScenarioLibrary.load("approach-and-breach");
        assertTrue(scenario.duration() <= 60);
        DeviceScript respondent = respondent(scenario);
        assertTrue(respondent.interval() >= 2 && respondent.interval() <= 5);
        Route route = respondent.route(scenario.frame());
        LocalPoint home = zoneCentre(scenario, "home");
        double firstDwellSecond = scenario.duration() - 45;
        for (double t = firstDwellSecond; t <= scenario.duration(); t += 1) {
            assertFalse(route.at(t).moving(), "still moving at second " + t);
            assertTrue(route.at(t).position().distanceTo(home) < 500 - 150, "not deep inside at second " + t);
        }
        assertTrue(route.at(0).position().distanceTo(home) > 500, "should start outside the zone");
    }

    @Test
    void drivePastPutsNoFixInsideTheSchoolZoneButTwoFixesStraddleIt() throws IOException {
        Scenario scenario = ScenarioLibrary.load("drive-past");
        LocalFrame frame = scenario.frame();
        LocalPoint school = zoneCentre(scenario, "school");
        List<LocalPoint> fixes =
                respondentPings(scenario).stream().map(frame::toLocal).toList();
        assertTrue(fixes.stream().allMatch(p -> p.distanceTo(school) > 150 + 5), "a fix landed inside the zone");
        boolean straddles = false;
        for (int i = 1; i < fixes.size(); i++) {
            straddles |= fixes.get(i - 1).east() < -150 && fixes.get(i).east() > 150;
        }
        assertTrue(straddles, "no pair of consecutive fixes straddles the zone");
    }

    @Test
    void homeEightyMetresOutsideStaysOutsideExceptForNoise() throws IOException {
        Scenario scenario = ScenarioLibrary.load("home-80m-outside");
        assertTrue(scenario.maxSpeed() >= 60);
        LocalPoint home = zoneCentre(scenario, "home");
        List<LocalPoint> fixes = respondentPings(scenario).stream()
                .map(scenario.frame()::toLocal)
                .toList();
        assertTrue(fixes.size() >= 140, "an hour of fixes expected, got " + fixes.size());
        assertTrue(fixes.stream().anyMatch(p -> p.distanceTo(home) < 500), "the scripted jump should land inside");
        long inside = fixes.stream().filter(p -> p.distanceTo(home) < 500).count();
        assertTrue(inside <= 5, "noise, not a breach: " + inside + " fixes inside");
    }

    @Test
    void offlineLateBurstUploadsTheBreachAsOneArrayAfterALiveFix() throws IOException {
        Scenario scenario = ScenarioLibrary.load("offline-late-burst");
        List<Uplink> sent = ScenarioPlayer.simulate(scenario, scenario.seed(), START, 0).stream()
                .filter(u -> u.deviceId().equals(respondent(scenario).id()))
                .toList();
        int burst = indexOfKind(sent, UplinkKind.PING_BATCH);
        assertTrue(burst > 0, "no store-and-forward burst");
        assertEquals(UplinkKind.PING, sent.get(burst - 1).kind(), "a live fix should precede the burst");
        assertEquals(200_000, sent.get(burst).offsetMillis());
        JsonNode pings = JSON.readTree(sent.get(burst).payload());
        LocalPoint home = zoneCentre(scenario, "home");
        boolean breachInside = false;
        for (JsonNode ping : pings) {
            LocalPoint p = scenario.frame()
                    .toLocal(new GeoPoint(
                            ping.get("lat").asDouble(), ping.get("lon").asDouble()));
            breachInside |= p.distanceTo(home) < 400;
            assertTrue(ping.get("ts").asLong() < START + 200_000, "buffered ping keeps its original time");
        }
        assertTrue(breachInside, "the burst should contain fixes deep inside the zone");
    }

    @Test
    void uniqueSuffixRenamesOrdersDevicesAndTheirReferencesInsideOrderBodies() {
        Scenario scenario = ScenarioLibrary.load("meeting-in-the-city").withSuffix("-x1");
        assertEquals(List.of("ORD-SIM-MEETING-x1"), scenario.orderIds());
        assertTrue(scenario.devices().stream()
                .allMatch(d -> d.id().endsWith("-x1") && d.order().equals("ORD-SIM-MEETING-x1")));
        String body = scenario.orders().get(0).toString();
        assertTrue(body.contains("\"sim-prot-meeting-x1\"") && body.contains("\"sim-resp-meeting-x1\""), body);
        assertFalse(body.contains("\"sim-prot-meeting\""), body);
    }

    @Test
    void ordersWithoutAValidityWindowAreMadeValidAroundNow() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        JsonNode order =
                ScenarioLibrary.load("strap-tamper").ordersToSubmit(now).get(0);
        assertEquals("2026-11-26T12:00:00Z", order.get("validFrom").asText());
        assertEquals("2026-12-27T12:00:00Z", order.get("validUntil").asText());
    }

    @Test
    void unknownKeysAreRejectedSoATypoCannotDropPartOfATest() {
        String yaml = """
                name: typo
                duration: 10
                origin: {lat: 31.2, lon: 121.4}
                orders: [{id: O1, parties: [{role: respondent, deviceId: d1}]}]
                devices:
                  - {id: d1, party: respondent, route: [{east: 0, north: 0}]}
                expect:
                  must: [{type: BREACH, withn: 10}]
                """;
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> ScenarioLibrary.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "typo"));
        assertTrue(error.getMessage().contains("withn"), error.getMessage());
    }

    @Test
    void aDeviceThatIsNotAPartyOfItsOrderIsRejected() {
        String yaml = """
                name: stranger
                duration: 10
                origin: {lat: 31.2, lon: 121.4}
                orders: [{id: O1, parties: [{role: respondent, deviceId: d1}]}]
                devices:
                  - {id: d2, party: respondent, route: [{east: 0, north: 0}]}
                expect:
                  must: [{type: BREACH}]
                """;
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> ScenarioLibrary.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "x"));
        assertTrue(error.getMessage().contains("not a party"), error.getMessage());
    }

    @Test
    void expectationsNameKnownAlertTypes() {
        for (String name : ScenarioLibrary.names()) {
            Scenario scenario = ScenarioLibrary.load(name);
            Stream.concat(scenario.expect().must().stream(), scenario.expect().mustNot().stream())
                    .forEach(e -> assertTrue(List.of(AlertType.values()).contains(e.type())));
        }
    }

    private static DeviceScript respondent(Scenario scenario) {
        return scenario.devices().stream()
                .filter(d -> d.party() == Party.RESPONDENT)
                .findFirst()
                .orElseThrow();
    }

    private static LocalPoint zoneCentre(Scenario scenario, String zoneId) {
        for (JsonNode zone : scenario.orders().get(0).get("zones")) {
            if (zone.get("id").asText().equals(zoneId)) {
                JsonNode circle = zone.get("circle");
                return scenario.frame()
                        .toLocal(new GeoPoint(
                                circle.get("lat").asDouble(), circle.get("lon").asDouble()));
            }
        }
        throw new AssertionError("no zone " + zoneId);
    }

    private static List<GeoPoint> respondentPings(Scenario scenario) throws IOException {
        String id = respondent(scenario).id();
        List<GeoPoint> points = new java.util.ArrayList<>();
        for (Uplink uplink : ScenarioPlayer.simulate(scenario, scenario.seed(), START, 0)) {
            if (uplink.deviceId().equals(id) && uplink.kind() == UplinkKind.PING) {
                JsonNode ping = JSON.readTree(uplink.payload());
                points.add(
                        new GeoPoint(ping.get("lat").asDouble(), ping.get("lon").asDouble()));
            }
        }
        return points;
    }

    private static int indexOfKind(List<Uplink> sent, UplinkKind kind) {
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }
}
