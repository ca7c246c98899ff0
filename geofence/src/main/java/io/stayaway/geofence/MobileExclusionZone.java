package io.stayaway.geofence;

import java.util.Objects;

/**
 * A moving zone around a protected person's device: the respondent must keep at least
 * {@code minDistanceMetres} away and is warned from {@code warningDistanceMetres}; immutable.
 */
public record MobileExclusionZone(
        String id, String protectedDeviceId, double minDistanceMetres, double warningDistanceMetres) implements Zone {
    public MobileExclusionZone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(protectedDeviceId, "protectedDeviceId");
        if (id.isBlank() || protectedDeviceId.isBlank()) {
            throw new IllegalArgumentException("mobile zone id and protectedDeviceId must not be blank");
        }
        if (!Double.isFinite(minDistanceMetres) || minDistanceMetres <= 0 || minDistanceMetres > 100_000) {
            throw new IllegalArgumentException(
                    "zone " + id + ": minDistanceMetres must be in (0, 100000], was " + minDistanceMetres);
        }
        if (!Double.isFinite(warningDistanceMetres)
                || warningDistanceMetres < minDistanceMetres
                || warningDistanceMetres > 200_000) {
            throw new IllegalArgumentException(
                    "zone " + id + ": warningDistanceMetres must be >= minDistanceMetres and <= 200000, was "
                            + warningDistanceMetres);
        }
    }
}
