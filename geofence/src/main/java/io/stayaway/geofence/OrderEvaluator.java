package io.stayaway.geofence;

import io.stayaway.geofence.impl.CompiledOrder;
import io.stayaway.geofence.impl.OrderEngine;
import io.stayaway.geofence.impl.SnapshotCodec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates the pings of one order against all its rules and keeps the episode state; one per
 * order, NOT thread-safe: confine it to one thread (the prepared geometry inside is read-only).
 */
public final class OrderEvaluator {
    private final Order order;
    private final OrderEngine engine;

    private OrderEvaluator(Order order, EvaluatorSettings settings) {
        this.order = Objects.requireNonNull(order, "order");
        this.engine = new OrderEngine(new CompiledOrder(order), Objects.requireNonNull(settings, "settings"));
    }

    /** An evaluator with no history: prepares the order's geometry once (metric frame, indexes). */
    public static OrderEvaluator create(Order order, EvaluatorSettings settings) {
        return new OrderEvaluator(order, settings);
    }

    /**
     * An evaluator continuing from {@link #snapshot()}: open episodes stay open without being
     * announced again, and late fixes within the reorder horizon still replay.
     *
     * @throws SnapshotFormatException if the snapshot is corrupt, of another version, or for another order's rules
     */
    public static OrderEvaluator restore(Order order, EvaluatorSettings settings, byte[] snapshot) {
        OrderEvaluator evaluator = new OrderEvaluator(order, settings);
        SnapshotCodec.decodeInto(evaluator.engine, Objects.requireNonNull(snapshot, "snapshot"));
        return evaluator;
    }

    /**
     * Evaluates a ping of any party of the order (respondent or protected person).
     *
     * @throws IllegalArgumentException if the ping's device is not a party of the order
     */
    public Evaluation evaluate(Ping ping) {
        return engine.evaluate(Objects.requireNonNull(ping, "ping"));
    }

    /**
     * Lets server time pass with no ping: closes episodes at expiry, suspension or the end of a
     * schedule window, marks stale mobile zones UNKNOWN, and completes a close dwell the device
     * started before falling silent. Call it regularly (e.g. every few seconds).
     */
    public List<GeofenceEvent> advanceTo(Instant now) {
        return engine.advanceTo(Objects.requireNonNull(now, "now"));
    }

    /** An opaque, versioned encoding of all episode and track state, for {@link #restore}. */
    public byte[] snapshot() {
        return SnapshotCodec.encode(engine);
    }

    public Order order() {
        return order;
    }
}
