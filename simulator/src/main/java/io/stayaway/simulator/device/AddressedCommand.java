package io.stayaway.simulator.device;

/** A downlink command together with the device it was sent to. Immutable, thread-safe. */
public record AddressedCommand(String deviceId, DownlinkCommand command) {
    public AddressedCommand {
        if (deviceId == null || command == null) {
            throw new IllegalArgumentException("deviceId and command are required");
        }
    }
}
