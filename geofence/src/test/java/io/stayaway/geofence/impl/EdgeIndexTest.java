package io.stayaway.geofence.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;

/** The edge index finds the same nearest boundary distance as JTS's unindexed distance. */
class EdgeIndexTest {
    private final GeometryFactory factory = new GeometryFactory();

    @Test
    void nearestBoundaryDistanceMatchesJtsForPolygonsWithHolesAndMultipolygons() {
        SplittableRandom random = new SplittableRandom(11);
        for (int shape = 0; shape < 40; shape++) {
            int vertices = 3 + random.nextInt(700);
            Geometry polygon = factory.createMultiPolygon(new org.locationtech.jts.geom.Polygon[] {
                factory.createPolygon(
                        star(0, 0, 1000, vertices, random),
                        new LinearRing[] {star(0, 0, 300, 3 + random.nextInt(50), random)}),
                factory.createPolygon(star(5000, 0, 800, 3 + random.nextInt(300), random))
            });
            EdgeIndex index = new EdgeIndex(polygon);
            Geometry boundary = polygon.getBoundary();
            double[] out = new double[2];
            for (int i = 0; i < 200; i++) {
                double x = random.nextDouble(-3000, 8000);
                double y = random.nextDouble(-3000, 3000);
                index.nearest(x, y, out);
                double ours = Math.sqrt((out[0] - x) * (out[0] - x) + (out[1] - y) * (out[1] - y));
                double reference = boundary.distance(factory.createPoint(new Coordinate(x, y)));
                assertEquals(reference, ours, 1e-6, "shape " + shape + " point " + x + "," + y);
            }
        }
    }

    private LinearRing star(double cx, double cy, double radius, int n, SplittableRandom random) {
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            double r = radius * (0.7 + 0.3 * random.nextDouble());
            ring[i] = new Coordinate(cx + r * Math.cos(a), cy + r * Math.sin(a));
        }
        ring[n] = ring[0].copy();
        return factory.createLinearRing(ring);
    }
}
