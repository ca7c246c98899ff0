package io.stayaway.alerts.checkin;

import java.util.Locale;

/** Where a check-in is in its life; stored lower-case in {@code check_ins.state}. */
public enum CheckInState {
    /** Owed; sent at its send time unless the number opted out. */
    PENDING,
    /** Texted; awaiting her reply. */
    SENT,
    REPLIED_SAFE,
    REPLIED_HELP,
    /** A post-alert check-in nobody answered in time: CHECK_IN_MISSED was raised. */
    MISSED,
    /** A scheduled check-in nobody answered in time (no alert: the caseworker sees it in the history). */
    NO_REPLY,
    /** Not sent: the number had opted out (STOP). */
    OPTED_OUT,
    /** Not sent: a post-alert check-in to the same number was already owed. */
    MERGED,
    /** Not sent: the order ended or was terminated first. */
    CANCELLED,
    /** Not sent: Twilio refused it or every attempt failed. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CheckInState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
