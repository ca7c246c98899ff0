package io.stayaway.geofence;

import java.util.Objects;

/**
 * A fixed place the respondent must stay out of (the protected person's home, school, work); immutable.
 *
 * @param id                  zone id, unique within the order
 * @param area                the forbidden ground
 * @param warningBufferMetres width of the warning band outside the edge; {@code null} = the zone's own
 *                            size again (circle: its radius; polygon: the radius of a circle of equal area),
 *                            so a 500 m circle warns from 1,000 m as in Spain's bilateral programme
 */
public record ExclusionZone(String id, Area area, Double warningBufferMetres) implements Zone {
    public ExclusionZone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(area, "area");
        if (id.isBlank()) {
            throw new IllegalArgumentException("zone id is blank");
        }
        if (warningBufferMetres != null && (!Double.isFinite(warningBufferMetres) || warningBufferMetres < 0)) {
            throw new IllegalArgumentException(
                    "zone " + id + ": warningBufferMetres must be finite and >= 0, was " + warningBufferMetres);
        }
    }
}
