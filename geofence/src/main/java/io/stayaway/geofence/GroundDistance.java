package io.stayaway.geofence;

import io.stayaway.geofence.impl.GroundMeasure;

/**
 * Ground distances as the evaluator measures them, for whoever must report a distance that agrees
 * with the decision (evidence timelines, reports): one geodesy for the whole product. Stateless,
 * thread-safe.
 */
public final class GroundDistance {
    private GroundDistance() {}

    /** Ground distance between two WGS84 points, metres. */
    public static double between(double lat1, double lon1, double lat2, double lon2) {
        return GroundMeasure.between(lat1, lon1, lat2, lon2);
    }

    /** Signed ground distance from a WGS84 point to the area's edge, metres: positive outside, negative inside. */
    public static double toEdge(Area area, double lat, double lon) {
        return GroundMeasure.toEdge(area, lat, lon);
    }
}
