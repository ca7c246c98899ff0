package io.stayaway.geofence;

/** How one fix stands against one rule, taking its uncertainty into account. */
public enum Classification {
    /** Clear of the rule: beyond the warning band (or, for an inclusion zone, where the schedule wants the respondent). */
    OUTSIDE,
    /** Within the warning distance but not in the zone. */
    WARNING,
    /** The accuracy circle overlaps the forbidden region, but the fix is not clearly in it. */
    BREACH_POSSIBLE,
    /** In the forbidden region by more than the uncertainty. */
    BREACH_CONFIRMED,
    /** Cannot be decided: the counterpart's position is missing or too old. Never silently treated as OUTSIDE. */
    UNKNOWN,
    /** The rule does not apply now: suspended, outside its schedule, in a permitted corridor, or the order is not in force. */
    NOT_APPLICABLE
}
