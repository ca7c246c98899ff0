package io.stayaway.geofence;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * A polygon or multipolygon in WGS84 degrees (x = lon, y = lat), holes honoured; immutable by
 * contract (the geometry is copied on construction and never handed out for mutation).
 *
 * @param lonLat a valid, non-empty {@link Polygon} or {@link MultiPolygon}
 */
public record Polygonal(Geometry lonLat) implements Area {
    public Polygonal {
        Objects.requireNonNull(lonLat, "lonLat");
        if (!(lonLat instanceof Polygon || lonLat instanceof MultiPolygon)) {
            throw new IllegalArgumentException(
                    "area must be a Polygon or MultiPolygon, was " + lonLat.getGeometryType());
        }
        if (lonLat.isEmpty()) {
            throw new IllegalArgumentException("area polygon is empty");
        }
        if (!lonLat.isValid()) {
            throw new IllegalArgumentException(
                    "area polygon is not valid (self-intersection or bad ring): " + lonLat.toText());
        }
        Envelopes.requireLonLat(lonLat.getEnvelopeInternal(), "area polygon");
        lonLat = lonLat.copy();
    }
}
