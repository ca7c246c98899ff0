package io.stayaway.alerts.evidence.report;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of the distance timeline; either distance may be absent.
 *
 * @param toProtectedM distance between respondent and protected person in metres, or {@code null}
 * @param toBoundaryM  signed distance from the respondent to the nearest exclusion zone boundary in
 *                     metres, negative inside the zone (its absolute value is the penetration), or {@code null}
 */
public record DistanceSample(Instant time, Double toProtectedM, Double toBoundaryM) {
    public DistanceSample {
        Objects.requireNonNull(time, "time");
        if (toProtectedM != null) {
            Checks.nonNegative(toProtectedM, "toProtectedM");
        }
        if (toBoundaryM != null && !Double.isFinite(toBoundaryM)) {
            throw new IllegalArgumentException("toBoundaryM must be finite, was " + toBoundaryM);
        }
    }
}
