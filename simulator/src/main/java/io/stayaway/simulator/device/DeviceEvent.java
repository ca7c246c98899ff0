package io.stayaway.simulator.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One uplink device event as the wire contract defines it; lat/lon are optional. Immutable, thread-safe. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"seq", "ts", "type", "lat", "lon"})
public record DeviceEvent(long seq, long ts, EventType type, Double lat, Double lon) {
    public DeviceEvent {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, got " + seq);
        }
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if ((lat == null) != (lon == null)) {
            throw new IllegalArgumentException("lat and lon go together");
        }
    }
}
