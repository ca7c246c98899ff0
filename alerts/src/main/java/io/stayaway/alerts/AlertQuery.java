package io.stayaway.alerts;

import java.time.Instant;

/**
 * Filters for listing alerts, newest first; null fields do not filter. {@code from}/{@code to} bound
 * the time the alert was opened (from inclusive, to exclusive). {@code limit} is 1..500;
 * {@code after} continues a previous page. {@code withinOrders}, when not null, confines the list to
 * those orders (a caller's scope: an empty set lists nothing). Immutable.
 */
public record AlertQuery(
        String orderId,
        AlertType type,
        AlertState state,
        Severity severity,
        Instant from,
        Instant to,
        int limit,
        AlertCursor after,
        java.util.Set<String> withinOrders) {
    public AlertQuery {
        withinOrders = withinOrders == null ? null : java.util.Set.copyOf(withinOrders);
        if (limit <= 0 || limit > 500) {
            throw new IllegalArgumentException("limit must be 1..500, got " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
        }
    }

    public AlertQuery(
            String orderId,
            AlertType type,
            AlertState state,
            Severity severity,
            Instant from,
            Instant to,
            int limit,
            AlertCursor after) {
        this(orderId, type, state, severity, from, to, limit, after, null);
    }

    public AlertQuery(String orderId, AlertType type, AlertState state, int limit) {
        this(orderId, type, state, null, null, null, limit, null, null);
    }

    /** The same filters confined to {@code orders}. */
    public AlertQuery within(java.util.Set<String> orders) {
        return new AlertQuery(orderId, type, state, severity, from, to, limit, after, orders);
    }
}
