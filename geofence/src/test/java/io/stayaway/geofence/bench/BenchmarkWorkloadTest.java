package io.stayaway.geofence.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.geofence.Classification;
import io.stayaway.geofence.Evaluation;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.RuleAssessment;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark measures what BENCHMARKS.md says it measures: the 95/4/1 mix and an all-warning-band track. */
class BenchmarkWorkloadTest {
    private final BenchmarkOrder fixture = new BenchmarkOrder();

    @Test
    void zonesHaveTheStatedVertexCounts() {
        for (int z = 0; z < BenchmarkOrder.VERTICES.length; z++) {
            assertEquals(
                    BenchmarkOrder.VERTICES[z] + 1, fixture.lonLatZones.get(z).getNumPoints());
        }
    }

    @Test
    void mixedTrackIs95PercentFar4PercentInAWarningBand1PercentInside() {
        Map<Classification, Integer> worst = classify(fixture.mixedTrack(10_000));
        assertEquals(9_500, worst.getOrDefault(Classification.OUTSIDE, 0), worst.toString());
        assertEquals(400, worst.getOrDefault(Classification.WARNING, 0), worst.toString());
        assertEquals(100, worst.getOrDefault(Classification.BREACH_CONFIRMED, 0), worst.toString());
    }

    @Test
    void warningBandTrackIsAlwaysInTheBandOfThe500VertexZone() {
        OrderEvaluator evaluator = OrderEvaluator.create(fixture.order, BenchmarkOrder.settings());
        double[][] track = fixture.warningBandTrack(5_000);
        for (int i = 0; i < track.length; i++) {
            Evaluation e = evaluator.evaluate(BenchmarkOrder.respondentPing(track[i], i));
            RuleAssessment site = e.assessments().get(BenchmarkOrder.VERTICES.length - 1);
            assertEquals("site-3", site.zoneId());
            assertEquals(Classification.WARNING, site.classification(), site.reason());
            assertTrue(site.distanceMetres() > 0);
        }
    }

    /** The most severe static-zone classification of each respondent fix. */
    private Map<Classification, Integer> classify(double[][] track) {
        OrderEvaluator evaluator = OrderEvaluator.create(fixture.order, BenchmarkOrder.settings());
        Map<Classification, Integer> counts = new EnumMap<>(Classification.class);
        for (int i = 0; i < track.length; i++) {
            Evaluation e = evaluator.evaluate(BenchmarkOrder.respondentPing(track[i], i));
            Classification worst = Classification.OUTSIDE;
            for (int z = 0; z < BenchmarkOrder.VERTICES.length; z++) {
                Classification c = e.assessments().get(z).classification();
                if (c.ordinal() > worst.ordinal()
                        && c != Classification.UNKNOWN
                        && c != Classification.NOT_APPLICABLE) {
                    worst = c;
                }
            }
            counts.merge(worst, 1, Integer::sum);
        }
        return counts;
    }
}
