package io.stayaway.geofence;

/**
 * A geodesic circle on WGS84: every point within {@code radiusMetres} of the centre; immutable.
 *
 * @param lat          centre latitude, degrees
 * @param lon          centre longitude, degrees
 * @param radiusMetres radius in metres, &gt; 0 and at most 100 km (orders are local)
 */
public record Circle(double lat, double lon, double radiusMetres) implements Area {
    /** Largest radius accepted; the local metric frame is only exact to 0.5 m within 50 km of the order. */
    public static final double MAX_RADIUS_METRES = 100_000;

    public Circle {
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("circle lat must be in -90..90, was " + lat);
        }
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("circle lon must be in -180..180, was " + lon);
        }
        if (!Double.isFinite(radiusMetres) || radiusMetres <= 0 || radiusMetres > MAX_RADIUS_METRES) {
            throw new IllegalArgumentException(
                    "circle radiusMetres must be in (0, " + MAX_RADIUS_METRES + "], was " + radiusMetres);
        }
    }
}
