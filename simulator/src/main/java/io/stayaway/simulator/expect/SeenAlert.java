package io.stayaway.simulator.expect;

import io.stayaway.simulator.api.Alert;

/** An alert as last read from the API, and the System.nanoTime at which the simulator first saw it. Immutable, thread-safe. */
public record SeenAlert(Alert alert, long firstSeenNanos) {
    public SeenAlert {
        if (alert == null) {
            throw new IllegalArgumentException("alert is required");
        }
    }
}
