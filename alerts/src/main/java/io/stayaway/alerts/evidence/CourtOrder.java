package io.stayaway.alerts.evidence;

import io.stayaway.geofence.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What evidence needs of a protection order, and no more: its identity, court and station, validity and
 * time zone, the parties by role and device (no names, no phone numbers), and its zones. The gateway
 * adapts its order document to this. Immutable.
 *
 * @param station     the police station whose duty desk handles the order, or null
 * @param zones       the zones as the evaluator judges them: distances and the report's map are computed from these
 * @param statedZones the zones exactly as the order document states them (its {@code zones} array), exported as GeoJSON
 */
public record CourtOrder(
        String id,
        String court,
        String station,
        ZoneId timeZone,
        Instant validFrom,
        Instant validUntil,
        List<Party> parties,
        List<Zone> zones,
        JsonArray statedZones) {
    public CourtOrder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        parties = List.copyOf(parties);
        zones = List.copyOf(zones);
        statedZones = statedZones.copy();
    }

    /** A person the order concerns, by the side they are on and the device they wear. */
    public record Party(Role role, String deviceId) {
        public Party {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(deviceId, "deviceId");
        }
    }

    /** Which side of the order a party is on. */
    public enum Role {
        RESPONDENT,
        PROTECTED;

        /** The name used in exported files: {@code respondent}, {@code protected}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads an order as the gateway stores it (the JSON document of {@code orders.body} and {@code order_versions.body}). */
    @FunctionalInterface
    public interface Reader {
        CourtOrder read(JsonObject storedDocument);
    }
}
