package io.stayaway.gateway.ingest;

import io.stayaway.gateway.ops.LogSafe;
import io.stayaway.gateway.ops.LogThrottle;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refusals by reason and logs them at most once per device per minute (with how many were
 * suppressed), so a broken device cannot flood the log; what the device sent is escaped ({@link LogSafe}).
 * Thread-safe.
 */
public final class RejectionLog {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);

    private final Map<RejectReason, AtomicLong> counts = new EnumMap<>(RejectReason.class);
    private final LogThrottle throttle = new LogThrottle(Duration.ofMinutes(1));

    public RejectionLog() {
        for (RejectReason r : RejectReason.values()) {
            counts.put(r, new AtomicLong());
        }
    }

    public void record(Rejection r, Instant now) {
        record(List.of(r), r, now);
    }

    /**
     * Counts each refused record of a message by its reason and logs the message's one refusal ({@code logged},
     * e.g. a {@link RejectionSummary}), at most once per device per minute.
     */
    public void record(List<Rejection> each, Rejection logged, Instant now) {
        for (Rejection r : each) {
            counts.get(r.reason()).incrementAndGet();
        }
        Rejection r = logged;
        String key = r.deviceId() == null ? "topic:" + r.topic() : r.deviceId();
        throttle.admit(key, now)
                .ifPresent(suppressed -> LOG.warn(
                        "rejected message from {} on {}: {} — {}{}",
                        r.deviceId() == null ? "unknown device" : "device " + LogSafe.quote(r.deviceId()),
                        LogSafe.quote(r.topic()),
                        r.reason().wireName(),
                        LogSafe.quote(r.detail()),
                        LogThrottle.suppressedNote(suppressed, "rejections")));
    }

    public long count(RejectReason reason) {
        return counts.get(reason).get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }
}
