package io.stayaway.gateway.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * An MQTT message as it arrived, before anything was decided about it.
 *
 * @param authenticatedDeviceId the device the transport authenticated (embedded mode), or null when the
 *                              transport does not authenticate devices itself (broker mode)
 */
public record RawMessage(String topic, byte[] payload, Instant receivedAt, String authenticatedDeviceId) {
    public RawMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
