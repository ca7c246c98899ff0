package io.stayaway.gateway.ingest;

import io.stayaway.geofence.FixSource;
import java.time.Instant;
import java.util.Objects;

/** A validated uplink record: a location fix or a device event, with the exact bytes the device sent. */
public sealed interface Telemetry permits Telemetry.Fix, Telemetry.Event {
    String deviceId();

    long seq();

    Instant ts();

    Instant receivedAt();

    byte[] raw();

    /**
     * A location fix (wire: ping). Optional fields are null when absent; {@code source} is {@link FixSource#UNKNOWN}
     * when the device does not say how it positioned itself. {@code backlog}: it came in a
     * store-and-forward array (a device's buffered fixes after an outage, wire contract "Store-and-forward");
     * known at receipt only, not stored (a record read back from storage says false).
     */
    record Fix(
            String deviceId,
            long seq,
            Instant ts,
            Instant receivedAt,
            double lat,
            double lon,
            double acc,
            Double speed,
            Double heading,
            Integer battery,
            FixSource source,
            byte[] raw,
            boolean backlog)
            implements Telemetry {
        public Fix {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(ts, "ts");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(raw, "raw");
        }

        /** A fix sent on its own (not in a backlog), without a source. */
        public Fix(
                String deviceId,
                long seq,
                Instant ts,
                Instant receivedAt,
                double lat,
                double lon,
                double acc,
                Double speed,
                Double heading,
                Integer battery,
                byte[] raw) {
            this(deviceId, seq, ts, receivedAt, lat, lon, acc, speed, heading, battery, FixSource.UNKNOWN, raw, false);
        }
    }

    /** A device event (wire: event), with an optional position. */
    record Event(
            String deviceId,
            long seq,
            Instant ts,
            Instant receivedAt,
            DeviceEventType type,
            Double lat,
            Double lon,
            byte[] raw)
            implements Telemetry {
        public Event {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(raw, "raw");
        }
    }
}
