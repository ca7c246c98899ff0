package io.stayaway.simulator.device;

/**
 * A message a wearable hands to its link: which device, what kind, at which scenario offset
 * (milliseconds) it is sent, the exact JSON payload, how many pings/events it holds, and a short
 * human description for the console. Immutable, thread-safe.
 */
public record Uplink(
        String deviceId, UplinkKind kind, long offsetMillis, String payload, int items, String description) {
    public Uplink {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId is required");
        }
        if (kind == null || payload == null) {
            throw new IllegalArgumentException("kind and payload are required");
        }
        if (items < 1) {
            throw new IllegalArgumentException("an uplink carries at least one item");
        }
    }
}
