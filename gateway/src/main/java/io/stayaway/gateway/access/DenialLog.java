package io.stayaway.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused API requests (401/403/429) at most once per client per minute, with how many were
 * suppressed, so a scanner cannot flood the log; every refusal still lands in the audit log. Thread-safe.
 */
public final class DenialLog {
    private static final Logger LOG = LoggerFactory.getLogger(DenialLog.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    private static final class Window {
        Instant start;
        long suppressed;
    }

    /** @param client the username if known, else the remote address */
    public void record(String client, int status, String what, String reason, Instant now) {
        total.incrementAndGet();
        if (windows.size() > 100_000) {
            windows.clear();
        }
        Window w = windows.computeIfAbsent(client, k -> new Window());
        long suppressed;
        synchronized (w) {
            if (w.start != null && now.isBefore(w.start.plus(WINDOW))) {
                w.suppressed++;
                return;
            }
            suppressed = w.suppressed;
            w.start = now;
            w.suppressed = 0;
        }
        LOG.warn("refused {} for {}: {} {}{}", what, client, status, reason,
                suppressed > 0 ? " (" + suppressed + " more refusals suppressed in the last minute)" : "");
    }

    public long total() {
        return total.get();
    }
}
