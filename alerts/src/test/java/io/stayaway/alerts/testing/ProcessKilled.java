package io.stayaway.alerts.testing;

/**
 * Stands in for the process dying in the middle of a send (killed, out of memory, a crash in native
 * code). It is an {@link Error}, which the outbox does not catch: the dispatcher's thread ends without
 * recording anything, as it would if the JVM had gone, and the claimed row waits for its lease.
 */
public final class ProcessKilled extends Error {
    private static final long serialVersionUID = 1L;

    public ProcessKilled(String message) {
        super(message);
    }
}
