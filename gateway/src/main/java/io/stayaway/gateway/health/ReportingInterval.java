package io.stayaway.gateway.health;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * A device's reporting interval as observed: the median of the gaps between its last {@link #GAPS} new fixes
 * (device time). One long gap, an outage before a store-and-forward burst, does not make a device that reports
 * every 5 s look like one that reports every minute (pursuit mode would then slow it down to 15 s), while a
 * device really switched to another interval shows it after three fixes. Not thread-safe.
 */
final class ReportingInterval {
    static final int GAPS = 5;

    private final double[] gaps = new double[GAPS];
    private int count;
    private int next;

    /** Records the gap, in seconds, between a new fix and the newest before it. */
    void gap(double seconds) {
        gaps[next] = seconds;
        next = (next + 1) % GAPS;
        count = Math.min(count + 1, GAPS);
    }

    /** The median of the recorded gaps (the mean of the middle two of an even count); empty before the first. */
    OptionalDouble seconds() {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        double[] sorted = Arrays.copyOf(gaps, count);
        Arrays.sort(sorted);
        int mid = count / 2;
        return OptionalDouble.of(count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }
}
