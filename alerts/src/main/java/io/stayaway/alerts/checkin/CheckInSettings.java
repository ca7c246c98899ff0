package io.stayaway.alerts.checkin;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How check-ins behave (docs/configuration.md, {@code checkIns.*}). Immutable.
 *
 * @param afterCritical a post-alert check-in falls due this long after a critical alert was raised (default 24 h)
 * @param replyWithin   a sent check-in unanswered this long is missed (post-alert: CHECK_IN_MISSED) (default 4 h)
 * @param quietHours    local hours of the order in which nothing is texted
 * @param poll          how often the worker looks for work when nobody wakes it
 * @param maxAttempts   sending attempts before a check-in is failed
 * @param retryBackoff  delay before the second attempt, doubled for each further one
 * @param batchSize     check-ins handled per pass of each step
 */
public record CheckInSettings(
        Duration afterCritical,
        Duration replyWithin,
        QuietHours quietHours,
        Duration poll,
        int maxAttempts,
        Duration retryBackoff,
        int batchSize) {
    public CheckInSettings {
        requirePositive(afterCritical, "afterCritical");
        requirePositive(replyWithin, "replyWithin");
        Objects.requireNonNull(quietHours, "quietHours");
        requirePositive(poll, "poll");
        requirePositive(retryBackoff, "retryBackoff");
        if (maxAttempts < 1 || batchSize < 1) {
            throw new IllegalArgumentException("maxAttempts and batchSize must be >= 1");
        }
    }

    public static CheckInSettings defaults() {
        return new CheckInSettings(
                Duration.ofHours(24),
                Duration.ofHours(4),
                QuietHours.parse("21:00-08:00"),
                Duration.ofSeconds(5),
                5,
                Duration.ofSeconds(30),
                50);
    }

    /** The same settings with other timings (the gateway's configuration keys). */
    public CheckInSettings withTimes(Duration afterCritical, Duration replyWithin, QuietHours quietHours) {
        return new CheckInSettings(afterCritical, replyWithin, quietHours, poll, maxAttempts, retryBackoff, batchSize);
    }

    /** How far back the worker looks for critical alerts without their check-in (one day of slack). */
    Duration alertLookback() {
        return afterCritical.plus(replyWithin).plusDays(1);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    /**
     * Inbound messages: the auth token that signs Twilio's requests (secret, never logged) and the exact public
     * URL Twilio posts incoming messages to (the number's messaging webhook), which the signature covers.
     */
    public record Inbound(String authToken, URI publicUrl) {
        public Inbound {
            if (authToken == null || authToken.isBlank()) {
                throw new IllegalArgumentException("inbound messages need the Twilio auth token");
            }
            Objects.requireNonNull(publicUrl, "publicUrl");
        }

        @Override
        public String toString() {
            return "Inbound[authToken=***, publicUrl=" + publicUrl + "]";
        }
    }
}
