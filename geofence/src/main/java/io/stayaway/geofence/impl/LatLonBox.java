package io.stayaway.geofence.impl;

import org.locationtech.jts.geom.Envelope;

/**
 * A zone's lon/lat bounding box with a cheap, conservative distance bound, so that far-away fixes
 * are settled without projecting them; immutable, thread-safe.
 */
final class LatLonBox {
    /** Beyond this reach the degree-based bound is not trusted and the exact path is taken. */
    private static final double MAX_TRUSTED_REACH_METRES = 200_000;
    /** Latitude margin (degrees) over which the precomputed cosine stays a safe lower bound. */
    private static final double LAT_MARGIN_DEGREES = 2.0;

    private final double minLat;
    private final double maxLat;
    private final double minLon;
    private final double maxLon;
    private final double metresPerDegreeLon;

    LatLonBox(Envelope lonLat) {
        this.minLat = lonLat.getMinY();
        this.maxLat = lonLat.getMaxY();
        this.minLon = lonLat.getMinX();
        this.maxLon = lonLat.getMaxX();
        double poleward = Math.min(90, Math.max(Math.abs(minLat), Math.abs(maxLat)) + LAT_MARGIN_DEGREES);
        this.metresPerDegreeLon = Geodesy.MAX_METRES_PER_DEGREE_LON * 0.99 * Math.cos(Math.toRadians(poleward));
    }

    /** A box around a circle given in ground metres. */
    static LatLonBox around(double lat, double lon, double radiusMetres) {
        double dLat = radiusMetres / Geodesy.MIN_METRES_PER_DEGREE_LAT * 1.01;
        double cos = Math.cos(Math.toRadians(Math.min(89.9, Math.abs(lat) + dLat)));
        double dLon = Math.min(180, radiusMetres / (Geodesy.MAX_METRES_PER_DEGREE_LON * 0.99 * Math.max(cos, 1e-6)));
        return new LatLonBox(new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat));
    }

    /**
     * A lower bound on the ground distance (metres) from the point to the box, when it exceeds
     * {@code reachMetres}; otherwise (the point may be within reach) a negative number.
     */
    double beyondReach(double lat, double lon, double reachMetres) {
        if (reachMetres > MAX_TRUSTED_REACH_METRES) {
            return -1;
        }
        double dLat = Math.max(0, Math.max(minLat - lat, lat - maxLat)) * Geodesy.MIN_METRES_PER_DEGREE_LAT;
        if (dLat > reachMetres) {
            return dLat;
        }
        double dLonDegrees = Math.max(0, Math.max(minLon - lon, lon - maxLon));
        if (dLonDegrees > 180) {
            double wrapped = lon < minLon ? lon + 360 : lon - 360;
            dLonDegrees = Math.min(dLonDegrees, Math.max(0, Math.max(minLon - wrapped, wrapped - maxLon)));
        }
        double dLon = dLonDegrees * metresPerDegreeLon;
        double bound = Math.max(dLat, dLon);
        return bound > reachMetres ? bound : -1;
    }

    /** Whether the lon/lat box of a segment comes within reach of this box. */
    boolean segmentWithinReach(double lat1, double lon1, double lat2, double lon2, double reachMetres) {
        double lo = Math.min(lat1, lat2);
        double hi = Math.max(lat1, lat2);
        double dLat = Math.max(0, Math.max(minLat - hi, lo - maxLat)) * Geodesy.MIN_METRES_PER_DEGREE_LAT;
        if (dLat > reachMetres) {
            return false;
        }
        double west = Math.min(lon1, lon2);
        double east = Math.max(lon1, lon2);
        if (east - west > 180) {
            return true;
        }
        double dLon = Math.max(0, Math.max(minLon - east, west - maxLon)) * metresPerDegreeLon;
        return dLon <= reachMetres;
    }
}
