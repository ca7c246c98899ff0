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
     * @param state          PENDING, SENDING, SENT (accepted by the provider), FAILED, or SUPPRESSED (a warning
     *                       text the protected person's {@link WarningBudget} withheld: never sent)
     * @param providerStatus the provider's latest report (queued, sent, delivered, failed, undelivered, completed, busy, no-answer, …)
     * @param suppression    why a SUPPRESSED text was withheld; null for every other state
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
            Instant providerStatusAt,
            Suppression suppression) {}

    /**
     * Why the warning budget withheld a text, and the rule in force then.
     *
     * @param reason      {@code repeat} or {@code daily_cap} ({@link WarningBudget.Decision#wireName()})
     * @param after       repeat: when the warning text it would have repeated was sent; daily cap: when the
     *                    oldest warning text of the rolling 24 hours was sent (null when the cap is 0)
     * @param repeatQuiet the budget's quiet period
     * @param dailyCap    the budget's cap per rolling 24 hours
     * @param note        the reason in English words, as the evidence record states it
     */
    public record Suppression(
            String reason, Instant after, java.time.Duration repeatQuiet, int dailyCap, String note) {}

    /** One escalation step: level 1 called the duty desk, level 2 the supervisor. */
    public record Escalation(int level, EscalationReason reason, String target, Instant at) {}
}
