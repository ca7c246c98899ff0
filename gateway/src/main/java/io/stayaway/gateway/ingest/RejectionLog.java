package io.stayaway.gateway.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refusals by reason and logs them at most once per device per minute (with how many were
 * suppressed), so a broken device cannot flood the log. Thread-safe.
 */
public final class RejectionLog {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<RejectReason, AtomicLong> counts = new EnumMap<>(RejectReason.class);
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        Instant start;
        long suppressed;
    }

    public RejectionLog() {
        for (RejectReason r : RejectReason.values()) {
            counts.put(r, new AtomicLong());
        }
    }

    public void record(Rejection r, Instant now) {
        counts.get(r.reason()).incrementAndGet();
        String key = r.deviceId() == null ? "topic:" + r.topic() : r.deviceId();
        if (windows.size() > 100_000) {
            windows.clear();
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
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
        LOG.warn("rejected message from {} on {}: {} — {}{}", r.deviceId() == null ? "unknown device" : "device " + r.deviceId(),
                r.topic(), r.reason().wireName(), r.detail(), suppressed > 0 ? " (" + suppressed + " more suppressed in the last minute)" : "");
    }

    public long count(RejectReason reason) {
        return counts.get(reason).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
