package io.stayaway.simulator.gnss;

import io.stayaway.simulator.geo.LocalPoint;

/**
 * A position as the device reports it: where it thinks it is, the accuracy radius it claims
 * (metres, 68% confidence as phone-class receivers report it), the technology, and whether the
 * simulator injected a multipath jump (ground truth for tests; never sent on the wire).
 * Immutable, thread-safe.
 */
public record Fix(LocalPoint position, double accuracy, FixSource source, boolean multipath) {
    public Fix {
        if (position == null || source == null) {
            throw new IllegalArgumentException("position and source are required");
        }
        if (!(accuracy > 0) || accuracy > 10_000) {
            throw new IllegalArgumentException("accuracy must be within (0, 10000] m, got " + accuracy);
        }
    }
}
