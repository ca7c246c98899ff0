package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** The four invariants of issue 3, over generated tracks. */
@AddLifecycleHook(PropertySeed.class)
class EpisodePropertiesTest {
    private static final Instant T0 = Instant.parse("2026-11-27T13:00:00Z");
    private static final double RADIUS = 500;
    private static final double WARNING = 500;

    @Property(tries = 200)
    void trackBeyondWarningPlusThreeAccuraciesNeverOpensAnEpisode(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 3, max = 60) double accuracy,
            @ForAll @IntRange(min = 10, max = 400) int fixes) {
        Random random = new Random(seed);
        double floor = RADIUS + WARNING + 3 * accuracy;
        double distance = floor + random.nextDouble() * 2000;
        double bearing = random.nextDouble() * 360;
        Instant t = T0;
        List<Ping> pings = new ArrayList<>();
        for (int i = 0; i < fixes; i++) {
            double[] p = Ground.offset(Ground.LAT, Ground.LON, bearing, distance);
            pings.add(new Ping(Orders.RESPONDENT, i, t, p[0], p[1], accuracy));
            int seconds = 1 + random.nextInt(60);
            t = t.plusSeconds(seconds);
            distance = Math.max(floor + 1, distance + (random.nextDouble() - 0.5) * 4 * seconds);
            bearing += (random.nextDouble() - 0.5) * Math.toDegrees(2.0 * seconds / distance);
        }
        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings);
        assertEquals(List.of(), run.opened());
    }

    @Property(tries = 200)
    void trackThatDwellsDeepInsideOpensExactlyOneBreach(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 3, max = 40) double accuracy,
            @ForAll @IntRange(min = 1, max = 30) int intervalSeconds) {
        Random random = new Random(seed);
        double bearing = random.nextDouble() * 360;
        double deep = RADIUS - 3 * accuracy - 10 - random.nextDouble() * (RADIUS - 3 * accuracy - 10);
        Walk walk = Walk.respondent(T0);
        int approach = (int) Math.ceil((2000 - deep) / (5.0 * intervalSeconds)) + 1;
        walk.line(2000, deep, bearing, approach, accuracy, intervalSeconds);
        int dwellFixes = Math.max(EvaluatorSettings.defaults().confirmFixes(), (int) (25 / intervalSeconds) + 2);
        walk.line(deep, deep, bearing, dwellFixes, accuracy, intervalSeconds);

        Run run = Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), walk.pings());

        assertEquals(1, run.opened(EpisodeKind.BREACH).size());
        assertEquals(0, run.opened(EpisodeKind.CROSSING).size());
    }

    @Property(tries = 100)
    void episodesAreTheSameWhenTheFixesAreSplitAcrossRestarts(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 1, max = 6) int restarts) {
        List<Ping> pings = wanderingTrack(new Random(seed), 300);
        List<GeofenceEvent> straight =
                Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings).events;

        Random cuts = new Random(seed * 31);
        List<GeofenceEvent> split = new ArrayList<>();
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        for (int i = 0; i < pings.size(); i++) {
            if (cuts.nextInt(pings.size()) < restarts) {
                evaluator =
                        OrderEvaluator.restore(Orders.homeCircle(), EvaluatorSettings.defaults(), evaluator.snapshot());
            }
            split.addAll(evaluator.evaluate(pings.get(i)).events());
        }
        assertEquals(straight, split);
    }

    @Property(tries = 100)
    void shufflingArrivalWithinTheReorderWindowDoesNotChangeEpisodes(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 120) int windowSeconds) {
        List<Ping> pings = phasedTrack(new Random(seed));
        Random delays = new Random(seed * 17);
        List<Ping> arrival = new ArrayList<>(pings);
        List<Long> arrivalTime = new ArrayList<>();
        for (Ping p : pings) {
            arrivalTime.add(p.time().toEpochMilli() + (long) (delays.nextDouble() * windowSeconds * 1000));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < pings.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(arrivalTime::get));
        arrival.clear();
        for (int i : order) {
            arrival.add(pings.get(i));
        }

        List<String> inOrder =
                summary(Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), pings));
        List<String> shuffled =
                summary(Run.of(OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults()), arrival));

        assertEquals(inOrder, shuffled);
    }

    /** Each episode as zone, kind, start and end after all events: what the duty desk and the court see. */
    private static List<String> summary(Run run) {
        java.util.LinkedHashMap<String, Episode> latest = new java.util.LinkedHashMap<>();
        for (GeofenceEvent e : run.events) {
            latest.put(e.episode().id(), e.episode());
        }
        return latest.values().stream()
                .map(e -> e.zoneId() + "/" + e.kind() + "/" + e.start() + "/" + e.end() + "/" + e.firstSeq())
                .sorted()
                .toList();
    }

    /** A walker moving plausibly (up to 3 m/s) around and through the zone, with noise. */
    private static List<Ping> wanderingTrack(Random random, int fixes) {
        List<Ping> pings = new ArrayList<>();
        double x = (random.nextDouble() - 0.5) * 3000;
        double y = (random.nextDouble() - 0.5) * 3000;
        double heading = random.nextDouble() * 2 * Math.PI;
        Instant t = T0;
        for (int i = 0; i < fixes; i++) {
            double accuracy = 4 + random.nextDouble() * 25;
            double[] p = Ground.offset(Ground.LAT, Ground.LON, Math.toDegrees(Math.atan2(x, y)), Math.hypot(x, y));
            double[] noisy = Ground.offset(
                    p[0], p[1], random.nextDouble() * 360, Math.abs(random.nextGaussian()) * accuracy / 1.5);
            pings.add(new Ping(Orders.RESPONDENT, i, t, noisy[0], noisy[1], accuracy));
            int seconds = 2 + random.nextInt(30);
            t = t.plusSeconds(seconds);
            heading += (random.nextDouble() - 0.5);
            x = Math.max(-2500, Math.min(2500, x + Math.sin(heading) * 3 * seconds));
            y = Math.max(-2500, Math.min(2500, y + Math.cos(heading) * 3 * seconds));
        }
        return pings;
    }

    /** Far outside, then a walk in and a long dwell deep inside, then out again and away: noise-free, one fix every 5-15 s. */
    private static List<Ping> phasedTrack(Random random) {
        double bearing = random.nextDouble() * 360;
        int interval = 5 + random.nextInt(11);
        double deep = 100 + random.nextDouble() * 250;
        return Walk.respondent(T0)
                .line(2500, 2500, bearing, 10, 8, interval)
                .line(2500, deep, bearing, (int) ((2500 - deep) / (1.5 * interval)) + 2, 8, interval)
                .line(deep, deep, bearing, 600 / interval, 8, interval)
                .line(deep, 2500, bearing, (int) ((2500 - deep) / (1.5 * interval)) + 2, 8, interval)
                .line(2500, 2500, bearing, 30, 8, interval)
                .pings();
    }
}
