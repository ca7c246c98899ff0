package io.stayaway.alerts.checkin;

/** The database refused or failed a check-in read or write; carries what was being done. */
public final class CheckInStoreException extends RuntimeException {
    public CheckInStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
