package io.stayaway.gateway.access;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits failed logins per username: after {@code maxFailures} within a minute, further attempts
 * for that name are refused until the oldest failure is a minute old. Thread-safe (synchronized).
 */
public final class LoginThrottle {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_TRACKED_NAMES = 100_000;

    private final int maxFailures;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public LoginThrottle(int maxFailures) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
    }

    /** True while {@code username} has used up its failed attempts for the last minute. */
    public synchronized boolean blocked(String username, Instant now) {
        Deque<Instant> recent = failures.get(username);
        if (recent == null) {
            return false;
        }
        while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
            recent.pollFirst();
        }
        if (recent.isEmpty()) {
            failures.remove(username);
            return false;
        }
        return recent.size() >= maxFailures;
    }

    public synchronized void failed(String username, Instant now) {
        if (failures.size() >= MAX_TRACKED_NAMES && !failures.containsKey(username)) {
            failures.entrySet()
                    .removeIf(e -> e.getValue().isEmpty()
                            || !e.getValue().peekLast().plus(WINDOW).isAfter(now));
        }
        failures.computeIfAbsent(username, k -> new ArrayDeque<>()).addLast(now);
    }

    public synchronized void succeeded(String username) {
        failures.remove(username);
    }
}
