package io.stayaway.geofence.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Distances in the order frame agree with GeographicLib geodesics to 0.5 m within 50 km of the order's centre. */
class MetricAccuracyTest {
    private static final double TOLERANCE_METRES = 0.5;
    private static final double RADIUS_METRES = 50_000;

    @Test
    void pointToPointDistancesInTheFrameMatchGeodesicsWithin50Km() {
        SplittableRandom random = new SplittableRandom(20261127);
        double worst = 0;
        for (int order = 0; order < 200; order++) {
            double lat0 = random.nextDouble(-75, 75);
            double lon0 = random.nextDouble(-180, 180);
            LocalFrame frame = new LocalFrame(lat0, lon0);
            for (int i = 0; i < 100; i++) {
                double[] a = pointWithin(random, lat0, lon0);
                double[] b = pointWithin(random, lat0, lon0);
                double[] pa = new double[2];
                double[] pb = new double[2];
                frame.project(a[0], a[1], pa);
                frame.project(b[0], b[1], pb);
                double ours = frame.groundLength(pa[0], pa[1], pb[0], pb[1]);
                double reference = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1]).s12;
                worst = Math.max(worst, Math.abs(ours - reference));
            }
        }
        assertTrue(worst < TOLERANCE_METRES, "worst disagreement " + worst + " m");
    }

    @Test
    void frameOriginIsTheOrderCentreAndNorthIsUp() {
        LocalFrame frame = new LocalFrame(31.23, 121.47);
        double[] p = new double[2];
        frame.project(31.23, 121.47, p);
        assertTrue(Math.abs(p[0]) < 1e-6 && Math.abs(p[1]) < 1e-6, "origin maps to (0,0)");
        GeodesicData north = Geodesic.WGS84.Direct(31.23, 121.47, 0, 1000);
        frame.project(north.lat2, north.lon2, p);
        assertTrue(
                Math.abs(p[0]) < 1e-3 && Math.abs(p[1] - 1000) < 1e-3,
                "1 km north is (0, 1000): " + p[0] + ", " + p[1]);
    }

    @Test
    void quickAndExactPairDistancesMatchGeodesicsAnywhere() {
        SplittableRandom random = new SplittableRandom(7);
        double worstExact = 0;
        double worstQuickWithin5Km = 0;
        for (int i = 0; i < 20_000; i++) {
            double lat = random.nextDouble(-80, 80);
            double lon = random.nextDouble(-180, 180);
            double metres = random.nextDouble(0, RADIUS_METRES);
            GeodesicData b = Geodesic.WGS84.Direct(lat, lon, random.nextDouble(0, 360), metres);
            worstExact = Math.max(worstExact, Math.abs(Geodesy.distance(lat, lon, b.lat2, b.lon2) - b.s12));
            if (metres < 5_000) {
                worstQuickWithin5Km = Math.max(
                        worstQuickWithin5Km, Math.abs(Geodesy.quickDistance(lat, lon, b.lat2, b.lon2) - b.s12));
            }
        }
        assertTrue(worstExact < TOLERANCE_METRES, "exact pair distance off by " + worstExact + " m");
        assertTrue(worstQuickWithin5Km < 1.0, "quick pair distance within 5 km off by " + worstQuickWithin5Km + " m");
    }

    @Test
    void pointToPolygonEdgeDistancesMatchGeodesicsWithin50Km() {
        SplittableRandom random = new SplittableRandom(42);
        GeometryFactory factory = new GeometryFactory();
        double worst = 0;
        for (int order = 0; order < 60; order++) {
            double lat0 = random.nextDouble(-70, 70);
            double lon0 = random.nextDouble(-180, 180);
            LocalFrame frame = new LocalFrame(lat0, lon0);
            double[] c = pointWithin(random, lat0, lon0);
            double[][] ring = new double[4][];
            for (int k = 0; k < 4; k++) {
                GeodesicData v = Geodesic.WGS84.Direct(
                        c[0], c[1], 45 + 90 * k + random.nextDouble(-20, 20), random.nextDouble(300, 3_000));
                ring[k] = new double[] {v.lat2, v.lon2};
            }
            Coordinate[] planar = new Coordinate[5];
            double[] p = new double[2];
            for (int k = 0; k < 4; k++) {
                frame.project(ring[k][0], ring[k][1], p);
                planar[k] = new Coordinate(p[0], p[1]);
            }
            planar[4] = planar[0].copy();
            PolygonShape shape = new PolygonShape(frame, factory.createPolygon(planar));
            for (int i = 0; i < 40; i++) {
                GeodesicData q =
                        Geodesic.WGS84.Direct(c[0], c[1], random.nextDouble(0, 360), random.nextDouble(0, 5_000));
                frame.project(q.lat2, q.lon2, p);
                double ours = Math.abs(shape.signedDistance(p[0], p[1]));
                double reference = Double.POSITIVE_INFINITY;
                for (int k = 0; k < 4; k++) {
                    reference = Math.min(reference, distanceToGeodesicEdge(q.lat2, q.lon2, ring[k], ring[(k + 1) % 4]));
                }
                worst = Math.max(worst, Math.abs(ours - reference));
            }
        }
        assertTrue(worst < TOLERANCE_METRES, "worst point-to-edge disagreement " + worst + " m");
    }

    @Test
    void circleDistanceIsGeodesicDistanceToCentreMinusRadius() {
        SplittableRandom random = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 2_000; i++) {
            double lat0 = random.nextDouble(-70, 70);
            double lon0 = random.nextDouble(-180, 180);
            LocalFrame frame = new LocalFrame(lat0, lon0);
            double[] c = pointWithin(random, lat0, lon0);
            CircleShape circle = new CircleShape(frame, c[0], c[1], 500);
            double[] q = pointWithin(random, lat0, lon0);
            double[] p = new double[2];
            frame.project(q[0], q[1], p);
            double reference = Geodesic.WGS84.Inverse(c[0], c[1], q[0], q[1]).s12 - 500;
            worst = Math.max(worst, Math.abs(circle.signedDistance(p[0], p[1]) - reference));
        }
        assertTrue(worst < TOLERANCE_METRES, "worst circle disagreement " + worst + " m");
    }

    /** A point uniformly spread over the disc of 50 km around the centre, by geodesic. */
    private static double[] pointWithin(SplittableRandom random, double lat0, double lon0) {
        double s = RADIUS_METRES * Math.sqrt(random.nextDouble());
        GeodesicData d = Geodesic.WGS84.Direct(lat0, lon0, random.nextDouble(0, 360), s);
        return new double[] {d.lat2, d.lon2};
    }

    /** Distance from a point to a geodesic edge, by golden-section search along the edge (the distance is unimodal on short edges). */
    private static double distanceToGeodesicEdge(double lat, double lon, double[] a, double[] b) {
        GeodesicLine line = Geodesic.WGS84.InverseLine(a[0], a[1], b[0], b[1], GeodesicMask.ALL);
        double lo = 0;
        double hi = line.Distance();
        double g = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 80; i++) {
            double m1 = hi - g * (hi - lo);
            double m2 = lo + g * (hi - lo);
            if (at(line, m1, lat, lon) < at(line, m2, lat, lon)) {
                hi = m2;
            } else {
                lo = m1;
            }
        }
        return at(line, (lo + hi) / 2, lat, lon);
    }

    private static double at(GeodesicLine line, double s, double lat, double lon) {
        GeodesicData p = line.Position(s);
        return Geodesic.WGS84.Inverse(p.lat2, p.lon2, lat, lon).s12;
    }
}
