package io.stayaway.gateway.ingest;

import java.util.Locale;
import java.util.Optional;

/** The device events of the wire contract. */
public enum DeviceEventType {
    STRAP_TAMPER,
    STRAP_RESTORED,
    CASE_OPEN,
    BATTERY_LOW,
    CHARGING,
    GNSS_LOST,
    GNSS_RESTORED,
    POWER_OFF,
    JAMMING,
    PANIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeviceEventType> fromWire(String name) {
        for (DeviceEventType t : values()) {
            if (t.wireName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
