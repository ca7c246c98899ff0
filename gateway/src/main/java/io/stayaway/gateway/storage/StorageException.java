package io.stayaway.gateway.storage;

/** The database could not do what was asked; carries what was being done. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
