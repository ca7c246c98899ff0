package io.stayaway.simulator.device;

/**
 * Seconds [from, to) during which the wearable has no connection. With {@code buffer} (default)
 * it keeps fixing and events, and uploads the backlog as one JSON array when it reconnects
 * (store-and-forward); without it the device is silent and loses that time. Immutable, thread-safe.
 */
public record OfflineWindow(double from, double to, Boolean buffer) {
    public OfflineWindow {
        TimeWindow.requireOrdered("offline window", from, to);
        buffer = buffer == null ? Boolean.TRUE : buffer;
    }

    public boolean contains(long offsetMillis) {
        return offsetMillis >= from * 1000 && offsetMillis < to * 1000;
    }
}
