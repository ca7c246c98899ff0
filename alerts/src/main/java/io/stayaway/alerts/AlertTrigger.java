package io.stayaway.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that must become (or update) exactly one alert: a geofence episode or a device event.
 * The dedupe key is stable across restarts (the episode id, or device id + event seq), so raising
 * the same trigger twice yields one alert.
 *
 * @param eventTime       device time the episode or event started
 * @param endedAt         device time the episode ended, or null while it is ongoing
 * @param minDistanceMetres signed distance to the zone edge or to the protected person (negative = inside), or null
 * @param accuracyMetres  accuracy of the fix that decided it, or null
 */
public record AlertTrigger(
        String dedupeKey,
        String orderId,
        AlertType type,
        String ruleId,
        String deviceId,
        String party,
        Instant eventTime,
        Instant endedAt,
        boolean late,
        Double minDistanceMetres,
        Double accuracyMetres,
        String explanation) {
    public AlertTrigger {
        requireText(dedupeKey, "dedupeKey");
        requireText(orderId, "orderId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
