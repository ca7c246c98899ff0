package io.stayaway.gateway.access;

import io.stayaway.gateway.ops.LogSafe;
import io.stayaway.gateway.ops.LogThrottle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused API requests (401/403/429) at most once per client per minute, with how many were
 * suppressed, so a scanner cannot flood the log; every refusal still lands in the audit log. Thread-safe.
 */
public final class DenialLog {
    private static final Logger LOG = LoggerFactory.getLogger(DenialLog.class);

    private final LogThrottle throttle = new LogThrottle(Duration.ofMinutes(1));
    private final AtomicLong total = new AtomicLong();

    /** @param client the username if known, else the remote address */
    public void record(String client, int status, String what, String reason, Instant now) {
        total.incrementAndGet();
        throttle.admit(client, now)
                .ifPresent(suppressed -> LOG.warn(
                        "refused {} for {}: {} {}{}",
                        LogSafe.quote(what),
                        LogSafe.quote(client),
                        status,
                        LogSafe.quote(reason),
                        LogThrottle.suppressedNote(suppressed, "refusals")));
    }

    public long total() {
        return total.get();
    }
}
