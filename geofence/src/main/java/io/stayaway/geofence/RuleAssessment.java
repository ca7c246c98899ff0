package io.stayaway.geofence;

import java.util.Objects;

/**
 * How one fix stands against one rule; immutable.
 *
 * @param zoneId            the rule
 * @param classification    the uncertainty-aware verdict
 * @param distanceMetres    signed distance to the rule's limit, metres, negative = inside by that much
 *                          (for a mobile zone: separation minus the minimum distance); NaN when unknown
 * @param uncertaintyMetres the uncertainty used for the verdict (accuracy, floored; for a mobile zone
 *                          both accuracies plus the counterpart's possible travel since its fix)
 * @param reason            a sentence a duty officer or a judge can read
 */
public record RuleAssessment(
        String zoneId, Classification classification, double distanceMetres, double uncertaintyMetres, String reason) {
    public RuleAssessment {
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(reason, "reason");
    }
}
