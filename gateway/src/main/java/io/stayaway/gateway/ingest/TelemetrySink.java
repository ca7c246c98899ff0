package io.stayaway.gateway.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where screened records are stored durably (the store step of {@code pipeline.Pipeline}). A record's
 * future completes only after the transaction that stored it is committed: true when newly stored,
 * false when it duplicates a stored record. Futures complete in storage order, never on the storing
 * thread, and only after the batch's newly stored records were handed to the {@link Committed}
 * listener. A record the sink gives up on (it is closing) completes exceptionally: it must not be
 * acknowledged. Implementations are thread-safe.
 */
public interface TelemetrySink {
    /** Queues a record, waiting while the sink is at capacity (backpressure on the caller's thread). */
    CompletableFuture<Boolean> submit(Telemetry record) throws InterruptedException;

    /**
     * Queues a record without waiting, even past capacity; for event-loop callers, which must stop
     * reading while {@link #saturated()} instead.
     */
    CompletableFuture<Boolean> enqueue(Telemetry record);

    /** True while the sink is at or above capacity: callers must stop taking messages. */
    boolean saturated();

    /** Keeps a refused message for investigation; bounded, never blocks. */
    void keep(Rejection rejection);

    /**
     * Told of each committed batch's newly stored records (duplicates left out), in storage order, on
     * the sink's storing thread: must be quick and must not block.
     */
    @FunctionalInterface
    interface Committed {
        void stored(List<Telemetry> fresh);
    }
}
