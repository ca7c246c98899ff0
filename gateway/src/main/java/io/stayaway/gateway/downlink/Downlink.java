package io.stayaway.gateway.downlink;

/**
 * Sends commands to devices on their command topic ({@code ingest.Topic#commandTopic}, {@code wearables/{deviceId}/cmd}),
 * with QoS 1, through whichever transport the gateway uses (both MQTT transports implement it).
 * Implementations are thread-safe and never block; a command that cannot be sent is logged, never fatal.
 */
public interface Downlink {
    /** Publishes {@code command} (JSON) to the device's command topic. */
    void send(String deviceId, String command);
}
