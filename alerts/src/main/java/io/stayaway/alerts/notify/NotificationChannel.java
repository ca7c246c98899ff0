package io.stayaway.alerts.notify;

/** A way to reach a phone. Implementations are thread-safe and block the calling (worker) thread. */
public interface NotificationChannel {
    ProviderReceipt send(OutgoingMessage message) throws DeliveryException;

    /** Short name for logs and metrics, e.g. "twilio" or "dry-run". */
    String name();
}
