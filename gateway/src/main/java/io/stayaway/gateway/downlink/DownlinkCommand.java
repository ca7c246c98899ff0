package io.stayaway.gateway.downlink;

import java.time.Instant;
import java.util.UUID;

/**
 * A command to a device as queued: its place in the queue ({@code seq}), the id it carries on the wire,
 * its type ({@code set_interval} or {@code notify}), the JSON sent, when it was queued and how many
 * deliveries were tried.
 */
record DownlinkCommand(
        long seq, UUID id, String deviceId, String type, String payload, Instant createdAt, int attempts) {
    static final String SET_INTERVAL = "set_interval";
}
