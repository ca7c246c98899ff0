package io.stayaway.simulator.gnss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.simulator.geo.LocalPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GnssErrorModelTest {
    private static final int FIXES = 20_000;
    private static final LocalPoint TRUTH = new LocalPoint(100, -50);

    private static List<Fix> fixes(Environment environment, boolean moving, double secondsApart, long seed) {
        GnssErrorModel model = new GnssErrorModel(new SplittableRandom(seed));
        List<Fix> fixes = new ArrayList<>();
        for (int i = 0; i < FIXES; i++) {
            fixes.add(model.fix(TRUTH, environment, moving, secondsApart));
        }
        return fixes;
    }

    private static double error(Fix fix) {
        return fix.position().distanceTo(TRUTH);
    }

    @Test
    void trueErrorFallsWithinTheClaimedAccuracyAboutTwoThirdsOfTheTime() {
        List<Fix> gnss = fixes(Environment.OUTDOOR, true, 30, 1).stream()
                .filter(f -> !f.multipath())
                .toList();
        double within = gnss.stream().filter(f -> error(f) <= f.accuracy()).count() / (double) gnss.size();
        assertEquals(0.68, within, 0.02, "share of fixes whose true error is within acc");
    }

    @Test
    void outdoorFixesMeetNij1004TenMetresForNinetyPercent() {
        double[] errors = fixes(Environment.OUTDOOR, true, 30, 2).stream()
                .mapToDouble(GnssErrorModelTest::error)
                .sorted()
                .toArray();
        double p90 = errors[(int) (errors.length * 0.9)];
        assertTrue(p90 <= 10, "90th percentile of outdoor error is " + p90 + " m");
        assertTrue(p90 >= 3, "outdoor error is implausibly small: p90 " + p90 + " m");
    }

    @Test
    void urbanMultipathJumpsFiftyToThreeHundredMetresWithOptimisticAccuracy() {
        List<Fix> jumps = fixes(Environment.URBAN, false, 25, 3).stream()
                .filter(Fix::multipath)
                .toList();
        double share = jumps.size() / (double) FIXES;
        assertEquals(0.03 * 0.965, share, 0.006, "share of urban fixes with a multipath jump");
        double exceeding =
                jumps.stream().filter(f -> error(f) > 3 * f.accuracy()).count() / (double) jumps.size();
        assertTrue(exceeding > 0.9, "multipath error should exceed 3x the claimed accuracy, share " + exceeding);
        assertTrue(jumps.stream().allMatch(f -> error(f) > 20 && error(f) < 400), "jump sizes out of range");
        double medianAccuracy = median(jumps.stream().mapToDouble(Fix::accuracy).toArray());
        assertTrue(medianAccuracy < 15, "multipath fixes keep the optimistic accuracy, median " + medianAccuracy);
    }

    @Test
    void indoorFixesComeMostlyFromWifiAndCellWithLargeAccuracy() {
        List<Fix> indoor = fixes(Environment.INDOOR, false, 60, 4);
        long wifi = indoor.stream().filter(f -> f.source() == FixSource.WIFI).count();
        long cell = indoor.stream().filter(f -> f.source() == FixSource.CELL).count();
        assertEquals(0.60, wifi / (double) FIXES, 0.02);
        assertEquals(0.20, cell / (double) FIXES, 0.02);
        double medianCellAccuracy = median(indoor.stream()
                .filter(f -> f.source() == FixSource.CELL)
                .mapToDouble(Fix::accuracy)
                .toArray());
        assertTrue(medianCellAccuracy > 300, "cell fixes claim hundreds of metres, median " + medianCellAccuracy);
    }

    @Test
    void errorDriftsSlowlyWhileStandingStillAndDecorrelatesWhileMoving() {
        double still = lagOneCorrelationOfEastError(fixes(Environment.OUTDOOR, false, 10, 5));
        double moving = lagOneCorrelationOfEastError(fixes(Environment.OUTDOOR, true, 10, 5));
        assertTrue(still > 0.9, "stationary error should be strongly correlated fix to fix, was " + still);
        assertTrue(moving < 0.3, "moving error should decorrelate between fixes 10 s apart, was " + moving);
    }

    @Test
    void sameSeedGivesTheSameFixesAndAnotherSeedDoesNot() {
        assertEquals(fixes(Environment.URBAN, false, 5, 42), fixes(Environment.URBAN, false, 5, 42));
        assertTrue(!fixes(Environment.URBAN, false, 5, 42).equals(fixes(Environment.URBAN, false, 5, 43)));
    }

    private static double lagOneCorrelationOfEastError(List<Fix> fixes) {
        double[] e = fixes.stream()
                .filter(f -> !f.multipath())
                .mapToDouble(f -> (f.position().east() - TRUTH.east()) / f.accuracy())
                .toArray();
        double mean = Arrays.stream(e).average().orElseThrow();
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < e.length; i++) {
            denominator += (e[i] - mean) * (e[i] - mean);
            if (i > 0) {
                numerator += (e[i] - mean) * (e[i - 1] - mean);
            }
        }
        return numerator / denominator;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
