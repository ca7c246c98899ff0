package io.stayaway.alerts.evidence.report;

/**
 * How sure the evaluator was: maps the geofence module's {@code BREACH_CONFIRMED} and
 * {@code BREACH_POSSIBLE} classifications of the episode's decisive fixes.
 */
public enum Certainty {
    /** Inside the forbidden region by more than the fixes' uncertainty. */
    CONFIRMED,
    /** The accuracy circles overlap the forbidden region, but the fixes are not clearly inside it. */
    POSSIBLE
}
