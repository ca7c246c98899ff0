package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Wi-Fi and cell fixes may do (EvaluatorSettings#networkFixesSupportApproach): at one place every such fix repeats
 * the positioning database's error, so they hold a warning but never raise one, while they still count towards a
 * BREACH. The zone is a 300 m circle with a 100 m warning band (300 m to 400 m from the centre).
 */
class NetworkFixSupportTest {
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00Z");
    private static final Order HOME =
            Orders.withZones(List.of(new ExclusionZone("home", new Circle(Ground.LAT, Ground.LON, 300), 100.0)));

    /** An evening at home 430 m out, where his access points place him 340 m out (20 m accuracy), a fix a minute. */
    private static Walk eveningOn(FixSource source) {
        Walk walk = Walk.respondent(T0).by(FixSource.GNSS).at(430, 0, 8, 60).by(source);
        for (int i = 0; i < 10; i++) {
            walk.at(340, 0, 20, 60);
        }
        return walk;
    }

    @Test
    void wifiFixesDeepInTheBandRaiseNoWarning() {
        Run run = Run.of(
                OrderEvaluator.create(HOME, EvaluatorSettings.defaults()),
                eveningOn(FixSource.WIFI).pings());

        assertEquals(List.of(), run.opened(), "ten Wi-Fi fixes at one place are one observation");
    }

    @Test
    void cellFixesRaiseNoWarningEither() {
        Run run = Run.of(
                OrderEvaluator.create(HOME, EvaluatorSettings.defaults()),
                eveningOn(FixSource.CELL).pings());

        assertEquals(List.of(), run.opened());
    }

    @Test
    void theSameFixesFromSatellitesOrWithoutASourceRaiseOneWarning() {
        for (FixSource source : List.of(FixSource.GNSS, FixSource.UNKNOWN)) {
            Run run = Run.of(
                    OrderEvaluator.create(HOME, EvaluatorSettings.defaults()),
                    eveningOn(source).pings());

            assertEquals(1, run.opened(EpisodeKind.APPROACH).size(), source + ": " + run.opened());
        }
    }

    @Test
    void underTheRuleBeforeTheSourceWasKnownWifiFixesRaiseTheWarning() {
        EvaluatorSettings before = EvaluatorSettings.defaults().withNetworkFixesSupportingApproach(true);
        Run run = Run.of(
                OrderEvaluator.create(HOME, before), eveningOn(FixSource.WIFI).pings());

        assertEquals(1, run.opened(EpisodeKind.APPROACH).size(), run.opened().toString());
    }

    @Test
    void wifiFixesInsideTheZoneStillConfirmABreach() {
        Walk walk = Walk.respondent(T0)
                .by(FixSource.GNSS)
                .at(430, 0, 8, 60)
                .at(330, 0, 8, 60)
                .by(FixSource.WIFI);
        for (int i = 0; i < 4; i++) {
            walk.at(120, 0, 30, 60); // at her door, indoors: only Wi-Fi
        }
        Run run = Run.of(OrderEvaluator.create(HOME, EvaluatorSettings.defaults()), walk.pings());

        assertEquals(1, run.opened(EpisodeKind.BREACH).size(), run.opened().toString());
    }

    @Test
    void wifiFixesHoldAWarningThatSatelliteFixesOpened() {
        Walk walk = Walk.respondent(T0).by(FixSource.GNSS).at(450, 0, 8, 60);
        walk.at(360, 0, 8, 60).at(355, 0, 8, 60).at(350, 0, 8, 60).by(FixSource.WIFI);
        for (int i = 0; i < 6; i++) {
            walk.at(345, 0, 20, 60);
        }
        List<GeofenceEvent> events = new ArrayList<>();
        OrderEvaluator evaluator = OrderEvaluator.create(HOME, EvaluatorSettings.defaults());
        for (Ping p : walk.pings()) {
            events.addAll(evaluator.evaluate(p).events());
        }

        assertEquals(1, events.stream().filter(e -> e instanceof EpisodeOpened).count(), events.toString());
        assertEquals(0, events.stream().filter(e -> e instanceof EpisodeClosed).count(), "held open, not closed");
    }

    /**
     * Near the protected person (a 500 m mobile zone, warned from 1,000 m): a respondent whose device reports Wi-Fi
     * fixes 700 m from her, while she stands still, is not warned; the same fixes from satellites warn him. Her fixes are
     * satellite fixes, interleaved as in {@code RuleKindsTest}.
     */
    @Test
    void wifiFixesWithinTheWarningDistanceOfTheProtectedPersonRaiseNoWarning() {
        Order near = Orders.withZones(List.of(new MobileExclusionZone("victim", Orders.PROTECTED, 500, 1000)));
        for (FixSource source : List.of(FixSource.WIFI, FixSource.GNSS)) {
            List<Ping> pings = new ArrayList<>();
            double[] at = Ground.offset(Ground.LAT, Ground.LON, 90, 700);
            for (int i = 0; i < 10; i++) {
                pings.add(new Ping(
                        Orders.PROTECTED, i, T0.plusSeconds(30L * i), Ground.LAT, Ground.LON, 6, FixSource.GNSS));
                pings.add(new Ping(Orders.RESPONDENT, i, T0.plusSeconds(30L * i + 3), at[0], at[1], 20, source));
            }
            Run run = Run.of(OrderEvaluator.create(near, EvaluatorSettings.defaults()), pings);

            assertEquals(
                    source == FixSource.GNSS ? 1 : 0,
                    run.opened(EpisodeKind.APPROACH).size(),
                    source + ": " + run.opened());
        }
    }

    /**
     * A late satellite fix replays the Wi-Fi fixes after it from the evaluator's history: after a restart from a
     * snapshot they must replay as Wi-Fi fixes still, or the replay would count them and open a warning the evaluator
     * that never stopped does not.
     */
    @Test
    void aRestoredEvaluatorReplaysItsWifiFixesAsWifiFixes() {
        List<Ping> evening = eveningOn(FixSource.WIFI).pings();
        Ping late = new Ping(
                Orders.RESPONDENT,
                100,
                T0.plusSeconds(30),
                evening.get(1).lat(),
                evening.get(1).lon(),
                8,
                FixSource.GNSS);
        OrderEvaluator live = OrderEvaluator.create(HOME, EvaluatorSettings.defaults());
        evening.forEach(live::evaluate);
        OrderEvaluator restored = OrderEvaluator.restore(HOME, EvaluatorSettings.defaults(), live.snapshot());

        List<GeofenceEvent> fromLive = live.evaluate(late).events();
        List<GeofenceEvent> fromRestored = restored.evaluate(late).events();

        assertEquals(List.of(), fromLive, "one satellite fix in the band is not a warning");
        assertEquals(fromLive, fromRestored);
    }
}
