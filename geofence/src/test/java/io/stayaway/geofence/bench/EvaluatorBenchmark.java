package io.stayaway.geofence.bench;

import io.stayaway.geofence.Evaluation;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.impl.BenchmarkFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluations per second on one thread: the engine on the 95/4/1 mix and on the all-warning-band
 * worst case, against a naive baseline (unprepared contains + distance on the same planar polygons).
 * One state per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g"})
public class EvaluatorBenchmark {
    private static final int TRACK_LENGTH = 200_000;

    @Param({"mixed", "warningBand"})
    public String workload;

    private BenchmarkOrder fixture;
    private OrderEvaluator evaluator;
    private double[][] track;
    private long seq;
    private long protectedSeq;
    private List<Geometry> naiveZones;
    private List<Geometry> naiveBoundaries;
    private BenchmarkFrame naiveFrame;
    private GeometryFactory factory;
    private final double[] xy = new double[2];

    @Setup(Level.Trial)
    public void prepare() {
        fixture = new BenchmarkOrder();
        evaluator = OrderEvaluator.create(fixture.order, BenchmarkOrder.settings());
        track = workload.equals("mixed") ? fixture.mixedTrack(TRACK_LENGTH) : fixture.warningBandTrack(TRACK_LENGTH);
        naiveFrame = new BenchmarkFrame(BenchmarkOrder.LAT, BenchmarkOrder.LON);
        naiveZones = fixture.planarZones(naiveFrame);
        naiveBoundaries = naiveZones.stream().map(Geometry::getBoundary).toList();
        factory = new GeometryFactory();
        seq = 0;
        protectedSeq = 0;
    }

    /** The engine: every 5th call is a protected person's fix (alternating persons), the rest the respondent's. */
    @Benchmark
    public Evaluation engine() {
        long s = seq++;
        if (s % 5 == 4) {
            long p = protectedSeq++;
            int person = (int) (p % 2);
            double[] where = BenchmarkOrder.protectedPosition(person, p);
            return evaluator.evaluate(new Ping(
                    person == 0 ? "prot-1" : "prot-2",
                    p,
                    BenchmarkOrder.START.plusMillis(s * 5_000),
                    where[0],
                    where[1],
                    8));
        }
        double[] where = track[(int) (s % TRACK_LENGTH)];
        return evaluator.evaluate(BenchmarkOrder.respondentPing(where, s));
    }

    /** The naive baseline on the respondent's fixes: project, then unprepared contains and distance per polygon. */
    @Benchmark
    public double naive() {
        long s = seq++;
        double[] where = track[(int) (s % TRACK_LENGTH)];
        naiveFrame.project(where[0], where[1], xy);
        Point p = factory.createPoint(new Coordinate(xy[0], xy[1]));
        double total = 0;
        for (int i = 0; i < naiveZones.size(); i++) {
            boolean inside = naiveZones.get(i).contains(p);
            double d = naiveBoundaries.get(i).distance(p);
            total += inside ? -d : d;
        }
        return total;
    }
}
