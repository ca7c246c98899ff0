package io.stayaway.gateway.downlink;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An MQTT transport as the downlink queue uses it: publishes one command on the device's command topic
 * ({@code wearables/{deviceId}/cmd}) with QoS 1. Both transports implement it. Thread-safe; never blocks.
 */
public interface DownlinkTransport {
    /**
     * Publishes {@code command} (JSON) to the device. Completes when the MQTT peer acknowledges it (PUBACK):
     * the device itself in embedded mode; the broker in broker mode, which holds it for the device's
     * persistent session. Fails, without retrying, when it cannot be sent now (device not connected, broker
     * unreachable or busy); the queue retries.
     */
    CompletableFuture<Void> deliver(String deviceId, String command);

    /** Registers a listener told (on any thread) when a device connects; a transport that cannot tell never calls it. */
    default void onDeviceConnected(Consumer<String> listener) {}
}
