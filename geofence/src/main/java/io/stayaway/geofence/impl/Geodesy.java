package io.stayaway.geofence.impl;

/** Ground distances between two WGS84 points without an order frame; stateless, thread-safe. */
final class Geodesy {
    /** Metres per degree of latitude, a lower bound over the whole ellipsoid (110,574 m at the equator). */
    static final double MIN_METRES_PER_DEGREE_LAT = 110_574;
    /** Metres per degree of longitude on the equator, an upper bound. */
    static final double MAX_METRES_PER_DEGREE_LON = 111_321;

    private Geodesy() {}

    /** Metres per degree of latitude, an upper bound over the whole ellipsoid (111,694 m at the poles). */
    static final double MAX_METRES_PER_DEGREE_LAT = 111_695;

    /** A lower bound on the ground distance, metres, from the latitude difference alone (no trigonometry). */
    static double lowerBound(double lat1, double lat2) {
        return Math.abs(lat1 - lat2) * MIN_METRES_PER_DEGREE_LAT;
    }

    /** An upper bound on the ground distance, metres, for points up to a few hundred kilometres apart (no trigonometry). */
    static double upperBound(double lat1, double lon1, double lat2, double lon2) {
        double dLon = Math.abs(lon2 - lon1);
        if (dLon > 180) {
            dLon = 360 - dLon;
        }
        double dy = Math.abs(lat1 - lat2) * MAX_METRES_PER_DEGREE_LAT;
        double dx = dLon * MAX_METRES_PER_DEGREE_LON;
        return 1.001 * Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * A quick distance, metres, on the ellipsoid's local radii at the mid-latitude (equirectangular
     * approximation). Good to well under a metre up to a few kilometres; used for plausibility and
     * to decide whether the exact distance is needed.
     */
    static double quickDistance(double lat1, double lon1, double lat2, double lon2) {
        double midLat = Math.toRadians((lat1 + lat2) / 2);
        double s = Math.sin(midLat);
        double w2 = 1 - LocalFrame.E2 * s * s;
        double nu = LocalFrame.A_AXIS / Math.sqrt(w2);
        double rho = LocalFrame.A_AXIS * (1 - LocalFrame.E2) / (w2 * Math.sqrt(w2));
        double dLon = lon2 - lon1;
        if (dLon > 180) {
            dLon -= 360;
        } else if (dLon < -180) {
            dLon += 360;
        }
        double dx = Math.toRadians(dLon) * nu * Math.cos(midLat);
        double dy = Math.toRadians(lat2 - lat1) * rho;
        return Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * The ground distance, metres, accurate to 0.5 m (checked against GeographicLib) for points up to
     * 50 km apart: both points in a transverse Mercator frame centred between them, scale-corrected.
     */
    static double distance(double lat1, double lon1, double lat2, double lon2) {
        double dLon = lon2 - lon1;
        if (dLon > 180) {
            dLon -= 360;
        } else if (dLon < -180) {
            dLon += 360;
        }
        LocalFrame frame = new LocalFrame((lat1 + lat2) / 2, lon1 + dLon / 2);
        double[] p = new double[2];
        double[] q = new double[2];
        frame.project(lat1, lon1, p);
        frame.project(lat2, lon2, q);
        return frame.groundLength(p[0], p[1], q[0], q[1]);
    }
}
