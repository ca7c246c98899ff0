package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreachEpisodeTest {
    private static final Instant T0 = Instant.parse("2026-11-27T13:00:00Z");

    @Test
    void respondentWalkingIntoTheCircleAndStayingOpensExactlyOneBreachWithinTheDefaultDwell() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<Ping> pings = Walk.respondent(T0)
                .line(1500, 200, 90, 27, 8, 5)
                .line(200, 200, 90, 40, 8, 5)
                .pings();

        Run run = Run.of(evaluator, pings);

        List<Episode> breaches = run.opened(EpisodeKind.BREACH);
        assertEquals(1, breaches.size(), "exactly one breach episode");
        Episode breach = breaches.get(0);
        int firstConfirmed = firstConfirmedIndex(run, "home");
        int opener = run.pingThatOpened(EpisodeKind.BREACH);
        Duration delay = Duration.between(
                pings.get(firstConfirmed).time(), pings.get(opener).time());
        assertTrue(
                delay.compareTo(EvaluatorSettings.defaults().confirmSpan()) <= 0,
                "opened " + delay + " after the first confirmed fix");
        assertEquals(pings.get(firstConfirmed).seq(), breach.firstSeq());
        assertEquals(pings.get(firstConfirmed).time(), breach.start());
        assertNull(breach.end());
        Episode latest = run.events.get(run.events.size() - 1).episode();
        assertEquals(breach.id(), latest.id());
        assertTrue(latest.minDistanceMetres() < -280, "inside by more than 280 m: " + latest.minDistanceMetres());
        assertEquals(-latest.minDistanceMetres(), latest.maxPenetrationMetres(), 1e-9);
        assertEquals(Orders.RESPONDENT, breach.deviceId());
        assertFalse(breach.late());
        assertTrue(breach.explanation().contains("BREACH on zone home opened"), breach.explanation());
    }

    @Test
    void approachThroughTheWarningBandOpensOneApproachBeforeTheBreach() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<Ping> pings = Walk.respondent(T0)
                .line(1500, 200, 90, 60, 8, 5)
                .line(200, 200, 90, 20, 8, 5)
                .pings();

        Run run = Run.of(evaluator, pings);

        assertEquals(1, run.opened(EpisodeKind.APPROACH).size());
        assertEquals(1, run.opened(EpisodeKind.BREACH).size());
        assertTrue(run.pingThatOpened(EpisodeKind.APPROACH) < run.pingThatOpened(EpisodeKind.BREACH));
    }

    @Test
    void leavingClearlyForTheCloseDwellClosesTheBreachOnce() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<Ping> pings = Walk.respondent(T0)
                .line(300, 300, 0, 10, 8, 5)
                .line(350, 1000, 0, 14, 8, 5)
                .line(1000, 1000, 0, 30, 8, 5)
                .pings();

        Run run = Run.of(evaluator, pings);

        assertEquals(1, run.opened(EpisodeKind.BREACH).size());
        List<Episode> closed = run.closed(EpisodeKind.BREACH);
        assertEquals(1, closed.size());
        int firstClear = 10 + 4;
        assertTrue(Ground.distance(
                        Ground.LAT,
                        Ground.LON,
                        pings.get(firstClear).lat(),
                        pings.get(firstClear).lon())
                > 500 + 8 + 20);
        assertTrue(Ground.distance(
                        Ground.LAT,
                        Ground.LON,
                        pings.get(firstClear - 1).lat(),
                        pings.get(firstClear - 1).lon())
                < 500 + 8 + 20);
        assertEquals(pings.get(firstClear).time(), closed.get(0).end(), "ends at the first clear fix");
        assertEquals(run.opened(EpisodeKind.BREACH).get(0).id(), closed.get(0).id());
    }

    /**
     * A device that reboots may count its seq from the start again. Its second breach must be a new episode (a new
     * alert), not the first one again: named by seq alone, it would update the first breach's closed alert.
     */
    @Test
    void aDeviceThatRestartsItsSeqOpensANewEpisodeForItsNextBreach() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<Ping> visit = Walk.respondent(T0)
                .line(300, 300, 0, 10, 8, 5)
                .line(350, 1000, 0, 14, 8, 5)
                .line(1000, 1000, 0, 30, 8, 5)
                .pings();
        List<Ping> sameSeqsAnHourLater = visit.stream()
                .map(p -> new Ping(
                        p.deviceId(), p.seq(), p.time().plusSeconds(3600), p.lat(), p.lon(), p.accuracyMetres()))
                .toList();
        List<Ping> both = new java.util.ArrayList<>(visit);
        both.addAll(sameSeqsAnHourLater);

        Run run = Run.of(evaluator, both);

        List<Episode> opened = run.opened(EpisodeKind.BREACH);
        assertEquals(2, opened.size());
        assertEquals(opened.get(0).firstSeq(), opened.get(1).firstSeq(), "the same seq opened both");
        assertNotEquals(opened.get(0).id(), opened.get(1).id());
        assertEquals(2, run.closed(EpisodeKind.BREACH).size());
    }

    @Test
    void episodeIdIsDeterministicFromOrderZoneKindAndFirstFix() {
        List<Ping> pings = Walk.respondent(T0).line(300, 300, 0, 10, 8, 5).pings();
        Episode a = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings)
                .opened(EpisodeKind.BREACH)
                .get(0);
        Episode b = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings)
                .opened(EpisodeKind.BREACH)
                .get(0);

        assertEquals(a.id(), b.id());
        assertEquals(
                Episode.idFor(
                        "ORD-1",
                        "home",
                        EpisodeKind.BREACH,
                        Orders.RESPONDENT,
                        pings.get(0).seq(),
                        pings.get(0).time().toEpochMilli()),
                a.id());
    }

    @Test
    void snapshotAndRestoreContinueTheOpenEpisodeWithoutAlertingAgain() {
        OrderEvaluator first = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<Ping> pings = Walk.respondent(T0)
                .line(300, 300, 0, 30, 8, 5)
                .line(350, 2000, 0, 34, 8, 5)
                .line(2000, 2000, 0, 30, 8, 5)
                .pings();
        Run before = Run.of(first, pings.subList(0, 10));
        assertEquals(1, before.opened(EpisodeKind.BREACH).size());

        OrderEvaluator restarted =
                OrderEvaluator.restore(Orders.homeCircle(), EvaluatorSettings.defaults(), first.snapshot());
        Run after = Run.of(restarted, pings.subList(10, pings.size()));

        assertEquals(0, after.opened().size(), "no second alert after the restart");
        assertEquals(1, after.closed(EpisodeKind.BREACH).size());
        assertEquals(
                before.opened(EpisodeKind.BREACH).get(0).id(),
                after.closed(EpisodeKind.BREACH).get(0).id());
    }

    @Test
    void restoringTheSameSnapshotTwiceGivesTheSameSnapshot() {
        OrderEvaluator first = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        Run.of(first, Walk.respondent(T0).line(1200, 300, 0, 30, 8, 5).pings());
        byte[] snapshot = first.snapshot();

        byte[] again = OrderEvaluator.restore(Orders.homeCircle(), EvaluatorSettings.defaults(), snapshot)
                .snapshot();

        assertNotNull(snapshot);
        assertTrue(java.util.Arrays.equals(snapshot, again));
    }

    private static int firstConfirmedIndex(Run run, String zoneId) {
        for (int i = 0; i < run.evaluations.size(); i++) {
            for (RuleAssessment a : run.evaluations.get(i).assessments()) {
                if (a.zoneId().equals(zoneId) && a.classification() == Classification.BREACH_CONFIRMED) {
                    return i;
                }
            }
        }
        return -1;
    }
}
