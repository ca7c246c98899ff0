package io.stayaway.gateway.downlink;

/**
 * Sends commands to devices on {@code wearables/{deviceId}/cmd} (and errors on {@code …/error}),
 * whichever transport the gateway uses. Implementations are thread-safe and never block.
 */
public interface Downlink {
    /** Publishes {@code payload} (JSON) to the device's topic {@code wearables/{deviceId}/{suffix}} with QoS 1. */
    void send(String deviceId, String suffix, String payload);
}
