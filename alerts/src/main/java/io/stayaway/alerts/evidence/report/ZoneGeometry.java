package io.stayaway.alerts.evidence.report;

import java.util.List;
import java.util.Objects;

/** The shape of an exclusion zone as stored with the order, in WGS84 degrees. */
public sealed interface ZoneGeometry permits ZoneGeometry.Polygon, ZoneGeometry.Circle {

    /**
     * A polygon: the first ring is the shell, the others are holes; each ring lists its vertices
     * once or closed (first repeated at the end), in either orientation.
     */
    record Polygon(List<List<GeoPoint>> rings) implements ZoneGeometry {
        public Polygon {
            rings = rings.stream().map(List::copyOf).toList();
            if (rings.isEmpty()) {
                throw new IllegalArgumentException("a polygon needs at least a shell ring");
            }
            for (List<GeoPoint> ring : rings) {
                if (ring.size() < 3) {
                    throw new IllegalArgumentException("a polygon ring needs at least 3 vertices, had " + ring.size());
                }
            }
        }
    }

    /** A circle of {@code radiusM} metres around {@code centre}. */
    record Circle(GeoPoint centre, double radiusM) implements ZoneGeometry {
        public Circle {
            Objects.requireNonNull(centre, "centre");
            Checks.positive(radiusM, "radiusM");
        }
    }
}
