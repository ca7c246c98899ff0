package io.stayaway.gateway.ops;

import java.time.Duration;
import java.time.Instant;

/**
 * Lets at most {@code perWindow} log lines of one kind through per window, whoever causes them, and counts
 * the rest, so that a flood (many clients, or one client under many names) cannot flood the log; the caller
 * writes one summary line for what was held back ({@link #takeSuppressed}). {@link LogThrottle} limits lines per
 * key; this limits them in all. Thread-safe.
 */
public final class LogBudget {
    private final int perWindow;
    private final Duration window;
    private Instant start;
    private int used;
    private long suppressed;
    private long unreported;

    public LogBudget(int perWindow, Duration window) {
        if (perWindow < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a log budget needs at least one line per positive window");
        }
        this.perWindow = perWindow;
        this.window = window;
    }

    /** True if this line may be logged now; false if it is held back (and counted). */
    public synchronized boolean admit(Instant now) {
        roll(now);
        if (used < perWindow) {
            used++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** How many lines were held back in windows that have ended and not yet reported; reported by this call. */
    public synchronized long takeSuppressed(Instant now) {
        roll(now);
        long n = unreported;
        unreported = 0;
        return n;
    }

    public Duration window() {
        return window;
    }

    private void roll(Instant now) {
        if (start == null || !now.isBefore(start.plus(window))) {
            unreported += suppressed;
            suppressed = 0;
            used = 0;
            start = now;
        }
    }
}
