package io.stayaway.alerts.notify;

import java.util.Locale;
import java.util.Objects;

/** One message to hand to a provider: an SMS text or a voice call that reads the text aloud. */
public record OutgoingMessage(Kind kind, String to, String body, Locale language, String idempotencyKey) {
    public OutgoingMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** The provider API the message goes through. */
    public enum Kind {
        SMS,
        VOICE
    }
}
