package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** Mobile zones, suspensions, corridors, inclusion schedules and late fixes. */
class RuleKindsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T13:00:00Z");
    private static final GeometryFactory LON_LAT = new GeometryFactory();

    private static Order mobileOrder() {
        return Orders.withZones(List.of(new MobileExclusionZone("victim", Orders.PROTECTED, 500, 1000)));
    }

    /** Interleaves respondent pings (approaching from 3 km) with a stationary protected person's pings. */
    private static List<Ping> approachToProtectedPerson(int respondentFixes, double closest) {
        List<Ping> pings = new ArrayList<>();
        for (int i = 0; i < respondentFixes; i++) {
            double d = Math.max(closest, 3000 - 40 * i);
            double[] p = Ground.offset(Ground.LAT, Ground.LON, 90, d);
            pings.add(new Ping(Orders.PROTECTED, i, T0.plusSeconds(10L * i), Ground.LAT, Ground.LON, 6));
            pings.add(new Ping(Orders.RESPONDENT, i, T0.plusSeconds(10L * i + 3), p[0], p[1], 6));
        }
        return pings;
    }

    @Test
    void respondentApproachingTheProtectedPersonOpensOneApproachThenOneProximity() {
        Run run = Run.of(
                OrderEvaluator.create(mobileOrder(), EvaluatorSettings.defaults()), approachToProtectedPerson(90, 200));

        assertEquals(1, run.opened(EpisodeKind.APPROACH).size());
        assertEquals(1, run.opened(EpisodeKind.PROXIMITY).size());
        Episode proximity = run.opened(EpisodeKind.PROXIMITY).get(0);
        assertEquals(Orders.PROTECTED, proximity.counterpartDeviceId());
        assertEquals(Orders.RESPONDENT, proximity.deviceId());
        assertEquals(0, run.opened(EpisodeKind.PROXIMITY_UNKNOWN).size());
    }

    @Test
    void counterpartUncertaintyGrowsWithTheAgeOfItsFix() {
        OrderEvaluator evaluator = OrderEvaluator.create(mobileOrder(), EvaluatorSettings.defaults());
        evaluator.evaluate(new Ping(Orders.PROTECTED, 1, T0, Ground.LAT, Ground.LON, 6));
        double[] p = Ground.offset(Ground.LAT, Ground.LON, 0, 300);

        RuleAssessment fresh = evaluator
                .evaluate(new Ping(Orders.RESPONDENT, 1, T0.plusSeconds(1), p[0], p[1], 6))
                .assessments()
                .get(0);
        RuleAssessment aged = evaluator
                .evaluate(new Ping(Orders.RESPONDENT, 2, T0.plusSeconds(61), p[0], p[1], 6))
                .assessments()
                .get(0);

        assertEquals(6 + 6 + 15 * 1, fresh.uncertaintyMetres(), 1e-9);
        assertEquals(6 + 6 + 15 * 61, aged.uncertaintyMetres(), 1e-9);
        assertEquals(Classification.BREACH_CONFIRMED, fresh.classification());
        assertEquals(Classification.BREACH_POSSIBLE, aged.classification(), aged.reason());
        assertEquals(300 - 500, fresh.distanceMetres(), 0.5);
    }

    @Test
    void staleCounterpartIsUnknownNeverOutsideAndOpensOneProximityUnknownOnTheSecondStaleFix() {
        OrderEvaluator evaluator = OrderEvaluator.create(mobileOrder(), EvaluatorSettings.defaults());
        evaluator.evaluate(new Ping(Orders.PROTECTED, 1, T0, Ground.LAT, Ground.LON, 6));
        double[] far = Ground.offset(Ground.LAT, Ground.LON, 0, 5000);

        Evaluation e = evaluator.evaluate(new Ping(Orders.RESPONDENT, 1, T0.plusSeconds(600), far[0], far[1], 6));
        Evaluation e2 = evaluator.evaluate(new Ping(Orders.RESPONDENT, 2, T0.plusSeconds(610), far[0], far[1], 6));
        Evaluation e3 = evaluator.evaluate(new Ping(Orders.RESPONDENT, 3, T0.plusSeconds(620), far[0], far[1], 6));

        assertEquals(Classification.UNKNOWN, e.assessments().get(0).classification());
        assertTrue(
                e.assessments().get(0).reason().contains("staleness"),
                e.assessments().get(0).reason());
        assertEquals(0, e.events().size(), "debounced: one stale observation does not open");
        assertEquals(1, e2.events().size());
        assertTrue(e2.events().get(0) instanceof EpisodeOpened);
        assertEquals(EpisodeKind.PROXIMITY_UNKNOWN, e2.events().get(0).episode().kind());
        assertEquals(0, e3.events().size(), "one alert per outage, not per ping");

        Evaluation back =
                evaluator.evaluate(new Ping(Orders.PROTECTED, 2, T0.plusSeconds(625), Ground.LAT, Ground.LON, 6));
        assertEquals(0, back.events().size(), "closes only after the close dwell of fresh observations");
        Run after = Run.of(
                evaluator,
                List.of(
                        new Ping(Orders.RESPONDENT, 4, T0.plusSeconds(690), far[0], far[1], 6),
                        new Ping(Orders.PROTECTED, 3, T0.plusSeconds(700), Ground.LAT, Ground.LON, 6),
                        new Ping(Orders.RESPONDENT, 5, T0.plusSeconds(750), far[0], far[1], 6)));
        assertEquals(1, after.closed(EpisodeKind.PROXIMITY_UNKNOWN).size());
        assertEquals(
                T0.plusSeconds(625),
                after.closed(EpisodeKind.PROXIMITY_UNKNOWN).get(0).end(),
                "ends when the counterpart was fresh again");
    }

    @Test
    void advanceToMarksASilentCounterpartUnknownOnTheOrdersClock() {
        OrderEvaluator evaluator = OrderEvaluator.create(mobileOrder(), EvaluatorSettings.defaults());
        evaluator.evaluate(new Ping(Orders.PROTECTED, 7, T0, Ground.LAT, Ground.LON, 6), T0);
        evaluator.evaluate(
                new Ping(Orders.RESPONDENT, 1, T0.plusSeconds(5), Ground.LAT + 0.1, Ground.LON, 6), T0.plusSeconds(5));

        assertEquals(0, evaluator.advanceTo(T0.plusSeconds(60)).size());
        assertEquals(0, evaluator.advanceTo(T0.plusSeconds(121)).size(), "the first stale tick does not open");
        List<GeofenceEvent> events = evaluator.advanceTo(T0.plusSeconds(126));

        assertEquals(1, events.size());
        Episode unknown = events.get(0).episode();
        assertEquals(EpisodeKind.PROXIMITY_UNKNOWN, unknown.kind());
        assertEquals(
                Episode.idFor("ORD-1", "victim", EpisodeKind.PROXIMITY_UNKNOWN, Orders.PROTECTED, 7, T0.toEpochMilli()),
                unknown.id(),
                "named after the silent device's last fix");
        assertEquals(0, evaluator.advanceTo(T0.plusSeconds(180)).size());
    }

    @Test
    void suspensionMakesTheZoneNotApplicableAndClosesAnOpenEpisode() {
        Suspension hearing = new Suspension("home", T0.plusSeconds(120), T0.plusSeconds(3600));
        Order order = Orders.with(
                List.of(new ExclusionZone("home", new Circle(Ground.LAT, Ground.LON, 500), null)),
                List.of(hearing),
                List.of());
        OrderEvaluator evaluator = OrderEvaluator.create(order, EvaluatorSettings.defaults());
        Run inside = Run.of(
                evaluator, Walk.respondent(T0).line(100, 100, 0, 10, 8, 5).pings());
        assertEquals(1, inside.opened(EpisodeKind.BREACH).size());

        List<GeofenceEvent> atStart = evaluator.advanceTo(T0.plusSeconds(120));
        Run during = Run.of(
                evaluator,
                new Walk(Orders.RESPONDENT, Ground.LAT, Ground.LON, T0.plusSeconds(130), 100)
                        .line(100, 100, 0, 30, 8, 5)
                        .pings());

        assertEquals(1, atStart.size());
        assertTrue(atStart.get(0).episode().explanation().contains("suspended"));
        assertEquals(0, during.events.size());
        assertEquals(
                Classification.NOT_APPLICABLE,
                during.evaluations.get(0).assessments().get(0).classification());
    }

    @Test
    void permittedCorridorThroughTheZoneRaisesNothingButLeavingItDoes() {
        Geometry corridor = band(Ground.LAT, Ground.LON, 60, 3000);
        Order order = Orders.with(
                List.of(new ExclusionZone("home", new Circle(Ground.LAT, Ground.LON, 500), 0.0)),
                List.of(),
                List.of(new Corridor("home", corridor)));

        Run along = Run.of(
                OrderEvaluator.create(order, EvaluatorSettings.defaults()),
                Walk.respondent(T0).line(-1500, 1500, 90, 100, 8, 3).pings());
        assertEquals(0, along.opened().size(), "walking the corridor through the zone");
        assertTrue(along.evaluations.stream()
                .anyMatch(e -> e.assessments().get(0).classification() == Classification.NOT_APPLICABLE
                        && e.assessments().get(0).reason().contains("corridor")));

        Run off = Run.of(
                OrderEvaluator.create(order, EvaluatorSettings.defaults()),
                Walk.respondent(T0).line(250, 250, 0, 10, 8, 5).pings());
        assertEquals(1, off.opened(EpisodeKind.BREACH).size(), "250 m north of the corridor is inside the zone");
    }

    /** An east-west band {@code widthMetres} wide and {@code lengthMetres} long centred on (lat, lon). */
    private static Geometry band(double lat, double lon, double widthMetres, double lengthMetres) {
        double[] n = Ground.offset(lat, lon, 0, widthMetres / 2);
        double[] s = Ground.offset(lat, lon, 180, widthMetres / 2);
        double[] e = Ground.offset(lat, lon, 90, lengthMetres / 2);
        double[] w = Ground.offset(lat, lon, 270, lengthMetres / 2);
        return LON_LAT.createPolygon(new Coordinate[] {
            new Coordinate(w[1], s[0]),
            new Coordinate(e[1], s[0]),
            new Coordinate(e[1], n[0]),
            new Coordinate(w[1], n[0]),
            new Coordinate(w[1], s[0])
        });
    }

    @Test
    void curfewAppliesOnlyInsideItsWindowInTheOrdersTimeZoneAcrossMidnight() {
        WeeklySchedule nights = new WeeklySchedule(List.of(
                new WeeklySchedule.Window(EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 0), LocalTime.of(6, 0))));
        Order order = Orders.withZones(
                List.of(new InclusionZone("residence", new Circle(Ground.LAT, Ground.LON, 100), nights)));
        Instant elevenPmShanghai = Instant.parse("2026-11-27T15:00:00Z");
        Instant noonShanghai = Instant.parse("2026-11-27T04:00:00Z");

        Run day = Run.of(
                OrderEvaluator.create(order, EvaluatorSettings.defaults()),
                Walk.respondent(noonShanghai).line(2000, 2000, 0, 20, 8, 10).pings());
        Run night = Run.of(
                OrderEvaluator.create(order, EvaluatorSettings.defaults()),
                Walk.respondent(elevenPmShanghai).line(2000, 2000, 0, 20, 8, 10).pings());
        Run home = Run.of(
                OrderEvaluator.create(order, EvaluatorSettings.defaults()),
                Walk.respondent(elevenPmShanghai).line(20, 20, 0, 20, 8, 10).pings());

        assertEquals(
                Classification.NOT_APPLICABLE,
                day.evaluations.get(0).assessments().get(0).classification());
        assertEquals(0, day.opened().size());
        assertEquals(
                Classification.BREACH_CONFIRMED,
                night.evaluations.get(0).assessments().get(0).classification());
        assertEquals(1, night.opened(EpisodeKind.CURFEW).size());
        assertEquals(0, home.opened().size());
        assertEquals(
                Classification.OUTSIDE,
                home.evaluations.get(0).assessments().get(0).classification());
    }

    @Test
    void lateFixesBufferedDuringAnOutageOpenARetrospectiveBreachFlaggedLate() {
        List<Ping> pings = Walk.respondent(T0)
                .line(2000, 2000, 0, 5, 8, 5)
                .line(1950, 350, 0, 33, 8, 5)
                .line(300, 300, 0, 10, 8, 5)
                .line(350, 2000, 0, 34, 8, 5)
                .line(2000, 2000, 0, 5, 8, 5)
                .pings();
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<Ping> live = new ArrayList<>(pings.subList(0, 20));
        live.addAll(pings.subList(60, pings.size()));
        Run first = Run.of(evaluator, live);
        assertEquals(0, first.opened(EpisodeKind.BREACH).size());

        Run backlog = Run.of(evaluator, pings.subList(20, 60));

        assertTrue(backlog.evaluations.stream().allMatch(e -> e.flags().contains(PingFlag.LATE)));
        List<Episode> opened = backlog.opened(EpisodeKind.BREACH);
        assertEquals(1, opened.size());
        assertTrue(opened.get(0).late());
        assertTrue(
                opened.get(0).explanation().startsWith("late:"), opened.get(0).explanation());
        assertEquals(1, backlog.closed(EpisodeKind.BREACH).size(), "the replay also sees him leave");
    }

    @Test
    void lateFixOlderThanTheReorderHorizonIsEvidenceOnly() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        Run.of(
                evaluator,
                Walk.respondent(T0.plus(Duration.ofHours(2)))
                        .line(2000, 2000, 0, 5, 8, 5)
                        .pings());

        Evaluation old = evaluator.evaluate(new Ping(Orders.RESPONDENT, 0, T0, Ground.LAT, Ground.LON, 8));

        assertTrue(old.flags().containsAll(List.of(PingFlag.LATE, PingFlag.BEYOND_REORDER_HORIZON)));
        assertEquals(Classification.BREACH_CONFIRMED, old.assessments().get(0).classification());
        assertEquals(0, old.events().size());
    }

    @Test
    void everyAssessmentCarriesAReason() {
        Run run = Run.of(
                OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()),
                Walk.respondent(T0).line(5000, 100, 0, 40, 8, 5).pings());
        for (Evaluation e : run.evaluations) {
            for (RuleAssessment a : e.assessments()) {
                assertTrue(!a.reason().isBlank());
            }
        }
        assertNull(run.opened(EpisodeKind.BREACH).get(0).end());
    }
}
