package io.stayaway.alerts;

import io.stayaway.geofence.EpisodeKind;

/**
 * What happened, with its default severity. Each type has its own wording so that a technical
 * notice (battery, GNSS) never reads like danger to the protected person.
 */
public enum AlertType {
    /** The respondent confirmed inside a static exclusion zone. */
    BREACH(Severity.CRITICAL),
    /** The respondent confirmed within the minimum distance of a protected person. */
    PROXIMITY(Severity.CRITICAL),
    /** The straight path between two fixes crossed an exclusion zone. */
    CROSSING(Severity.CRITICAL),
    /** The respondent is in a warning band (static or mobile zone). */
    APPROACH(Severity.HIGH),
    /** The respondent is outside an inclusion zone during its scheduled hours. */
    CURFEW(Severity.HIGH),
    /** Proximity to a protected person cannot be decided because her device data is stale. */
    PROXIMITY_UNKNOWN(Severity.HIGH),
    TAMPER(Severity.CRITICAL),
    PANIC(Severity.CRITICAL),
    COMMUNICATION_LOSS(Severity.HIGH),
    GNSS_LOSS(Severity.MEDIUM),
    LOW_BATTERY(Severity.LOW),
    ORDER_EXPIRING(Severity.INFO),
    /** The protected person answered a safety check-in "I need help" (issue #19). */
    CHECK_IN_HELP(Severity.CRITICAL),
    /** Nobody answered a check-in sent after a critical alert in time: a follow-up for the caseworker (issue #19). */
    CHECK_IN_MISSED(Severity.HIGH);

    private final Severity defaultSeverity;

    AlertType(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** The alert an episode of this kind raises. */
    public static AlertType of(EpisodeKind kind) {
        return switch (kind) {
            case BREACH -> BREACH;
            case CROSSING -> CROSSING;
            case PROXIMITY -> PROXIMITY;
            case APPROACH -> APPROACH;
            case CURFEW -> CURFEW;
            case PROXIMITY_UNKNOWN -> PROXIMITY_UNKNOWN;
        };
    }
}
