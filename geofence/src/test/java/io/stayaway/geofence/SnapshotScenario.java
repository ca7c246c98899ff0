package io.stayaway.geofence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A deterministic two-hour script over an order with every rule kind (circle and polygon exclusion zones, a corridor,
 * a suspension, a mobile zone, a scheduled inclusion zone) and every kind of input (late, duplicate, implausible and
 * too-old fixes, server times, advanceTo ticks), so that snapshots taken along it hold every kind of engine state.
 * Positions use only + - * / on literals, so the pings are bit-identical on every platform. Public for the snapshot
 * tests of the impl package. Stateless, test-only.
 */
public final class SnapshotScenario {
    static final Instant T0 = Instant.parse("2026-11-27T13:20:00Z");
    private static final double METRES_PER_DEGREE_LAT = 110_900.0;
    /** Metres per degree of longitude at Ground.LAT, as a literal (no trigonometry). */
    private static final double METRES_PER_DEGREE_LON = 95_280.0;

    private static final GeometryFactory LON_LAT = new GeometryFactory();

    /** One input to the evaluator: a ping (evaluated with a server time when {@code server} is set) or an advanceTo tick. */
    public record Action(Ping ping, Instant server, Instant advanceTo) {
        /** Plays the action on an evaluator; adds its result (an Evaluation, or the list of events of a tick) to {@code out}. */
        public void applyTo(OrderEvaluator evaluator, List<Object> out) {
            if (advanceTo != null) {
                out.add(evaluator.advanceTo(advanceTo));
            } else if (server != null) {
                out.add(evaluator.evaluate(ping, server));
            } else {
                out.add(evaluator.evaluate(ping));
            }
        }
    }

    private SnapshotScenario() {}

    public static EvaluatorSettings settings() {
        EvaluatorSettings d = EvaluatorSettings.defaults();
        // The open rule and APPROACH support of the engine that wrote the saved snapshots (before issue #18's
        // pursuit on suspicion): a snapshot must continue exactly under the settings it was written with.
        return new EvaluatorSettings(
                d.minimumUncertaintyMetres(),
                d.confirmFixes(),
                Duration.ofSeconds(20),
                d.clearMarginMetres(),
                d.closeFixes(),
                d.closeDwell(),
                d.maxSpeedMetresPerSecond(),
                d.counterpartSpeedMetresPerSecond(),
                d.counterpartStaleness(),
                d.crossingMaxGap(),
                d.crossingMarginMetres(),
                d.updateStepMetres(),
                8,
                Duration.ofMinutes(10),
                40,
                d.maxAccelerationMetresPerSecondSquared(),
                d.coarseFixMetres(),
                d.coarseRunSettle(),
                d.coarseFixTopSpeedMetresPerSecond(),
                d.coarsePhantomMemory(),
                d.coarsePhantomSettle(),
                0,
                d.networkFixesSupportApproach());
    }

    public static Order order() {
        Geometry work = rectangle(1500, -300, 2100, 300);
        Geometry corridor = rectangle(1400, -40, 2200, 40);
        WeeklySchedule nights = new WeeklySchedule(List.of(
                new WeeklySchedule.Window(EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 0), LocalTime.of(6, 0))));
        List<Zone> zones = List.of(
                new ExclusionZone("home", new Circle(Ground.LAT, Ground.LON, 300), null),
                new MobileExclusionZone("person", Orders.PROTECTED, 200, 600),
                new ExclusionZone("work", new Polygonal(work), 150.0),
                new InclusionZone("residence", new Circle(lat(0), lon(-2000), 250), nights));
        List<Suspension> suspensions =
                List.of(new Suspension("work", T0.plusSeconds(75 * 60), T0.plusSeconds(80 * 60)));
        return Orders.with(zones, suspensions, List.of(new Corridor("work", corridor)));
    }

    /** The script: the respondent's route with its perturbations, the protected person's pings, and ticks, in arrival order. */
    public static List<Action> actions() {
        Random random = new Random(20261130);
        List<Ping> respondent = respondentRoute(random);
        List<Ping> person = personPings(random);
        List<Action> actions = new ArrayList<>();
        List<Ping> delayed = new ArrayList<>();
        int p = 0;
        Instant lastTick = T0;
        for (int i = 0; i < respondent.size(); i++) {
            Ping r = respondent.get(i);
            while (p < person.size() && !person.get(p).time().isAfter(r.time())) {
                actions.add(new Action(person.get(p), person.get(p).time().plusSeconds(2), null));
                p++;
            }
            if (r.time().isAfter(lastTick.plusSeconds(30))) {
                lastTick = r.time().minusSeconds(1);
                actions.add(new Action(null, null, lastTick));
            }
            double roll = random.nextDouble();
            if (roll < 0.06 && i + 1 < respondent.size()) {
                delayed.add(r);
                continue;
            }
            Instant server = random.nextBoolean() ? r.time().plusSeconds(1 + random.nextInt(4)) : null;
            actions.add(new Action(r, server, null));
            if (roll > 0.97) {
                actions.add(new Action(r, null, null));
            }
            if (!delayed.isEmpty() && random.nextDouble() < 0.5) {
                actions.add(new Action(delayed.remove(0), null, null));
            }
            if (i == 250) {
                actions.add(new Action(
                        new Ping(Orders.RESPONDENT, 100_000, T0.plusSeconds(60), lat(0), lon(0), 10), null, null));
            }
        }
        for (Ping d : delayed) {
            actions.add(new Action(d, null, null));
        }
        return actions;
    }

    private static List<Ping> respondentRoute(Random random) {
        double[][] legs = {
            // east, north, seconds per fix, fixes: approach home, dwell inside, then out north towards the person
            {0, -1500, 20, 1},
            {0, -150, 20, 12},
            {30, -80, 25, 10},
            {0, 700, 20, 20},
            // close to the protected person, then away east
            {0, 1080, 20, 10},
            {50, 1100, 30, 8},
            {1000, 150, 20, 25},
            // straight through work outside the corridor, two fixes across it, then on east
            {1300, 150, 20, 3},
            {2400, 150, 40, 1},
            {2700, 150, 20, 4},
            // back along the corridor, then a dwell inside work (during the suspension for part of it)
            {1300, 0, 20, 20},
            {1800, 200, 20, 10},
            {1800, 200, 30, 25},
            // west to the residence before the curfew window, then wander out of it
            {-1950, 0, 20, 60},
            {-1950, 20, 40, 40},
            {-2600, 0, 20, 12},
            {-2600, 0, 40, 15},
            {-2000, 0, 30, 15}
        };
        List<Ping> pings = new ArrayList<>();
        double east = legs[0][0];
        double north = legs[0][1];
        Instant t = T0;
        long seq = 1;
        for (double[] leg : legs) {
            int fixes = (int) leg[3];
            double stepEast = (leg[0] - east) / fixes;
            double stepNorth = (leg[1] - north) / fixes;
            for (int i = 0; i < fixes; i++) {
                east += stepEast;
                north += stepNorth;
                double accuracy = 6 + random.nextInt(15);
                double noiseEast = (random.nextDouble() - 0.5) * accuracy;
                double noiseNorth = (random.nextDouble() - 0.5) * accuracy;
                boolean jump = random.nextDouble() < 0.02;
                double e = jump ? east + 4000 : east + noiseEast;
                pings.add(new Ping(Orders.RESPONDENT, seq++, t, lat(north + noiseNorth), lon(e), accuracy));
                t = t.plusSeconds((long) leg[2] + random.nextInt(5));
            }
        }
        return pings;
    }

    /** The protected person stays near (0, 1200), one fix a minute, silent for ten minutes in the middle. */
    private static List<Ping> personPings(Random random) {
        List<Ping> pings = new ArrayList<>();
        long seq = 1;
        for (Instant t = T0.plusSeconds(30); t.isBefore(T0.plusSeconds(3 * 3600)); t = t.plusSeconds(60)) {
            boolean silent = t.isAfter(T0.plusSeconds(40 * 60)) && t.isBefore(T0.plusSeconds(50 * 60));
            if (!silent) {
                pings.add(new Ping(
                        Orders.PROTECTED, seq++, t, lat(1200 + random.nextInt(20)), lon(random.nextInt(20)), 8));
            }
        }
        return pings;
    }

    private static double lat(double north) {
        return Ground.LAT + north / METRES_PER_DEGREE_LAT;
    }

    private static double lon(double east) {
        return Ground.LON + east / METRES_PER_DEGREE_LON;
    }

    private static Geometry rectangle(double west, double south, double east, double north) {
        return LON_LAT.createPolygon(new Coordinate[] {
            new Coordinate(lon(west), lat(south)),
            new Coordinate(lon(east), lat(south)),
            new Coordinate(lon(east), lat(north)),
            new Coordinate(lon(west), lat(north)),
            new Coordinate(lon(west), lat(south))
        });
    }
}
