package io.stayaway.alerts;

import java.time.Instant;

/**
 * Filters for listing alerts, newest first; null fields do not filter. {@code from}/{@code to} bound
 * the time the alert was opened (from inclusive, to exclusive). {@code limit} is 1..500;
 * {@code after} continues a previous page. Immutable.
 */
public record AlertQuery(String orderId, AlertType type, AlertState state, Severity severity,
                         Instant from, Instant to, int limit, AlertCursor after) {
    public AlertQuery {
        if (limit <= 0 || limit > 500) {
            throw new IllegalArgumentException("limit must be 1..500, got " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
        }
    }

    public AlertQuery(String orderId, AlertType type, AlertState state, int limit) {
        this(orderId, type, state, null, null, null, limit, null);
    }

    public static AlertQuery all() {
        return new AlertQuery(null, null, null, 100);
    }
}
