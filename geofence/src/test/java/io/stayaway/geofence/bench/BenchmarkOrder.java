package io.stayaway.geofence.bench;

import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.ExclusionZone;
import io.stayaway.geofence.MobileExclusionZone;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.Polygonal;
import io.stayaway.geofence.Zone;
import io.stayaway.geofence.impl.BenchmarkFrame;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * The benchmark's order and ping streams: 4 irregular polygon zones of 200-500 vertices a few
 * kilometres apart, and 2 protected persons with mobile zones; immutable after construction.
 */
final class BenchmarkOrder {
    static final double LAT = 31.2304;
    static final double LON = 121.4737;
    static final int[] VERTICES = {200, 300, 400, 500};
    static final double ZONE_RADIUS = 500;
    static final Instant START = Instant.parse("2026-11-27T00:00:00Z");

    final Order order;
    final List<Polygon> lonLatZones = new ArrayList<>();
    final double[][] siteCentres = new double[VERTICES.length][];

    BenchmarkOrder() {
        GeometryFactory factory = new GeometryFactory();
        Random random = new Random(1);
        List<Zone> zones = new ArrayList<>();
        for (int z = 0; z < VERTICES.length; z++) {
            double[] centre = offset(LAT, LON, 90 * z + 45, 3000);
            siteCentres[z] = centre;
            Coordinate[] ring = new Coordinate[VERTICES[z] + 1];
            for (int i = 0; i < VERTICES[z]; i++) {
                double angle = 2 * Math.PI * i / VERTICES[z];
                double r = ZONE_RADIUS * (1 + 0.2 * Math.sin(5 * angle) + 0.05 * random.nextDouble());
                double[] v = offset(centre[0], centre[1], Math.toDegrees(angle), r);
                ring[i] = new Coordinate(v[1], v[0]);
            }
            ring[VERTICES[z]] = ring[0].copy();
            Polygon polygon = factory.createPolygon(ring);
            lonLatZones.add(polygon);
            zones.add(new ExclusionZone("site-" + z, new Polygonal(polygon), null));
        }
        zones.add(new MobileExclusionZone("victim-1", "prot-1", 500, 1000));
        zones.add(new MobileExclusionZone("victim-2", "prot-2", 500, 1000));
        order = new Order(
                "BENCH-1",
                ZoneId.of("Asia/Shanghai"),
                START.minusSeconds(86_400),
                START.plusSeconds(86_400L * 3650),
                "resp",
                List.of("prot-1", "prot-2"),
                zones,
                List.of(),
                List.of());
    }

    static EvaluatorSettings settings() {
        return EvaluatorSettings.defaults();
    }

    /** The zones projected into a frame at the order's centre, unprepared: the naive baseline's geometry. */
    List<Geometry> planarZones(BenchmarkFrame frame) {
        List<Geometry> planar = new ArrayList<>();
        for (Polygon p : lonLatZones) {
            Geometry g = p.copy();
            double[] out = new double[2];
            for (Coordinate c : g.getCoordinates()) {
                frame.project(c.y, c.x, out);
                c.x = out[0];
                c.y = out[1];
            }
            g.geometryChanged();
            planar.add(g);
        }
        return planar;
    }

    /** A point {@code metres} from (lat, lon) on a bearing (degrees), spherical approximation: good enough to place fixes. */
    static double[] offset(double lat, double lon, double bearing, double metres) {
        double b = Math.toRadians(bearing);
        double dLat = metres * Math.cos(b) / 110_946.0;
        double dLon = metres * Math.sin(b) / (111_320.0 * Math.cos(Math.toRadians(lat)));
        return new double[] {lat + dLat, lon + dLon};
    }

    /**
     * A respondent track of {@code n} fix positions in blocks of 1000: 950 far away (12-20 km), 40 in the
     * warning band of a zone (50-400 m outside its edge), 10 inside a zone; each block's area is walked
     * slowly with noise so consecutive fixes are plausible except at block changes.
     */
    double[][] mixedTrack(int n) {
        Random random = new Random(2);
        double[][] track = new double[n][];
        for (int i = 0; i < n; i++) {
            int k = i % 1000;
            int block = i / 1000;
            double[] site = siteCentres[block % siteCentres.length];
            if (k < 950) {
                double[] base = offset(LAT, LON, 200 + block * 7 % 40, 12_000 + (block % 8) * 1000);
                track[i] = offset(base[0], base[1], random.nextDouble() * 360, 20 * random.nextDouble() + k * 0.5);
            } else if (k < 990) {
                track[i] = offset(
                        site[0], site[1], 30 + (k - 950) * 0.3, ZONE_RADIUS * 1.25 + 50 + 100 * random.nextDouble());
            } else {
                track[i] = offset(site[0], site[1], random.nextDouble() * 360, 50 * random.nextDouble());
            }
        }
        return track;
    }

    /** Every fix in the warning band of the 500-vertex zone, walking slowly around it. */
    double[][] warningBandTrack(int n) {
        Random random = new Random(3);
        double[] site = siteCentres[VERTICES.length - 1];
        double[][] track = new double[n][];
        for (int i = 0; i < n; i++) {
            double bearing = (i * 0.05) % 360;
            track[i] = offset(site[0], site[1], bearing, ZONE_RADIUS * 1.25 + 60 + 250 * random.nextDouble());
        }
        return track;
    }

    /** Where the protected persons are: far from the respondent's usual places. */
    static double[] protectedPosition(int person, long step) {
        double[] home = offset(LAT, LON, person == 0 ? 10 : 170, 25_000);
        return offset(home[0], home[1], (step * 3) % 360, 30);
    }

    static Ping respondentPing(double[] position, long seq) {
        return new Ping("resp", seq, START.plusMillis(seq * 5_000), position[0], position[1], 8);
    }
}
