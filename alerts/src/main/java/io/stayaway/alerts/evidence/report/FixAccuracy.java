package io.stayaway.alerts.evidence.report;

/** The horizontal accuracy of the fixes that decided an episode, in metres. */
public record FixAccuracy(double medianM, double maxM) {
    public FixAccuracy {
        Checks.nonNegative(medianM, "medianM");
        Checks.nonNegative(maxM, "maxM");
        if (maxM < medianM) {
            throw new IllegalArgumentException("maxM " + maxM + " is below medianM " + medianM);
        }
    }
}
