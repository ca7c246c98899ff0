package io.stayaway.simulator.geo;

/** A WGS84 position in degrees, as the wire contract carries it. Immutable, thread-safe. */
public record GeoPoint(double lat, double lon) {
    public GeoPoint {
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("lat must be within -90..90, got " + lat);
        }
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("lon must be within -180..180, got " + lon);
        }
    }
}
