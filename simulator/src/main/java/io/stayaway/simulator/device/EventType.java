package io.stayaway.simulator.device;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Device event types of the wire contract (topic wearables/{deviceId}/event). Immutable, thread-safe. */
public enum EventType {
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

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
