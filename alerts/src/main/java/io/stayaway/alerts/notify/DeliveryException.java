package io.stayaway.alerts.notify;

/**
 * A provider refused or failed to take a message. {@code retryable} tells the outbox whether a
 * later attempt can succeed (HTTP 429, 5xx, timeouts) or not (a bad number, bad credentials).
 */
public final class DeliveryException extends Exception {
    private final boolean retryable;
    private final Integer httpStatus;

    public DeliveryException(String message, boolean retryable, Integer httpStatus, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    public Integer httpStatus() {
        return httpStatus;
    }
}
