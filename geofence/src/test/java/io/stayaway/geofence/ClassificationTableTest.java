package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import net.sf.geographiclib.GeodesicLine;
import net.sf.geographiclib.GeodesicMask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** Table-driven: fixtures/classification.txt lists zones (WKT or circles) and fixes with the expected verdict. */
class ClassificationTableTest {
    private static final Instant T = Instant.parse("2026-11-27T13:00:00Z");

    record Case(String line, ExclusionZone zone, double lon, double lat, double accuracy, Classification expected) {
        @Override
        public String toString() {
            return line;
        }
    }

    static Stream<Arguments> cases() throws IOException, ParseException {
        Map<String, ExclusionZone> zones = new HashMap<>();
        List<Arguments> cases = new ArrayList<>();
        WKTReader wkt = new WKTReader();
        try (InputStream in = ClassificationTableTest.class.getResourceAsStream("/fixtures/classification.txt")) {
            for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String line =
                        raw.contains("#") ? raw.substring(0, raw.indexOf('#')).trim() : raw.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\\s+", 4);
                switch (f[0]) {
                    case "zone" ->
                        zones.put(
                                f[1], new ExclusionZone(f[1], new Polygonal(wkt.read(f[3])), Double.parseDouble(f[2])));
                    case "circle" -> {
                        String[] c = f[3].split("\\s+");
                        zones.put(
                                f[1],
                                new ExclusionZone(
                                        f[1],
                                        new Circle(
                                                Double.parseDouble(c[1]),
                                                Double.parseDouble(c[0]),
                                                Double.parseDouble(c[2])),
                                        Double.parseDouble(f[2])));
                    }
                    case "case" -> {
                        String[] c = line.split("\\s+");
                        cases.add(Arguments.of(new Case(
                                raw.trim(),
                                zones.get(c[1]),
                                Double.parseDouble(c[2]),
                                Double.parseDouble(c[3]),
                                Double.parseDouble(c[4]),
                                Classification.valueOf(c[5]))));
                    }
                    default -> throw new IllegalStateException("unknown fixture line: " + raw);
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixIsClassifiedAsTheTableSaysAndItsDistanceMatchesGeographicLib(Case c) {
        OrderEvaluator evaluator =
                OrderEvaluator.create(Orders.withZones(List.of(c.zone())), EvaluatorSettings.defaults());

        RuleAssessment a = evaluator
                .evaluate(new Ping(Orders.RESPONDENT, 1, T, c.lat(), c.lon(), c.accuracy()))
                .assessments()
                .get(0);

        assertEquals(c.expected(), a.classification(), a.reason());
        assertEquals(
                Math.max(c.accuracy(), EvaluatorSettings.defaults().minimumUncertaintyMetres()), a.uncertaintyMetres());
        double reference = referenceSignedDistance(c.zone().area(), c.lon(), c.lat());
        if (a.reason().contains("lower bound")) {
            assertTrue(
                    a.distanceMetres() <= reference && a.distanceMetres() > 0, a.distanceMetres() + " vs " + reference);
        } else {
            assertEquals(reference, a.distanceMetres(), 0.5, a.reason());
        }
    }

    /** Signed geodesic distance to the area's edge (negative inside), with polygon edges taken as geodesics. */
    private static double referenceSignedDistance(Area area, double lon, double lat) {
        if (area instanceof Circle circle) {
            return Geodesic.WGS84.Inverse(circle.lat(), circle.lon(), lat, lon).s12 - circle.radiusMetres();
        }
        Geometry polygon = ((Polygonal) area).lonLat();
        Point p = new GeometryFactory().createPoint(new Coordinate(lon, lat));
        double nearest = Double.POSITIVE_INFINITY;
        Geometry boundary = polygon.getBoundary();
        for (int g = 0; g < boundary.getNumGeometries(); g++) {
            Coordinate[] ring = ((LineString) boundary.getGeometryN(g)).getCoordinates();
            for (int i = 0; i + 1 < ring.length; i++) {
                nearest = Math.min(nearest, distanceToGeodesicEdge(lat, lon, ring[i], ring[i + 1]));
            }
        }
        return polygon.contains(p) ? -nearest : nearest;
    }

    private static double distanceToGeodesicEdge(double lat, double lon, Coordinate a, Coordinate b) {
        GeodesicLine line = Geodesic.WGS84.InverseLine(a.y, a.x, b.y, b.x, GeodesicMask.ALL);
        double lo = 0;
        double hi = line.Distance();
        double golden = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 80; i++) {
            double m1 = hi - golden * (hi - lo);
            double m2 = lo + golden * (hi - lo);
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
