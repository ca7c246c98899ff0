package io.stayaway.geofence.impl;

import io.stayaway.geofence.Classification;
import io.stayaway.geofence.Ping;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The words of the engine: why a fix was classified as it was, and the notes and reasons that go into episode
 * explanations (what the duty desk and the court read). One place, so that they are read and reviewed together.
 * Stateless, thread-safe.
 */
final class Explanations {
    static final String FAR = "clear: beyond the warning band (bounding-box check; distance is a lower bound)";
    static final String FAR_MOBILE = "clear: the parties are beyond the warning distance";
    static final String OUTSIDE_VALIDITY = "not applicable: the order is not in force at the fix time";
    static final String SUSPENDED = "not applicable: zone suspended by the court at the fix time";
    static final String IN_CORRIDOR = "not applicable: inside a court-permitted corridor through the zone";
    static final String OUTSIDE_SCHEDULE = "not applicable: outside the inclusion zone's schedule";
    static final String DUPLICATE = "not evaluated again: this fix (device and seq) was already processed";
    static final String SCHEDULE_ENDED = "the schedule window ended";
    static final String BOTH_FRESH = "both parties have fresh fixes";
    static final String CROSSING_CLOSED = "; closed: the track left the zone";
    static final String CLOSED_ON_RECONCILIATION =
            "; closed on reconciliation: late fixes show the run that supported this episode "
                    + "was interrupted (the alert stands as issued)";
    private static final String LATE_PREFIX = "late: ";

    private Explanations() {}

    /** The assessment reason for a suspended zone. */
    static String suspendedUntil(Instant until) {
        return SUSPENDED + " (until " + until + ")";
    }

    /** Why an episode ends when its zone is suspended. */
    static String suspensionEnds(Instant until) {
        return "zone suspended by the court until " + until;
    }

    /** Why every episode ends when the order expires. */
    static String orderExpired(Instant validUntil) {
        return "the order expired at " + validUntil;
    }

    // ---------------------------------------------------------------------------------------------
    // Static exclusion zones

    static String staticReason(Classification c, double s, double u, double w, boolean plausible) {
        String jump = plausible
                ? ""
                : "; implausible against the device's track (a jump or a teleport): kept as evidence, cannot open an episode";
        return switch (c) {
            case BREACH_CONFIRMED ->
                "breach confirmed: inside by " + Metres.of(-s) + " m, more than the " + Metres.of(u) + " m uncertainty"
                        + jump;
            case BREACH_POSSIBLE ->
                "breach possible: " + Metres.of(s) + " m from the edge (negative = inside), within the " + Metres.of(u)
                        + " m uncertainty" + jump;
            case WARNING ->
                "warning: " + Metres.of(s) + " m outside the edge, inside the " + Metres.of(w) + " m warning band"
                        + jump;
            default ->
                "clear: " + Metres.of(s) + " m outside the edge, beyond the " + Metres.of(w) + " m warning band" + jump;
        };
    }

    static Supplier<String> staticNote(Ping ping, Fix fix, double s) {
        return () -> String.format(
                Locale.ROOT,
                "fix %s:%d at %s, %.1f m from the edge (negative = inside), uncertainty %.1f m",
                ping.deviceId(),
                fix.seq(),
                ping.time(),
                s,
                fix.uncertainty());
    }

    // ---------------------------------------------------------------------------------------------
    // Crossings

    /** Why a CROSSING opened: the chord between two clearly-outside fixes, and the fix that confirmed it. */
    static String crossing(
            String zoneId,
            String respondent,
            Fix entry,
            Fix exit,
            Fix confirming,
            double depth,
            double u,
            double marginMetres,
            double threshold) {
        return String.format(
                Locale.ROOT,
                "CROSSING of zone %s: the straight track from fix %s:%d (%s) to fix %s:%d (%s), both clearly outside the zone by more "
                        + "than their uncertainty, passes %.1f m inside it, deeper than twice the %.1f m uncertainty plus the %.1f m margin "
                        + "(%.1f m), without a dwell long enough to confirm a breach; confirmed by the next fix %s:%d (%s), on the far side "
                        + "with no way back through the zone (a crossing is announced one fix after it, so that a single outlying fix "
                        + "cannot raise one: one fix interval of latency, 15 s in pursuit mode)",
                zoneId,
                respondent,
                entry.seq(),
                Instant.ofEpochMilli(entry.timeMillis()),
                respondent,
                exit.seq(),
                Instant.ofEpochMilli(exit.timeMillis()),
                depth,
                u,
                marginMetres,
                threshold,
                respondent,
                confirming.seq(),
                Instant.ofEpochMilli(confirming.timeMillis()));
    }

    /** Appended to a crossing announced because the device fell silent after the exit fix. */
    static String confirmedBySilence(long silentMillis) {
        return String.format(
                Locale.ROOT,
                "; confirmed by silence: no fix from the device for %d s after the exit fix",
                silentMillis / 1000);
    }

    // ---------------------------------------------------------------------------------------------
    // Mobile zones

    static String mobileReason(
            Classification c, double d, double m, double w, double u, long ageMillis, String otherId) {
        String base = "parties " + Metres.of(d) + " m apart (minimum " + Metres.of(m) + " m, warning " + Metres.of(w)
                + " m); uncertainty " + Metres.of(u) + " m including " + ageMillis / 1000
                + " s of possible travel since the fix of " + otherId;
        return switch (c) {
            case BREACH_CONFIRMED -> "breach confirmed: closer than the minimum by more than the uncertainty; " + base;
            case BREACH_POSSIBLE -> "breach possible: within the uncertainty of the minimum distance; " + base;
            case WARNING -> "warning: within the warning distance; " + base;
            default -> "clear: beyond the warning distance; " + base;
        };
    }

    static Supplier<String> mobileNote(
            String respondentId,
            Fix respondent,
            String protectedId,
            Fix protectedFix,
            double d,
            long ageMillis,
            double u) {
        return () -> String.format(
                Locale.ROOT,
                "fixes %s:%d and %s:%d, %.1f m apart, %d s between them, uncertainty %.1f m",
                respondentId,
                respondent.seq(),
                protectedId,
                protectedFix.seq(),
                d,
                ageMillis / 1000,
                u);
    }

    /** Why a mobile zone is UNKNOWN at a fix: the other party has no fix yet, or only one older than the staleness limit. */
    static String unknownAtFix(String otherId, Fix other, boolean graceOver, long ageMillis, long stalenessMillis) {
        if (other == null) {
            return graceOver
                    ? "unknown: no fix yet from " + otherId + ", and the start-up grace (" + stalenessMillis / 1000
                            + " s from the first fix of the order) is over"
                    : "unknown: no fix yet from " + otherId + ", within the start-up grace of " + stalenessMillis / 1000
                            + " s from the first fix of the order";
        }
        return String.format(
                Locale.ROOT,
                "unknown: the latest fix of %s is %d s old, beyond the %d s staleness limit",
                otherId,
                ageMillis / 1000,
                stalenessMillis / 1000);
    }

    /** Why a mobile zone is UNKNOWN as server time passes with no fix. */
    static String unknownAtTick(String device, Fix fix, long clock, Instant now, long stalenessMillis) {
        if (fix == null) {
            return "unknown: no fix yet from " + device + ", and the start-up grace (" + stalenessMillis / 1000
                    + " s from the first fix of the order) is over, at order time " + Instant.ofEpochMilli(clock)
                    + " (server time " + now + ")";
        }
        return String.format(
                Locale.ROOT,
                "unknown: at order time %s (server time %s) the latest fix of %s is %d s old, beyond the %d s staleness limit",
                Instant.ofEpochMilli(clock),
                now,
                device,
                (clock - fix.timeMillis()) / 1000,
                stalenessMillis / 1000);
    }

    // ---------------------------------------------------------------------------------------------
    // Inclusion zones

    static String inclusionReason(Classification c, double s, double u) {
        return switch (c) {
            case BREACH_CONFIRMED ->
                String.format(
                        Locale.ROOT,
                        "curfew breach confirmed: %.1f m outside the inclusion zone during its schedule, more than the %.1f m uncertainty",
                        s,
                        u);
            case BREACH_POSSIBLE ->
                String.format(
                        Locale.ROOT,
                        "curfew breach possible: %.1f m from the inclusion zone's edge (negative = inside), within the %.1f m uncertainty",
                        s,
                        u);
            default ->
                String.format(Locale.ROOT, "compliant: inside the inclusion zone by %.1f m during its schedule", -s);
        };
    }

    static Supplier<String> inclusionNote(Ping ping, Fix fix, double s, double u) {
        return () -> String.format(
                Locale.ROOT,
                "fix %s:%d at %s, %.1f m outside the inclusion zone (negative = inside), uncertainty %.1f m",
                ping.deviceId(),
                fix.seq(),
                ping.time(),
                s,
                u);
    }

    // ---------------------------------------------------------------------------------------------
    // Late fixes

    /** An explanation marked as late, once: the episode was opened retrospectively by a replay. */
    static String markedLate(String explanation) {
        return explanation.startsWith(LATE_PREFIX)
                ? explanation
                : LATE_PREFIX + "opened retrospectively when an older fix arrived; " + explanation;
    }
}
