package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A crossing whose confirming fix never comes (the device goes silent after the exit) is still announced. */
class CrossingSilenceTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** Drives through the 500 m home circle at 25 m/s with fixes every 30 s; the last fix is the exit, then silence. */
    private static List<GeofenceEvent> driveThroughThenSilence(OrderEvaluator evaluator, long silenceSeconds) {
        List<GeofenceEvent> events = new ArrayList<>();
        double[] xs = {-2250, -1500, -750, 0, 750};
        for (int i = 0; i < xs.length; i++) {
            double[] p = Ground.offset(Ground.LAT, Ground.LON, xs[i] < 0 ? 270 : 90, Math.abs(xs[i]));
            Instant t = T0.plusSeconds(30L * i);
            events.addAll(evaluator
                    .evaluate(new Ping(Orders.RESPONDENT, i, t, p[0], p[1], 10), t)
                    .events());
        }
        Instant lastEvaluated = T0.plusSeconds(30L * (xs.length - 1));
        for (long s = 5; s <= silenceSeconds; s += 5) {
            events.addAll(evaluator.advanceTo(lastEvaluated.plusSeconds(s)));
        }
        return events;
    }

    private static long crossings(List<GeofenceEvent> events) {
        return events.stream()
                .filter(e -> e instanceof EpisodeOpened && e.episode().kind() == EpisodeKind.CROSSING)
                .count();
    }

    @Test
    void crossingWaitsForTheNextFixWhileTheSilenceIsShorterThanTheGapLimit() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        assertEquals(0, crossings(driveThroughThenSilence(evaluator, 100)));
    }

    @Test
    void crossingFollowedBySilenceIsAnnouncedOnceTheGapLimitPassesAndSaysWhy() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        List<GeofenceEvent> events = driveThroughThenSilence(evaluator, 300);
        assertEquals(1, crossings(events));
        Episode crossing = events.stream()
                .filter(e -> e instanceof EpisodeOpened)
                .map(GeofenceEvent::episode)
                .filter(e -> e.kind() == EpisodeKind.CROSSING)
                .findFirst()
                .orElseThrow();
        assertTrue(crossing.explanation().contains("confirmed by silence"), crossing.explanation());
    }
}
