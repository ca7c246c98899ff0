package io.stayaway.alerts;

import java.time.Instant;
import java.util.UUID;

/** An alert as stored: what happened, to which order, and where it stands in the workflow. Immutable. */
public record Alert(UUID id, String dedupeKey, String orderId, AlertType type, Severity severity,
                    AlertState state, String ruleId, String deviceId, String party,
                    Instant eventTime, Instant endedAt, boolean late,
                    Double minDistanceMetres, Double accuracyMetres, String explanation,
                    Instant openedAt, Instant updatedAt) {
}
