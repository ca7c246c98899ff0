package io.stayaway.alerts;

/** Filters for listing alerts; null fields do not filter. {@code limit} is capped at 500. */
public record AlertQuery(String orderId, AlertType type, AlertState state, int limit) {
    public AlertQuery {
        if (limit <= 0 || limit > 500) {
            throw new IllegalArgumentException("limit must be 1..500, got " + limit);
        }
    }

    public static AlertQuery all() {
        return new AlertQuery(null, null, null, 100);
    }
}
