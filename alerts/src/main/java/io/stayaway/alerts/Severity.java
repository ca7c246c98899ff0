package io.stayaway.alerts;

/** How urgently a human must act on an alert; drives ordering, escalation and wording. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    /** Lower-case name used on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
