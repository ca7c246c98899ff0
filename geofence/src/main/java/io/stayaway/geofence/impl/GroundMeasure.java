package io.stayaway.geofence.impl;

import io.stayaway.geofence.Area;
import io.stayaway.geofence.Circle;
import io.stayaway.geofence.Polygonal;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The engine's geodesy for {@link io.stayaway.geofence.GroundDistance}: ground distances on the WGS84
 * ellipsoid and signed distances to a zone's edge, measured as the evaluator measures them (a
 * transverse Mercator frame, scale-corrected). Stateless, thread-safe. Public only so that the API
 * class in the module's top package can reach it; the module does not export this package.
 */
public final class GroundMeasure {
    private static final GeometryFactory PLANE = new GeometryFactory(new PrecisionModel());

    private GroundMeasure() {}

    /** Ground distance between two points, metres (0.5 m against GeographicLib up to 50 km). */
    public static double between(double lat1, double lon1, double lat2, double lon2) {
        return Geodesy.distance(lat1, lon1, lat2, lon2);
    }

    /** Signed ground distance from the point to the area's edge, metres: positive outside, negative inside. */
    public static double toEdge(Area area, double lat, double lon) {
        LocalFrame frame = new LocalFrame(lat, lon);
        ZoneShape shape = area instanceof Circle c
                ? new CircleShape(frame, c.lat(), c.lon(), c.radiusMetres())
                : new PolygonShape(frame, frame.toPlane(((Polygonal) area).lonLat(), PLANE));
        return shape.signedDistance(0, 0);
    }
}
