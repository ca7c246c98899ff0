package io.stayaway.alerts.evidence.assembly;

import io.stayaway.geofence.Area;
import io.stayaway.geofence.Circle;
import io.stayaway.geofence.Polygonal;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.GeometryTransformer;

/**
 * Distances for the evidence timeline, in metres: between two fixes (haversine), and from a fix to a
 * zone's boundary (negative inside: the penetration). Polygons are measured by JTS in a local
 * equirectangular frame centred on the fix, which is exact to well under 1 % within a few kilometres.
 */
final class Distances {
    private static final double EARTH_RADIUS = 6_371_008.8;
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private Distances() {
    }

    static double between(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Signed distance from the fix to the area's boundary: positive outside, negative inside. */
    static double toBoundary(Area area, double lat, double lon) {
        if (area instanceof Circle c) {
            return between(lat, lon, c.lat(), c.lon()) - c.radiusMetres();
        }
        Geometry local = new LocalFrame(lat, lon).transform(((Polygonal) area).lonLat());
        var origin = FACTORY.createPoint(new Coordinate(0, 0));
        double d = local.getBoundary().distance(origin);
        return local.contains(origin) ? -d : d;
    }

    /** Lon/lat degrees to metres east/north of an origin. */
    private static final class LocalFrame extends GeometryTransformer {
        private final double lat0;
        private final double lon0;
        private final double metresPerDegree = Math.toRadians(1) * EARTH_RADIUS;
        private final double cosLat;

        LocalFrame(double lat0, double lon0) {
            this.lat0 = lat0;
            this.lon0 = lon0;
            this.cosLat = Math.cos(Math.toRadians(lat0));
        }

        @Override
        protected org.locationtech.jts.geom.CoordinateSequence transformCoordinates(org.locationtech.jts.geom.CoordinateSequence coords, Geometry parent) {
            Coordinate[] out = new Coordinate[coords.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = new Coordinate((coords.getX(i) - lon0) * metresPerDegree * cosLat, (coords.getY(i) - lat0) * metresPerDegree);
            }
            return FACTORY.getCoordinateSequenceFactory().create(out);
        }
    }
}
