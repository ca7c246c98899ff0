package io.stayaway.alerts.checkin;

import java.util.Locale;

/** Why a check-in is sent: the order's schedule, or a critical alert of the order. */
public enum CheckInKind {
    SCHEDULED,
    AFTER_ALERT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CheckInKind fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
