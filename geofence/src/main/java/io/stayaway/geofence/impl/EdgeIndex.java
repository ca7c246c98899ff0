package io.stayaway.geofence.impl;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The edges of a polygon (outer rings and holes) in an STR-tree, answering "nearest boundary point"
 * by branch-and-bound ({@link STRtree#nearestNeighbour(Envelope, Object, ItemDistance)}); built once,
 * read-only afterwards, thread-safe. Used instead of JTS {@code IndexedFacetDistance} for point
 * queries because that class builds an index over the query geometry on every call, which
 * dominated the per-fix cost in the benchmark.
 */
final class EdgeIndex {
    private static final ItemDistance POINT_TO_EDGE = (a, b) -> {
        Object first = a.getItem();
        Object second = b.getItem();
        LineSegment edge = (LineSegment) (first instanceof LineSegment ? first : second);
        Coordinate point = (Coordinate) (first instanceof Coordinate ? first : second);
        return edge.distance(point);
    };

    private final STRtree tree = new STRtree();

    EdgeIndex(Geometry polygonal) {
        Geometry boundary = polygonal.getBoundary();
        for (int g = 0; g < boundary.getNumGeometries(); g++) {
            Coordinate[] ring = boundary.getGeometryN(g).getCoordinates();
            for (int i = 0; i + 1 < ring.length; i++) {
                tree.insert(new Envelope(ring[i], ring[i + 1]), new LineSegment(ring[i], ring[i + 1]));
            }
        }
        tree.build();
    }

    /** Writes the boundary point nearest to (x, y) into out[0], out[1]. */
    void nearest(double x, double y, double[] out) {
        Coordinate query = new Coordinate(x, y);
        LineSegment edge = (LineSegment) tree.nearestNeighbour(new Envelope(query), query, POINT_TO_EDGE);
        Coordinate c = edge.closestPoint(query);
        out[0] = c.x;
        out[1] = c.y;
    }
}
