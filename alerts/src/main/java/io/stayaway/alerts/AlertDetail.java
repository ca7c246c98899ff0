package io.stayaway.alerts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The read model of one alert for the console and the court: the alert, its append-only lifecycle,
 * every notification it caused with its delivery state, and its escalation steps. Immutable.
 */
public record AlertDetail(
        Alert alert, List<Transition> lifecycle, List<Notification> notifications, List<Escalation> escalations) {
    public AlertDetail {
        lifecycle = List.copyOf(lifecycle);
        notifications = List.copyOf(notifications);
        escalations = List.copyOf(escalations);
    }

    /** One lifecycle record: who moved the alert from which state to which, when, and why. {@code from} is null for the opening record. */
    public record Transition(
            long seq, AlertState from, AlertState to, String actor, Instant at, String note, Outcome outcome) {}

    /**
     * One notification and where its delivery stands.
     *
     * @param purpose        initial, fallback (voice after a failed SMS) or escalation
     * @param state          PENDING, SENDING, SENT (accepted by the provider) or FAILED
     * @param providerStatus the provider's latest report (queued, sent, delivered, failed, undelivered, completed, busy, no-answer, …)
     */
    public record Notification(
            UUID id,
            String channel,
            String recipientRole,
            String to,
            String language,
            String purpose,
            String state,
            int attempts,
            String providerSid,
            String providerStatus,
            String lastError,
            Instant createdAt,
            Instant sentAt,
            Instant providerStatusAt) {}

    /** One escalation step: level 1 called the duty desk, level 2 the supervisor. */
    public record Escalation(int level, EscalationReason reason, String target, Instant at) {}
}
