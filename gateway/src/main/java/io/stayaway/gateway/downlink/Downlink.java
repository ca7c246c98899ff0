package io.stayaway.gateway.downlink;

/**
 * Commands to devices, as pursuit mode sends them: {@link DownlinkQueue} keeps each one durably until the
 * device's MQTT peer acknowledges it. Implementations are thread-safe and never block.
 */
public interface Downlink {
    /** Sends {@code command} (JSON with {@code id} and {@code type}) to the device's command topic. */
    void send(String deviceId, String command);
}
