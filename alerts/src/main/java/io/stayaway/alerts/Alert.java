package io.stayaway.alerts;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert as stored: what happened, to which order, and where it stands in the workflow. Immutable.
 *
 * @param escalationLevel escalation steps taken so far (0 none, 1 desk called, 2 supervisor called)
 * @param escalateAt      when the next escalation step is due, or null when none is (console countdown)
 * @param outcome         how it was resolved, or null before it is
 */
public record Alert(
        UUID id,
        String dedupeKey,
        String orderId,
        AlertType type,
        Severity severity,
        AlertState state,
        String ruleId,
        String deviceId,
        String party,
        Instant eventTime,
        Instant endedAt,
        boolean late,
        Double minDistanceMetres,
        Double accuracyMetres,
        String explanation,
        Instant openedAt,
        Instant updatedAt,
        int escalationLevel,
        Instant escalateAt,
        Outcome outcome) {}
