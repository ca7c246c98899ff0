package io.stayaway.geofence.impl;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A local metric frame for one order: ellipsoidal transverse Mercator on WGS84 with unit scale on
 * a central meridian through the order, origin at the order's centre; immutable, thread-safe.
 *
 * <p>Forward projection by Krüger's series to fourth order in the third flattening n, as given in
 * C. F. F. Karney, "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy 85 (2011),
 * eqs. (7)-(11), (35). The truncation error is below a millimetre within thousands of kilometres of
 * the central meridian. (Math.hypot is avoided: it is an order of magnitude slower than sqrt on JDK 17 and overflow is impossible here.)
 * Lengths measured on the plane are too long by the point scale factor k; they
 * are corrected by integrating 1/k along the segment with Simpson's rule, using the second-order
 * scale factor k = 1 + x²/(2ρν) (ρν at the origin; Redfearn's series, whose next term is below 1e-9
 * within 50 km of the central meridian).
 */
final class LocalFrame {
    /** WGS84 semi-major axis, metres. */
    static final double A_AXIS = 6_378_137.0;
    /** WGS84 flattening. */
    static final double FLATTENING = 1 / 298.257223563;

    static final double E2 = FLATTENING * (2 - FLATTENING);
    private static final double E = Math.sqrt(E2);
    private static final double N = FLATTENING / (2 - FLATTENING);
    private static final double RECTIFYING_RADIUS;
    private static final double ALPHA1;
    private static final double ALPHA2;
    private static final double ALPHA3;
    private static final double ALPHA4;

    static {
        double n2 = N * N;
        double n3 = n2 * N;
        double n4 = n3 * N;
        RECTIFYING_RADIUS = A_AXIS / (1 + N) * (1 + n2 / 4 + n4 / 64);
        ALPHA1 = N / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180;
        ALPHA2 = 13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440;
        ALPHA3 = 61 * n3 / 240 - 103 * n4 / 140;
        ALPHA4 = 49561 * n4 / 161280;
    }

    private final double lon0;
    private final double northingOfOrigin;
    private final double inverseTwoRhoNu;

    /** A frame whose origin (0, 0) is at the given point. */
    LocalFrame(double originLat, double originLon) {
        this.lon0 = originLon;
        this.northingOfOrigin = rawNorthing(originLat, originLon, originLon);
        double s = Math.sin(Math.toRadians(originLat));
        double w2 = 1 - E2 * s * s;
        double nu = A_AXIS / Math.sqrt(w2);
        double rho = A_AXIS * (1 - E2) / (w2 * Math.sqrt(w2));
        this.inverseTwoRhoNu = 1 / (2 * rho * nu);
    }

    /** Projects (lat, lon) in degrees to frame metres, writing x (east) to out[0] and y (north) to out[1]. */
    void project(double lat, double lon, double[] out) {
        forward(lat, lon, lon0, out);
        out[1] -= northingOfOrigin;
    }

    /** A copy of a lon/lat geometry in frame metres (x east, y north), made by {@code planarFactory}. */
    Geometry toPlane(Geometry lonLat, GeometryFactory planarFactory) {
        Geometry planar = planarFactory.createGeometry(lonLat);
        planar.apply(new CoordinateSequenceFilter() {
            private final double[] out = new double[2];

            @Override
            public void filter(CoordinateSequence seq, int i) {
                project(seq.getY(i), seq.getX(i), out);
                seq.setOrdinate(i, 0, out[0]);
                seq.setOrdinate(i, 1, out[1]);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        planar.geometryChanged();
        return planar;
    }

    /** Point scale factor at easting x (metres): how much longer a short plane length is than the ground length. */
    double scale(double x) {
        return 1 + x * x * inverseTwoRhoNu;
    }

    /** Ground length (metres) of the plane segment (x1, y1)-(x2, y2), corrected for scale by Simpson's rule over 1/k. */
    double groundLength(double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double plane = Math.sqrt(dx * dx + dy * dy);
        return plane * meanInverseScale(x1, x2);
    }

    /** Mean of 1/k along a segment whose ends have eastings x1 and x2 (Simpson's rule; exact for this quadratic k to 1e-12). */
    double meanInverseScale(double x1, double x2) {
        return (1 / scale(x1) + 4 / scale((x1 + x2) / 2) + 1 / scale(x2)) / 6;
    }

    private static double rawNorthing(double lat, double lon, double centralLon) {
        double[] out = new double[2];
        forward(lat, lon, centralLon, out);
        return out[1];
    }

    private static void forward(double latDeg, double lonDeg, double centralLonDeg, double[] out) {
        double lambda = Math.toRadians(normaliseLongitude(lonDeg - centralLonDeg));
        double phi = Math.toRadians(latDeg);
        double cosLambda = Math.cos(lambda);
        double sinLambda = Math.sin(lambda);
        double tau = Math.tan(phi);
        double tauPrime = conformalTangent(tau);
        double xiPrime = Math.atan2(tauPrime, cosLambda);
        double etaPrime = asinh(sinLambda / Math.sqrt(tauPrime * tauPrime + cosLambda * cosLambda));
        double s2 = Math.sin(2 * xiPrime);
        double c2 = Math.cos(2 * xiPrime);
        double sh2 = Math.sinh(2 * etaPrime);
        double ch2 = Math.cosh(2 * etaPrime);
        double xi = xiPrime;
        double eta = etaPrime;
        double sj = s2;
        double cj = c2;
        double shj = sh2;
        double chj = ch2;
        double[] alpha = {ALPHA1, ALPHA2, ALPHA3, ALPHA4};
        for (int j = 0; j < alpha.length; j++) {
            xi += alpha[j] * sj * chj;
            eta += alpha[j] * cj * shj;
            double sNext = sj * c2 + cj * s2;
            double cNext = cj * c2 - sj * s2;
            double shNext = shj * ch2 + chj * sh2;
            double chNext = chj * ch2 + shj * sh2;
            sj = sNext;
            cj = cNext;
            shj = shNext;
            chj = chNext;
        }
        out[0] = RECTIFYING_RADIUS * eta;
        out[1] = RECTIFYING_RADIUS * xi;
    }

    /** tan of the conformal latitude from tan of the geodetic latitude (Karney 2011, eqs. 7-9). */
    private static double conformalTangent(double tau) {
        double secant = Math.sqrt(1 + tau * tau);
        double sigma = Math.sinh(E * atanh(E * tau / secant));
        return tau * Math.sqrt(1 + sigma * sigma) - sigma * secant;
    }

    private static double normaliseLongitude(double d) {
        double r = d % 360;
        if (r > 180) {
            return r - 360;
        }
        if (r < -180) {
            return r + 360;
        }
        return r;
    }

    private static double atanh(double v) {
        return 0.5 * Math.log((1 + v) / (1 - v));
    }

    private static double asinh(double v) {
        return Math.copySign(Math.log(Math.abs(v) + Math.sqrt(v * v + 1)), v);
    }
}
