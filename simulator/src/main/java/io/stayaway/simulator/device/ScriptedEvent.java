package io.stayaway.simulator.device;

/**
 * A device event the scenario makes happen at second {@code at}: a tamper, a panic press,
 * plugging the charger in ({@code charging}), switching off ({@code power_off}), ... Immutable, thread-safe.
 */
public record ScriptedEvent(double at, EventType type) {
    public ScriptedEvent {
        if (!(at >= 0)) {
            throw new IllegalArgumentException("event time must be >= 0 seconds, got " + at);
        }
        if (type == null) {
            throw new IllegalArgumentException("event needs a type");
        }
    }
}
