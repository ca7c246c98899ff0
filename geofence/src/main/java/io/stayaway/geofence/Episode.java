package io.stayaway.geofence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One alertable situation, from its first supporting fix to the dwell-confirmed all-clear; immutable.
 *
 * @param id                   deterministic: derived from order, zone, kind and the first supporting fix known when the
 *                             episode opened, so a restart that replays the same fixes produces the same id
 * @param deviceId             the respondent's device
 * @param counterpartDeviceId  the protected person's device for mobile zones, else {@code null}
 * @param start                device time of the first supporting fix
 * @param end                  device time of the first fix of the all-clear run, {@code null} while open
 * @param firstSeq             seq of the respondent's first supporting fix
 * @param lastSeq              seq of the respondent's latest supporting fix
 * @param minDistanceMetres    static zones: least signed distance to the edge (negative inside);
 *                             mobile zones: closest observed separation between the parties
 * @param maxPenetrationMetres deepest observed intrusion past the rule's limit, &gt;= 0
 * @param accuracyMetres       largest uncertainty among the supporting fixes
 * @param supportingSeqs       the respondent's supporting fix seqs, the first ones up to the configured bound
 * @param late                 opened retrospectively because a late fix arrived
 * @param explanation          why it opened (and closed), in words
 */
public record Episode(String id, String orderId, String zoneId, EpisodeKind kind, String deviceId, String counterpartDeviceId,
                      Instant start, Instant end, long firstSeq, long lastSeq,
                      double minDistanceMetres, double maxPenetrationMetres, double accuracyMetres,
                      List<Long> supportingSeqs, boolean late, String explanation) {
    public Episode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(explanation, "explanation");
        supportingSeqs = List.copyOf(supportingSeqs);
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("episode " + id + " ends " + end + " before it starts " + start);
        }
    }

    /** Whether the episode has not been closed yet. */
    public boolean isOpen() {
        return end == null;
    }

    /** The deterministic episode id: a name-based (RFC 4122 version 3) UUID of its identifying facts. */
    public static String idFor(String orderId, String zoneId, EpisodeKind kind, String deviceId, long firstSeq) {
        String name = orderId + '\u001f' + zoneId + '\u001f' + kind + '\u001f' + deviceId + ':' + firstSeq;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
