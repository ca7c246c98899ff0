package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CROSSING inference: genuine drive-throughs open one, multipath outliers none (simulator scenario library). */
@AddLifecycleHook(PropertySeed.class)
class CrossingTest {
    private static final Instant T0 = Instant.parse("2026-11-27T13:00:00Z");
    private static final double HOME_BEARING = 30;
    private static final double HOME_FROM_CENTRE = 580;

    /**
     * The respondent sits at home, 80 m outside the 500 m circle, for an hour with urban noise (accuracy
     * 10-25 m, correlated drift) and a fix every 30-60 s; fix {@code outlierIndex} is a multipath jump to
     * {@code outlierFromCentre} metres from the centre on {@code outlierBearing}, reporting 8 m accuracy.
     */
    static List<Ping> homeWithOneMultipathFix(
            long seed, int outlierIndex, double outlierFromCentre, double outlierBearing) {
        Random random = new Random(seed);
        double[] home = Ground.offset(Ground.LAT, Ground.LON, HOME_BEARING, HOME_FROM_CENTRE);
        double north = 0;
        double east = 0;
        double phi = 0.8;
        List<Ping> pings = new ArrayList<>();
        Instant t = T0;
        for (int i = 0; t.isBefore(T0.plusSeconds(3600)); i++) {
            double accuracy = 10 + random.nextDouble() * 15;
            double sigma = accuracy / 2;
            north = phi * north + Math.sqrt(1 - phi * phi) * sigma * random.nextGaussian();
            east = phi * east + Math.sqrt(1 - phi * phi) * sigma * random.nextGaussian();
            if (i == outlierIndex) {
                double[] o = Ground.offset(Ground.LAT, Ground.LON, outlierBearing, outlierFromCentre);
                pings.add(new Ping(Orders.RESPONDENT, i, t, o[0], o[1], 8));
            } else {
                double[] p = Ground.offset(
                        home[0], home[1], Math.toDegrees(Math.atan2(east, north)), Math.hypot(north, east));
                pings.add(new Ping(Orders.RESPONDENT, i, t, p[0], p[1], accuracy));
            }
            t = t.plusSeconds(30 + random.nextInt(31));
        }
        return pings;
    }

    private static int breachKinds(Run run) {
        return run.opened(EpisodeKind.BREACH).size()
                + run.opened(EpisodeKind.CROSSING).size();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void multipathFixSixtyMetresInsideFromHomeOpensNoEpisodeOfAnyBreachKind(long seed) {
        List<Ping> pings = homeWithOneMultipathFix(seed, 45, HOME_FROM_CENTRE - 140, HOME_BEARING);

        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);

        assertEquals(
                Classification.BREACH_CONFIRMED,
                run.evaluations.get(45).assessments().get(0).classification(),
                "the outlier itself");
        assertEquals(0, breachKinds(run), "" + run.opened());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void multipathFixOnTheFarSideOfTheZoneOpensNoCrossing(long seed) {
        List<Ping> pings = homeWithOneMultipathFix(seed, 45, 600, HOME_BEARING + 180);

        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);

        assertEquals(0, breachKinds(run), "" + run.opened());
    }

    @Property(tries = 150)
    void oneOutlyingFixAnywhereNeverOpensABreachOrCrossing(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 60) int outlierIndex,
            @ForAll @DoubleRange(min = 0, max = 700) double outlierFromCentre,
            @ForAll @DoubleRange(min = 0, max = 360) double outlierBearing) {
        List<Ping> pings = homeWithOneMultipathFix(seed, outlierIndex, outlierFromCentre, outlierBearing);

        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);

        assertEquals(0, breachKinds(run), "" + run.opened());
    }

    /**
     * The case the property above found (jqwik seed -5374439905419685044, shrunk): fix 31 is an outlier 63 m outside the
     * zone, 72 degrees round from home. The straight track from it to the next fix, at home, passes 39 m into the zone,
     * and every later fix at home lies on the "far side" of that track, so the outlier alone would be a crossing's entry.
     * The fix before it, at home too, gives it away: from there to the exit the track does not enter the zone.
     */
    @Test
    void outlierAsTheEntryOfATrackBackHomeOpensNoCrossing() {
        List<Ping> pings = homeWithOneMultipathFix(73, 31, 563.11, 101.54);

        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);

        assertEquals(0, breachKinds(run), "" + run.opened());
    }

    @Test
    void carDrivingPastASmallZoneBetweenFixesOpensOneCrossingConfirmedByTheNextFix() {
        Order school =
                Orders.withZones(List.of(new ExclusionZone("school", new Circle(Ground.LAT, Ground.LON, 150), null)));
        List<Ping> pings = Walk.respondent(T0).line(-1155, 1485, 90, 9, 10, 15).pings();

        Run run = Run.of(OrderEvaluator.create(school, EvaluatorSettings.defaults()), pings);

        assertEquals(1, run.opened(EpisodeKind.CROSSING).size());
        assertEquals(1, run.closed(EpisodeKind.CROSSING).size());
        assertEquals(0, run.opened(EpisodeKind.BREACH).size());
        assertEquals(5, run.pingThatOpened(EpisodeKind.CROSSING), "one fix after the exit at +165 m");
        Episode crossing = run.closed(EpisodeKind.CROSSING).get(0);
        assertEquals(pings.get(3).time(), crossing.start(), "entry fix at -165 m");
        assertEquals(pings.get(4).time(), crossing.end(), "exit fix at +165 m");
        assertTrue(crossing.maxPenetrationMetres() > 140, "" + crossing.maxPenetrationMetres());
        assertTrue(crossing.explanation().contains("confirmed by the next fix"), crossing.explanation());
    }

    @Test
    void carThatStopsRightAfterTheZoneStillOpensOneCrossing() {
        Order school =
                Orders.withZones(List.of(new ExclusionZone("school", new Circle(Ground.LAT, Ground.LON, 150), null)));
        List<Ping> pings = Walk.respondent(T0)
                .line(-825, 165, 90, 4, 10, 15)
                .line(180, 180, 90, 4, 10, 15)
                .pings();

        Run run = Run.of(OrderEvaluator.create(school, EvaluatorSettings.defaults()), pings);

        assertEquals(1, run.opened(EpisodeKind.CROSSING).size());
    }

    @ParameterizedTest(name = "first fix inside at {0} m")
    @ValueSource(doubles = {-200, -100, 0, 100, 200})
    void drivingStraightThroughAt25MetresPerSecondWith30SecondFixesOpensOneCrossing(double inside) {
        Walk walk = Walk.respondent(T0);
        for (int i = -4; i <= 4; i++) {
            double along = inside + i * 750;
            walk.at(Math.abs(along), along < 0 ? 270 : 90, 10, 30);
        }
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());

        assertEquals(1, run.opened(EpisodeKind.CROSSING).size());
        assertEquals(0, run.opened(EpisodeKind.BREACH).size());
    }

    @Test
    void outlierThenSilenceThenHomeOpensNothingWhereasACrossingConfirmedAfterAGapStillOpens() {
        Walk walk = Walk.respondent(T0)
                .line(600, 600, 270, 5, 10, 30)
                .at(600, 90, 8, 30)
                .pause(300)
                .line(600, 600, 270, 3, 10, 30);
        Run outlier = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());
        assertEquals(0, breachKinds(outlier));

        Walk gone = Walk.respondent(T0)
                .line(1500, 600, 270, 4, 10, 30)
                .at(600, 90, 8, 30)
                .pause(300)
                .line(900, 1500, 90, 3, 10, 30);
        Run crossing = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), gone.pings());
        assertEquals(1, crossing.opened(EpisodeKind.CROSSING).size());
    }

    @Property(tries = 200)
    void straightDriveThroughTheZoneOpensExactlyOneBreachOrCrossing(
            @ForAll @DoubleRange(min = 15, max = 35) double speed,
            @ForAll @IntRange(min = 15, max = 60) int interval,
            @ForAll @DoubleRange(min = 0, max = 1) double phase,
            @ForAll @DoubleRange(min = -300, max = 300) double lateral) {
        List<Ping> pings = straightDrive(speed, interval, phase, lateral);

        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);

        assertEquals(1, breachKinds(run), "" + run.opened());
    }

    /**
     * A case the property above found (jqwik seed -7569272835438116087, shrunk) against a first version of the entry
     * check, which wanted a fix before every entry: the drive's first fix, 2,500 m west, is the entry, the next lands
     * 9.8 m from the edge (possibly inside, so on the path) and the one after 980 m east. Nothing precedes the entry
     * to corroborate it, and the crossing must open all the same.
     */
    @Test
    void driveWhoseFirstFixIsTheEntryOpensOneCrossing() {
        List<Ping> pings = straightDrive(33.17, 60, 0, 0);

        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);

        assertEquals(1, run.opened(EpisodeKind.CROSSING).size(), "" + run.opened());
    }

    /** A drive due east at {@code speed} m/s, {@code lateral} metres north of the centre, from 2,500 m west to beyond 2,500 m east. */
    private static List<Ping> straightDrive(double speed, int interval, double phase, double lateral) {
        double step = speed * interval;
        double[] axis = Ground.offset(Ground.LAT, Ground.LON, 0, Math.abs(lateral));
        if (lateral < 0) {
            axis = Ground.offset(Ground.LAT, Ground.LON, 180, -lateral);
        }
        List<Ping> pings = new ArrayList<>();
        int i = 0;
        for (double x = -2500 - phase * step; x < 2500 + 3 * step; x += step, i++) {
            double[] p = Ground.offset(axis[0], axis[1], x < 0 ? 270 : 90, Math.abs(x));
            pings.add(new Ping(Orders.RESPONDENT, i, T0.plusSeconds((long) interval * i), p[0], p[1], 10));
        }
        return pings;
    }
}
