package io.stayaway.alerts.checkin;

import java.time.Instant;
import java.util.UUID;

/**
 * One check-in of an order as the renewal review shows it: when it was due and sent, why, what became of it,
 * and her reply. No phone number. Immutable.
 *
 * @param triggerAlertId the critical alert a post-alert check-in follows, else null
 * @param sentAt         null when it was never sent
 * @param replyBody      the text of the reply matched to it (the latest), else null
 * @param repliedAt      when that reply arrived, else null
 */
public record CheckInRecord(
        UUID id,
        CheckInKind kind,
        UUID triggerAlertId,
        Instant dueAt,
        Instant sentAt,
        CheckInState state,
        String replyBody,
        Instant repliedAt) {}
