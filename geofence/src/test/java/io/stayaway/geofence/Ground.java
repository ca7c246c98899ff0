package io.stayaway.geofence;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;

/** Test geometry on the WGS84 ellipsoid via GeographicLib (the reference); stateless. */
final class Ground {
    static final double LAT = 31.2304;
    static final double LON = 121.4737;

    private Ground() {}

    /** The point reached from (lat, lon) after {@code metres} along the geodesic with the given azimuth (degrees from north). */
    static double[] offset(double lat, double lon, double azimuth, double metres) {
        GeodesicData d = Geodesic.WGS84.Direct(lat, lon, azimuth, metres);
        return new double[] {d.lat2, d.lon2};
    }

    static double distance(double lat1, double lon1, double lat2, double lon2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2).s12;
    }
}
