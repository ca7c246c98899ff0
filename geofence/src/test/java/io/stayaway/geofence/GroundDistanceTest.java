package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** The public ground measures agree with GeographicLib (the reference) as the evaluator's do. */
class GroundDistanceTest {
    private static final GeometryFactory LON_LAT = new GeometryFactory();

    @ParameterizedTest(name = "{1} m at azimuth {0}")
    @CsvSource({"0, 5", "45, 120", "90, 800", "200, 3000", "300, 25000"})
    void betweenTwoPointsIsTheGeodesicLengthToHalfAMetre(double azimuth, double metres) {
        double[] p = Ground.offset(Ground.LAT, Ground.LON, azimuth, metres);
        assertEquals(metres, GroundDistance.between(Ground.LAT, Ground.LON, p[0], p[1]), 0.5);
    }

    @ParameterizedTest(name = "{1} m from the centre at azimuth {0}")
    @CsvSource({"0, 100", "90, 499", "135, 501", "270, 1500"})
    void toACircleIsTheDistanceToItsCentreLessTheRadius(double azimuth, double fromCentre) {
        double[] p = Ground.offset(Ground.LAT, Ground.LON, azimuth, fromCentre);
        Circle home = new Circle(Ground.LAT, Ground.LON, 500);
        assertEquals(fromCentre - 500, GroundDistance.toEdge(home, p[0], p[1]), 0.5);
    }

    @ParameterizedTest(name = "{0} m east of the square's centre")
    @CsvSource({"0, -200", "150, -50", "200, 0", "260, 60", "1200, 1000"})
    void toAPolygonIsSignedNegativeInsideAndExactAlongAnAxis(double east, double expected) {
        double[] north = Ground.offset(Ground.LAT, Ground.LON, 0, 200);
        double[] south = Ground.offset(Ground.LAT, Ground.LON, 180, 200);
        double[] eastEdge = Ground.offset(Ground.LAT, Ground.LON, 90, 200);
        double[] westEdge = Ground.offset(Ground.LAT, Ground.LON, 270, 200);
        Polygonal square = new Polygonal(LON_LAT.createPolygon(new Coordinate[] {
            new Coordinate(westEdge[1], south[0]),
            new Coordinate(eastEdge[1], south[0]),
            new Coordinate(eastEdge[1], north[0]),
            new Coordinate(westEdge[1], north[0]),
            new Coordinate(westEdge[1], south[0])
        }));
        double[] p = Ground.offset(Ground.LAT, Ground.LON, 90, east);
        assertEquals(expected, GroundDistance.toEdge(square, p[0], p[1]), 0.5);
    }
}
