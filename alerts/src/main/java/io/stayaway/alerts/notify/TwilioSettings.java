package io.stayaway.alerts.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Twilio. {@code apiBaseUrl} is null for Twilio itself, or a Twilio-compatible endpoint
 * (a test double, a proxy). The auth token is a secret: it never appears in {@link #toString()}.
 */
public record TwilioSettings(
        String accountSid,
        String authToken,
        String fromNumber,
        URI apiBaseUrl,
        URI statusCallbackUrl,
        Duration connectTimeout,
        Duration responseTimeout) {
    public TwilioSettings {
        if (accountSid == null || accountSid.isBlank()) {
            throw new IllegalArgumentException("Twilio account SID is required");
        }
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("Twilio auth token is required");
        }
        if (fromNumber == null || !fromNumber.matches("\\+[1-9][0-9]{6,14}")) {
            throw new IllegalArgumentException("Twilio sender number must be E.164, got: " + fromNumber);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
    }

    @Override
    public String toString() {
        return "TwilioSettings[accountSid=" + accountSid + ", authToken=***, fromNumber=" + fromNumber + ", apiBaseUrl="
                + (apiBaseUrl == null ? "twilio" : apiBaseUrl) + ", statusCallbackUrl=" + statusCallbackUrl + "]";
    }
}
