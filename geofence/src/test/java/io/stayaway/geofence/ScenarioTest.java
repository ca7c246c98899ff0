package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole tracks through the evaluator: the false-alarm and missed-alarm cases the issue names. */
class ScenarioTest {
    private static final Instant T0 = Instant.parse("2026-11-27T13:00:00Z");

    /** A track whose true positions stay {@code outsideMetres} outside the 500 m circle, with Gaussian GPS noise. */
    private static List<Ping> noisyTrackAlongTheEdge(long seed, double outsideMetres, double accuracy, int fixes) {
        Random random = new Random(seed);
        List<Ping> pings = new ArrayList<>();
        double sigma = accuracy / 1.5;
        for (int i = 0; i < fixes; i++) {
            double bearing = i * 0.05;
            double[] truth = Ground.offset(Ground.LAT, Ground.LON, bearing, 500 + outsideMetres);
            double[] noisy = Ground.offset(
                    truth[0],
                    truth[1],
                    random.nextDouble() * 360,
                    Math.abs(random.nextGaussian()) * sigma * Math.sqrt(2));
            pings.add(new Ping(Orders.RESPONDENT, i, T0.plusSeconds(5L * i), noisy[0], noisy[1], accuracy));
        }
        return pings;
    }

    @ParameterizedTest(name = "{0} m outside, accuracy {1} m")
    @CsvSource({"15, 10", "25, 10", "40, 20", "60, 30"})
    void noisyTrackHuggingTheEdgeFromOutsideOpensNoBreachOrCrossing(double outsideMetres, double accuracy) {
        for (long seed = 1; seed <= 10; seed++) {
            OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
            Run run = Run.of(evaluator, noisyTrackAlongTheEdge(seed, outsideMetres, accuracy, 720));
            assertEquals(0, run.opened(EpisodeKind.BREACH).size(), "seed " + seed);
            assertEquals(0, run.opened(EpisodeKind.CROSSING).size(), "seed " + seed);
            assertEquals(
                    1,
                    run.opened(EpisodeKind.APPROACH).size(),
                    "one warning for lingering in the band, not one per fix");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void noisyCrossAndDwellOpensExactlyOneBreachWithinTheDwell(long seed) {
        Random random = new Random(seed);
        List<Ping> pings = new ArrayList<>();
        List<Double> truthDistance = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double d = Math.max(250, 1500 - 7.5 * i);
            double[] truth = Ground.offset(Ground.LAT, Ground.LON, 45, d);
            double[] noisy =
                    Ground.offset(truth[0], truth[1], random.nextDouble() * 360, Math.abs(random.nextGaussian()) * 8);
            pings.add(new Ping(Orders.RESPONDENT, i, T0.plusSeconds(5L * i), noisy[0], noisy[1], 12));
            truthDistance.add(d);
        }
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);

        assertEquals(1, run.opened(EpisodeKind.BREACH).size());
        assertEquals(0, run.opened(EpisodeKind.CROSSING).size());
        int firstTrulyDeep = 0;
        while (truthDistance.get(firstTrulyDeep) > 500 - 2 * 12 - 3 * 8) {
            firstTrulyDeep++;
        }
        Instant opened = pings.get(run.pingThatOpened(EpisodeKind.BREACH)).time();
        Duration lag = Duration.between(pings.get(firstTrulyDeep).time(), opened);
        assertTrue(
                lag.compareTo(EvaluatorSettings.defaults().confirmSpan()) <= 0,
                "opened " + lag + " after being clearly inside");
    }

    @ParameterizedTest(name = "{0} m/s, a fix every {1} s")
    @CsvSource({"30, 40", "60, 30", "25, 60"})
    void fastRespondentCrossingBetweenFixesOpensOneCrossing(double speed, long interval) {
        Walk walk = Walk.respondent(T0);
        double start = -3 * speed * interval - speed * interval / 2.0;
        for (int i = 0; i < 8; i++) {
            double along = start + i * speed * interval;
            walk.at(Math.abs(along), along < 0 ? 270 : 90, 10, interval);
        }
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());

        assertEquals(1, run.opened(EpisodeKind.CROSSING).size());
        assertEquals(1, run.closed(EpisodeKind.CROSSING).size());
        assertEquals(0, run.opened(EpisodeKind.BREACH).size());
        Episode crossing = run.opened(EpisodeKind.CROSSING).get(0);
        assertTrue(
                crossing.maxPenetrationMetres() > 400,
                "the straight track passes near the centre: " + crossing.maxPenetrationMetres());
        assertTrue(crossing.explanation().contains("CROSSING"), crossing.explanation());
    }

    @org.junit.jupiter.api.Test
    void driveThroughWithOneFixInsideOpensOneCrossing() {
        Walk walk = Walk.respondent(T0)
                .at(1300, 270, 10, 25)
                .at(700, 270, 10, 25)
                .at(100, 270, 10, 25)
                .at(500 + 100, 90, 10, 25)
                .at(1100, 90, 10, 25)
                .at(1700, 90, 10, 25);
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());

        assertEquals(1, run.opened(EpisodeKind.CROSSING).size());
        assertEquals(0, run.opened(EpisodeKind.BREACH).size());
    }

    @org.junit.jupiter.api.Test
    void implausibleJumpIntoTheZoneIsFlaggedAndOpensNothing() {
        Walk walk = Walk.respondent(T0)
                .line(3000, 3000, 0, 5, 8, 10)
                .at(100, 0, 8, 10)
                .line(3000, 3000, 0, 5, 8, 10);
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());

        assertTrue(run.evaluations.get(5).flags().contains(PingFlag.IMPLAUSIBLE_JUMP));
        assertEquals(
                Classification.BREACH_CONFIRMED,
                run.evaluations.get(5).assessments().get(0).classification(),
                "kept and assessed");
        assertTrue(run.evaluations.get(5).assessments().get(0).reason().contains("implausible"));
        assertFalse(run.evaluations.get(6).flags().contains(PingFlag.IMPLAUSIBLE_JUMP));
        assertEquals(0, run.opened().size());
    }

    @org.junit.jupiter.api.Test
    void implausibleFixesInsideNeverOpenAnEpisodeEvenWhenRepeatedAlternately() {
        Walk walk = Walk.respondent(T0);
        for (int i = 0; i < 10; i++) {
            walk.at(3000, 0, 8, 5).at(100, 0, 8, 5);
        }
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());
        assertEquals(0, run.opened(EpisodeKind.BREACH).size());
    }

    @org.junit.jupiter.api.Test
    void anOutlierFirstFixDoesNotBlindTheTrackForever() {
        Walk walk = Walk.respondent(T0).at(9000, 0, 8, 5).line(300, 300, 0, 10, 8, 5);
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());

        assertTrue(run.evaluations.get(1).flags().contains(PingFlag.IMPLAUSIBLE_JUMP));
        assertFalse(
                run.evaluations.get(2).flags().contains(PingFlag.IMPLAUSIBLE_JUMP),
                "two consistent fixes re-anchor the track");
        assertEquals(1, run.opened(EpisodeKind.BREACH).size());
    }

    @org.junit.jupiter.api.Test
    void pingsOutsideTheValidityWindowAreFlaggedAndOpenNothing() {
        Walk walk = new Walk(Orders.RESPONDENT, Ground.LAT, Ground.LON, Orders.FROM.minusSeconds(600), 1)
                .line(100, 100, 0, 20, 8, 5);
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());

        assertTrue(run.evaluations.get(0).flags().contains(PingFlag.OUTSIDE_VALIDITY));
        assertEquals(
                Classification.NOT_APPLICABLE,
                run.evaluations.get(0).assessments().get(0).classification());
        assertEquals(0, run.opened().size());
    }

    @org.junit.jupiter.api.Test
    void expiryClosesOpenEpisodes() {
        Instant late = Orders.UNTIL.minusSeconds(300);
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        Run run = Run.of(
                evaluator,
                new Walk(Orders.RESPONDENT, Ground.LAT, Ground.LON, late, 1)
                        .line(100, 100, 0, 10, 8, 5)
                        .pings());
        assertEquals(1, run.opened(EpisodeKind.BREACH).size());

        List<GeofenceEvent> events = evaluator.advanceTo(Orders.UNTIL.plusSeconds(1));

        assertEquals(1, events.size());
        assertEquals(Orders.UNTIL, events.get(0).episode().end());
        assertTrue(events.get(0).episode().explanation().contains("expired"));
    }

    @org.junit.jupiter.api.Test
    void duplicatePingIsFlaggedAndIgnored() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<Ping> pings = Walk.respondent(T0).line(100, 100, 0, 2, 8, 5).pings();
        Run.of(evaluator, pings);

        Evaluation again = evaluator.evaluate(pings.get(1));
        Evaluation older = evaluator.evaluate(pings.get(0));

        assertTrue(again.flags().contains(PingFlag.DUPLICATE));
        assertTrue(older.flags().contains(PingFlag.DUPLICATE));
        assertEquals(0, again.events().size() + older.events().size());
    }

    @org.junit.jupiter.api.Test
    void pingOfADeviceOutsideTheOrderIsRejected() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        Ping stranger = new Ping("someone-else", 1, T0, Ground.LAT, Ground.LON, 5);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> evaluator.evaluate(stranger));
        assertTrue(e.getMessage().contains("someone-else"));
    }
}
