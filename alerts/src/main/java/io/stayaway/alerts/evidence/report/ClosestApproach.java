package io.stayaway.alerts.evidence.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Which fixes the map enlarges: those at the episode's closest approach. Stateless. */
final class ClosestApproach {
    private ClosestApproach() {}

    /**
     * The respondent's and the protected person's fixes nearest in time to the closest approach: the
     * distance sample with the smallest respondent↔protected distance, or failing that the smallest
     * (most negative) distance to a zone boundary.
     */
    static List<TrackPoint> fixes(EvidenceReportModel m) {
        DistanceSample best = null;
        for (DistanceSample s : m.distances()) {
            if (s.toProtectedM() != null
                    && (best == null || best.toProtectedM() == null || s.toProtectedM() < best.toProtectedM())) {
                best = s;
            }
        }
        if (best == null) {
            for (DistanceSample s : m.distances()) {
                if (s.toBoundaryM() != null && (best == null || s.toBoundaryM() < best.toBoundaryM())) {
                    best = s;
                }
            }
        }
        List<TrackPoint> fixes = new ArrayList<>(2);
        if (best == null) {
            return fixes;
        }
        nearestInTime(m.respondentTrack(), best.time(), fixes);
        if (best.toProtectedM() != null) {
            nearestInTime(m.protectedTrack(), best.time(), fixes);
        }
        return fixes;
    }

    private static void nearestInTime(List<TrackPoint> track, Instant t, List<TrackPoint> into) {
        TrackPoint nearest = null;
        long bestGap = Long.MAX_VALUE;
        for (TrackPoint fix : track) {
            long gap = Math.abs(Duration.between(fix.time(), t).toMillis());
            if (gap < bestGap) {
                bestGap = gap;
                nearest = fix;
            }
        }
        if (nearest != null) {
            into.add(nearest);
        }
    }
}
