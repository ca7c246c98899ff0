package io.stayaway.gateway.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a log line through at most once per key per window and counts what it held back, so one
 * noisy device or client cannot flood the log. Bounded: past 100,000 keys the windows start over.
 * Thread-safe.
 */
public final class LogThrottle {
    private static final int MAX_KEYS = 100_000;

    private final Duration window;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        Instant start;
        long suppressed;
    }

    public LogThrottle(Duration window) {
        this.window = window;
    }

    /**
     * @return the number of lines suppressed for this key since it last logged, if it may log now;
     *         empty if this line must be suppressed
     */
    public OptionalLong admit(String key, Instant now) {
        if (windows.size() > MAX_KEYS) {
            windows.clear();
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (w.start != null && now.isBefore(w.start.plus(window))) {
                w.suppressed++;
                return OptionalLong.empty();
            }
            long suppressed = w.suppressed;
            w.start = now;
            w.suppressed = 0;
            return OptionalLong.of(suppressed);
        }
    }

    /** A suffix for the admitted line: how many were held back, or nothing. */
    public static String suppressedNote(long suppressed, String what) {
        return suppressed > 0 ? " (" + suppressed + " more " + what + " suppressed in the last minute)" : "";
    }
}
