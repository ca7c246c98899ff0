package io.stayaway.alerts.evidence.report;

import java.time.Instant;
import java.util.Objects;

/** One stored fix of a device: when, where (WGS84 degrees) and its horizontal accuracy radius in metres. */
public record TrackPoint(Instant time, double lon, double lat, double accuracyM) {
    public TrackPoint {
        Objects.requireNonNull(time, "time");
        Checks.lonLat(lon, lat);
        Checks.nonNegative(accuracyM, "accuracyM");
    }
}
