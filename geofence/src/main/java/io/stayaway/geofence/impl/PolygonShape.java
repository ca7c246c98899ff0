package io.stayaway.geofence.impl;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * A (multi)polygon in frame metres, prepared once: indexed point-in-area location, an edge index
 * for the nearest boundary point (holes included), and a prepared geometry for segment tests;
 * immutable, and read-only after construction (JTS documents these structures as thread-safe).
 */
final class PolygonShape implements ZoneShape {
    /** Samples taken along a segment to find its deepest point inside the zone. */
    private static final int MAX_DEPTH_SAMPLES = 256;

    private static final double DEPTH_SAMPLE_STEP_METRES = 2.0;

    private final LocalFrame frame;
    private final GeometryFactory factory;
    private final IndexedPointInAreaLocator locator;
    private final EdgeIndex edges;
    private final PreparedGeometry prepared;
    private final double equivalentRadius;

    PolygonShape(LocalFrame frame, Geometry planar) {
        this.frame = frame;
        this.factory = planar.getFactory();
        this.locator = new IndexedPointInAreaLocator(planar);
        this.edges = new EdgeIndex(planar);
        this.prepared = PreparedGeometryFactory.prepare(planar);
        Coordinate centre = planar.getEnvelopeInternal().centre();
        this.equivalentRadius = Math.sqrt(planar.getArea() / Math.PI) * frame.meanInverseScale(centre.x, centre.x);
        warmIndexes(centre);
    }

    private void warmIndexes(Coordinate probe) {
        locator.locate(probe);
        prepared.intersects(factory.createPoint(probe));
    }

    @Override
    public double signedDistance(double x, double y) {
        Coordinate c = new Coordinate(x, y);
        int location = locator.locate(c);
        if (location == Location.BOUNDARY) {
            return 0;
        }
        double[] nearest = new double[2];
        edges.nearest(x, y, nearest);
        double ground = frame.groundLength(x, y, nearest[0], nearest[1]);
        return location == Location.INTERIOR ? -ground : ground;
    }

    /** Whether the frame point lies inside or on the polygon. */
    boolean covers(double x, double y) {
        return locator.locate(new Coordinate(x, y)) != Location.EXTERIOR;
    }

    @Override
    public double maxDepthAlong(double x1, double y1, double x2, double y2) {
        LineString segment =
                factory.createLineString(new Coordinate[] {new Coordinate(x1, y1), new Coordinate(x2, y2)});
        if (!prepared.intersects(segment)) {
            return Double.NEGATIVE_INFINITY;
        }
        double length = Math.sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
        int samples = (int) Math.min(MAX_DEPTH_SAMPLES, Math.max(2, Math.ceil(length / DEPTH_SAMPLE_STEP_METRES)));
        double deepest = 0;
        for (int i = 0; i <= samples; i++) {
            double t = (double) i / samples;
            double depth = -signedDistance(x1 + t * (x2 - x1), y1 + t * (y2 - y1));
            deepest = Math.max(deepest, depth);
        }
        return deepest;
    }

    @Override
    public double equivalentRadius() {
        return equivalentRadius;
    }
}
