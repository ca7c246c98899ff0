package io.stayaway.gateway.orders;

import java.util.List;

/** A new order names as its respondent's device one already worn under another active order. */
public final class DeviceInUseException extends RuntimeException {
    private final String deviceId;
    private final List<String> orderIds;

    public DeviceInUseException(String deviceId, List<String> orderIds) {
        super("device " + deviceId + " is assigned to " + orderIds, null, false, false);
        this.deviceId = deviceId;
        this.orderIds = List.copyOf(orderIds);
    }

    public String deviceId() {
        return deviceId;
    }

    /** The active orders that already hold the device. */
    public List<String> orderIds() {
        return orderIds;
    }
}
