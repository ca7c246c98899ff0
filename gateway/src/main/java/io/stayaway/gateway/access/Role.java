package io.stayaway.gateway.access;

import java.util.Locale;

/** What a person may do through the HTTP API (issue 8, "Access control"). Immutable. */
public enum Role {
    /** Duty officers: alerts of their station's orders, and the workflow on them. */
    DESK,
    /** Court clerks: orders and alerts of their court, read-only. */
    COURT,
    /** Administrators: orders, devices, users. */
    ADMIN,
    /**
     * Caseworkers of an organisation (a Women's Federation office, a community committee): a summary, the
     * alert list and the compliance report of the orders assigned to it, and follow-up contacts (issue #19).
     */
    CASEWORKER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} ({@code desk}, {@code court}, {@code admin}, {@code caseworker}). */
    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.wireName().equals(text)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be desk, court, admin or caseworker, got " + text);
    }
}
