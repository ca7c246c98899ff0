package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.notify.OutgoingMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification sent about the alert.
 *
 * @param providerSid    the provider's message/call id, or {@code null} if it never reached the provider
 * @param deliveryStatus the provider's last reported status ("delivered", "failed", "completed"...) or the
 *                       outbox state if there is none; shown escaped
 * @param withheld       why the warning budget withheld the text ("repeat", "daily_cap"), shown in the report's
 *                       language; {@code null} for a text that was not withheld
 */
public record NotificationEntry(
        Instant time,
        OutgoingMessage.Kind channel,
        RecipientRole recipientRole,
        String providerSid,
        String deliveryStatus,
        String withheld) {
    public NotificationEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(recipientRole, "recipientRole");
        Objects.requireNonNull(deliveryStatus, "deliveryStatus");
    }

    /** A text that was not withheld. */
    public NotificationEntry(
            Instant time,
            OutgoingMessage.Kind channel,
            RecipientRole recipientRole,
            String providerSid,
            String deliveryStatus) {
        this(time, channel, recipientRole, providerSid, deliveryStatus, null);
    }
}
