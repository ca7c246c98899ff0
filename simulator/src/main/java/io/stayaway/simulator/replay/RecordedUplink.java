package io.stayaway.simulator.replay;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.stayaway.simulator.device.UplinkKind;

/**
 * One line of a replay file: the device, the topic leaf ({@code ping} or {@code event}), when it
 * was sent (epoch ms; optional, the payload's ts is used without it) and the payload exactly as
 * sent (an object, or an array of pings). Immutable, thread-safe.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"deviceId", "topic", "sentAt", "payload"})
public record RecordedUplink(String deviceId, String topic, Long sentAt, JsonNode payload) {
    public RecordedUplink {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId is required");
        }
        if (!"ping".equals(topic) && !"event".equals(topic)) {
            throw new IllegalArgumentException("topic must be ping or event, got " + topic);
        }
        if (payload == null || !(payload.isObject() || payload.isArray() && "ping".equals(topic))) {
            throw new IllegalArgumentException("payload must be a JSON object (or an array of pings)");
        }
        if (sentAt == null && latestTs(payload) < 0) {
            throw new IllegalArgumentException("without sentAt the payload needs a ts");
        }
    }

    /** When it was sent, or failing that the newest fix time in it. */
    public long time() {
        return sentAt != null ? sentAt : latestTs(payload);
    }

    public UplinkKind kind() {
        if ("event".equals(topic)) {
            return UplinkKind.EVENT;
        }
        return payload.isArray() ? UplinkKind.PING_BATCH : UplinkKind.PING;
    }

    public int items() {
        return payload.isArray() ? Math.max(1, payload.size()) : 1;
    }

    private static long latestTs(JsonNode payload) {
        if (payload.isArray()) {
            long latest = -1;
            for (JsonNode element : payload) {
                latest = Math.max(latest, element.path("ts").asLong(-1));
            }
            return latest;
        }
        return payload.path("ts").asLong(-1);
    }
}
