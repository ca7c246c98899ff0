package io.stayaway.geofence.impl;

/** The ground of a static zone in an order's {@link LocalFrame}, answering in ground metres; immutable, thread-safe. */
sealed interface ZoneShape permits CircleShape, PolygonShape {
    /** Signed ground distance from the frame point to the zone's edge, metres; negative inside. */
    double signedDistance(double x, double y);

    /**
     * The deepest ground penetration into the zone along the straight plane segment, metres;
     * {@link Double#NEGATIVE_INFINITY} when the segment does not touch the zone.
     */
    double maxDepthAlong(double x1, double y1, double x2, double y2);

    /** Radius of the circle with the same ground area, metres: the zone's "size" for the default warning band. */
    double equivalentRadius();
}
