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
 */
public record NotificationEntry(
        Instant time,
        OutgoingMessage.Kind channel,
        RecipientRole recipientRole,
        String providerSid,
        String deliveryStatus) {
    public NotificationEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(recipientRole, "recipientRole");
        Objects.requireNonNull(deliveryStatus, "deliveryStatus");
    }
}
