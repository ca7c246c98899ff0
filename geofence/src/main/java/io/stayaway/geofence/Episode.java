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
public record Episode(
        String id,
        String orderId,
        String zoneId,
        EpisodeKind kind,
        String deviceId,
        String counterpartDeviceId,
        Instant start,
        Instant end,
        long firstSeq,
        long lastSeq,
        double minDistanceMetres,
        double maxPenetrationMetres,
        double accuracyMetres,
        List<Long> supportingSeqs,
        boolean late,
        String explanation) {
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

    /** A builder with every component of this episode, to change a few of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder with no component set (no counterpart, no end, no supporting seqs, not late). */
    public static Builder builder() {
        return new Builder();
    }

    /** This episode under another id. */
    public Episode withId(String newId) {
        return toBuilder().id(newId).build();
    }

    /** This episode starting at another time. */
    public Episode withStart(Instant newStart) {
        return toBuilder().start(newStart).build();
    }

    /** This episode ended at {@code newEnd}, or open again when {@code null}. */
    public Episode withEnd(Instant newEnd) {
        return toBuilder().end(newEnd).build();
    }

    /** This episode with another late flag. */
    public Episode withLate(boolean newLate) {
        return toBuilder().late(newLate).build();
    }

    /** This episode with another explanation. */
    public Episode withExplanation(String newExplanation) {
        return toBuilder().explanation(newExplanation).build();
    }

    /** Builds an {@link Episode} component by component; validation happens in {@link #build()}. Mutable, not thread-safe. */
    public static final class Builder {
        private String id;
        private String orderId;
        private String zoneId;
        private EpisodeKind kind;
        private String deviceId;
        private String counterpartDeviceId;
        private Instant start;
        private Instant end;
        private long firstSeq;
        private long lastSeq;
        private double minDistanceMetres;
        private double maxPenetrationMetres;
        private double accuracyMetres;
        private List<Long> supportingSeqs = List.of();
        private boolean late;
        private String explanation;

        private Builder() {}

        private Builder(Episode e) {
            id = e.id;
            orderId = e.orderId;
            zoneId = e.zoneId;
            kind = e.kind;
            deviceId = e.deviceId;
            counterpartDeviceId = e.counterpartDeviceId;
            start = e.start;
            end = e.end;
            firstSeq = e.firstSeq;
            lastSeq = e.lastSeq;
            minDistanceMetres = e.minDistanceMetres;
            maxPenetrationMetres = e.maxPenetrationMetres;
            accuracyMetres = e.accuracyMetres;
            supportingSeqs = e.supportingSeqs;
            late = e.late;
            explanation = e.explanation;
        }

        public Builder id(String value) {
            id = value;
            return this;
        }

        /** Order, zone, kind, and the respondent's and counterpart's devices: what every episode of one rule shares. */
        public Builder rule(
                String order, String zone, EpisodeKind episodeKind, String device, String counterpartDevice) {
            orderId = order;
            zoneId = zone;
            kind = episodeKind;
            deviceId = device;
            counterpartDeviceId = counterpartDevice;
            return this;
        }

        public Builder start(Instant value) {
            start = value;
            return this;
        }

        public Builder end(Instant value) {
            end = value;
            return this;
        }

        /** The respondent's first and latest supporting fix seqs. */
        public Builder seqs(long first, long last) {
            firstSeq = first;
            lastSeq = last;
            return this;
        }

        public Builder lastSeq(long value) {
            lastSeq = value;
            return this;
        }

        /** Closest distance, deepest penetration and largest uncertainty, metres. */
        public Builder measures(double minDistance, double maxPenetration, double accuracy) {
            minDistanceMetres = minDistance;
            maxPenetrationMetres = maxPenetration;
            accuracyMetres = accuracy;
            return this;
        }

        public Builder supportingSeqs(List<Long> value) {
            supportingSeqs = value;
            return this;
        }

        public Builder late(boolean value) {
            late = value;
            return this;
        }

        public Builder explanation(String value) {
            explanation = value;
            return this;
        }

        public Episode build() {
            return new Episode(
                    id,
                    orderId,
                    zoneId,
                    kind,
                    deviceId,
                    counterpartDeviceId,
                    start,
                    end,
                    firstSeq,
                    lastSeq,
                    minDistanceMetres,
                    maxPenetrationMetres,
                    accuracyMetres,
                    supportingSeqs,
                    late,
                    explanation);
        }
    }

    /**
     * The deterministic episode id: a name-based (RFC 4122 version 3) UUID of its identifying facts, the fix that
     * started it being named by its device, seq and device time: a device that restarts its seq from 0 starts new
     * episodes, never reopens old ones (whose alerts would then be updated instead of raised).
     *
     * @param firstMillis the device time (epoch milliseconds) of the observation that started the episode
     */
    public static String idFor(
            String orderId, String zoneId, EpisodeKind kind, String deviceId, long firstSeq, long firstMillis) {
        String name = orderId
                + '\u001f'
                + zoneId
                + '\u001f'
                + kind
                + '\u001f'
                + deviceId
                + ':'
                + firstSeq
                + '@'
                + firstMillis;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
