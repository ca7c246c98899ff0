package io.stayaway.geofence;

import java.util.Objects;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * A court-permitted passage (polygon, lon/lat degrees) removed from one exclusion zone, e.g. the
 * respondent's route to work; while the fix is inside it, that zone does not apply. Immutable.
 */
public record Corridor(String zoneId, Geometry lonLat) {
    public Corridor {
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(lonLat, "lonLat");
        if (!(lonLat instanceof Polygon || lonLat instanceof MultiPolygon) || lonLat.isEmpty() || !lonLat.isValid()) {
            throw new IllegalArgumentException(
                    "corridor of " + zoneId + " must be a valid, non-empty Polygon or MultiPolygon");
        }
        Envelopes.requireLonLat(lonLat.getEnvelopeInternal(), "corridor of " + zoneId);
        lonLat = lonLat.copy();
    }
}
