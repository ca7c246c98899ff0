package io.stayaway.geofence;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A protection order as the geofence engine sees it: who wears which device, the stay-away rules,
 * and the court-permitted exceptions; immutable. Nothing is evaluated outside {@code [validFrom, validUntil)}.
 */
public record Order(
        String id,
        ZoneId timeZone,
        Instant validFrom,
        Instant validUntil,
        String respondentDeviceId,
        List<String> protectedDeviceIds,
        List<Zone> zones,
        List<Suspension> suspensions,
        List<Corridor> corridors) {
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(respondentDeviceId, "respondentDeviceId");
        if (id.isBlank() || respondentDeviceId.isBlank()) {
            throw new IllegalArgumentException("order id and respondentDeviceId must not be blank");
        }
        if (!validFrom.isBefore(validUntil)) {
            throw new IllegalArgumentException(
                    "order " + id + ": validFrom " + validFrom + " must be before validUntil " + validUntil);
        }
        protectedDeviceIds = List.copyOf(protectedDeviceIds == null ? List.of() : protectedDeviceIds);
        zones = List.copyOf(zones == null ? List.of() : zones);
        suspensions = List.copyOf(suspensions == null ? List.of() : suspensions);
        corridors = List.copyOf(corridors == null ? List.of() : corridors);
        requireDistinctDevices(id, respondentDeviceId, protectedDeviceIds);
        requireConsistentZones(id, zones, protectedDeviceIds, suspensions, corridors);
    }

    private static void requireDistinctDevices(String id, String respondent, List<String> protectedIds) {
        Set<String> seen = new HashSet<>();
        seen.add(respondent);
        for (String p : protectedIds) {
            if (!seen.add(p)) {
                throw new IllegalArgumentException(
                        "order " + id + ": device " + p + " appears twice among the parties");
            }
        }
    }

    private static void requireConsistentZones(
            String id,
            List<Zone> zones,
            List<String> protectedIds,
            List<Suspension> suspensions,
            List<Corridor> corridors) {
        Set<String> zoneIds = new HashSet<>();
        Set<String> exclusionIds = new HashSet<>();
        for (Zone z : zones) {
            if (!zoneIds.add(z.id())) {
                throw new IllegalArgumentException("order " + id + ": zone id " + z.id() + " is not unique");
            }
            if (z instanceof ExclusionZone) {
                exclusionIds.add(z.id());
            }
            if (z instanceof MobileExclusionZone m && !protectedIds.contains(m.protectedDeviceId())) {
                throw new IllegalArgumentException("order " + id + ": mobile zone " + m.id() + " follows device "
                        + m.protectedDeviceId() + " which is not a protected device of the order");
            }
        }
        for (Suspension s : suspensions) {
            if (!zoneIds.contains(s.zoneId())) {
                throw new IllegalArgumentException("order " + id + ": suspension names unknown zone " + s.zoneId());
            }
        }
        for (Corridor c : corridors) {
            if (!exclusionIds.contains(c.zoneId())) {
                throw new IllegalArgumentException(
                        "order " + id + ": corridor names " + c.zoneId() + " which is not a static exclusion zone");
            }
        }
    }

    /** Whether the device is one of the order's parties. */
    public boolean involves(String deviceId) {
        return respondentDeviceId.equals(deviceId) || protectedDeviceIds.contains(deviceId);
    }

    /** Whether the order is in force at {@code t}. */
    public boolean inForceAt(Instant t) {
        return !t.isBefore(validFrom) && t.isBefore(validUntil);
    }
}
