package io.stayaway.simulator.geo;

/**
 * A local east/north tangent frame in metres around an origin (equirectangular approximation on a
 * sphere of the WGS84 mean radius). Good to centimetres within a few kilometres, which is all a
 * simulated neighbourhood needs; the gateway does its own geodesy. Immutable, thread-safe.
 */
public record LocalFrame(GeoPoint origin) {
    /** IUGG mean Earth radius in metres. */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;

    public LocalFrame {
        if (origin == null) {
            throw new IllegalArgumentException("origin is required");
        }
        if (Math.abs(origin.lat()) > 85) {
            throw new IllegalArgumentException("origin latitude too close to a pole: " + origin.lat());
        }
    }

    public GeoPoint toGeo(LocalPoint point) {
        double lat = origin.lat() + Math.toDegrees(point.north() / EARTH_RADIUS_METRES);
        double lon = origin.lon()
                + Math.toDegrees(point.east() / (EARTH_RADIUS_METRES * Math.cos(Math.toRadians(origin.lat()))));
        return new GeoPoint(lat, lon);
    }

    public LocalPoint toLocal(GeoPoint point) {
        double north = Math.toRadians(point.lat() - origin.lat()) * EARTH_RADIUS_METRES;
        double east = Math.toRadians(point.lon() - origin.lon())
                * EARTH_RADIUS_METRES
                * Math.cos(Math.toRadians(origin.lat()));
        return new LocalPoint(east, north);
    }
}
