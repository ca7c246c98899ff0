package io.stayaway.alerts;

/** The alert store could not be read or written; the caller must not treat the alert as raised. */
public final class AlertStoreException extends RuntimeException {
    public AlertStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
