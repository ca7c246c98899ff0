package io.stayaway.geofence;

/** A snapshot could not be restored: corrupt, of an unknown version, or taken for another order or settings. */
public final class SnapshotFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public SnapshotFormatException(String message) {
        super(message);
    }
}
