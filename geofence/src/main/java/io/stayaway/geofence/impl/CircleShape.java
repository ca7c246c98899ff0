package io.stayaway.geofence.impl;

/** A geodesic circle kept analytic: distance to its centre minus its radius; immutable, thread-safe. */
final class CircleShape implements ZoneShape {
    private final LocalFrame frame;
    private final double cx;
    private final double cy;
    private final double radius;

    CircleShape(LocalFrame frame, double lat, double lon, double radiusMetres) {
        this.frame = frame;
        double[] c = new double[2];
        frame.project(lat, lon, c);
        this.cx = c[0];
        this.cy = c[1];
        this.radius = radiusMetres;
    }

    @Override
    public double signedDistance(double x, double y) {
        return frame.groundLength(x, y, cx, cy) - radius;
    }

    @Override
    public double maxDepthAlong(double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : ((cx - x1) * dx + (cy - y1) * dy) / len2;
        t = Math.max(0, Math.min(1, t));
        double depth = -signedDistance(x1 + t * dx, y1 + t * dy);
        return depth < 0 ? Double.NEGATIVE_INFINITY : depth;
    }

    @Override
    public double equivalentRadius() {
        return radius;
    }

    double centreX() {
        return cx;
    }

    double centreY() {
        return cy;
    }

    /** The plane radius of this circle (ground radius times the scale factor at the centre). */
    double planeRadius() {
        return radius / frame.meanInverseScale(cx, cx);
    }
}
