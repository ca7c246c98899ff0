package io.stayaway.geofence;

import io.stayaway.geofence.impl.OrderEngine;
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

    private OrderEvaluator(Order order, OrderEngine engine) {
        this.order = order;
        this.engine = engine;
    }

    /** An evaluator with no history: prepares the order's geometry once (metric frame, indexes). */
    public static OrderEvaluator create(Order order, EvaluatorSettings settings) {
        Objects.requireNonNull(order, "order");
        return new OrderEvaluator(order, OrderEngine.create(order, Objects.requireNonNull(settings, "settings")));
    }

    /**
     * An evaluator continuing from {@link #snapshot()}: open episodes stay open without being
     * announced again, and late fixes within the reorder horizon still replay.
     *
     * @throws SnapshotFormatException if the snapshot is corrupt, of another version, or for another order's rules
     */
    public static OrderEvaluator restore(Order order, EvaluatorSettings settings, byte[] snapshot) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(settings, "settings");
        return new OrderEvaluator(
                order, OrderEngine.restore(order, settings, Objects.requireNonNull(snapshot, "snapshot")));
    }

    /**
     * Evaluates a ping of any party of the order (respondent or protected person). The server time at which
     * it was evaluated is taken to be the next {@link #advanceTo} instant; use {@link #evaluate(Ping, Instant)}
     * when the caller knows it.
     *
     * @throws IllegalArgumentException if the ping's device is not a party of the order
     */
    public Evaluation evaluate(Ping ping) {
        return engine.evaluate(Objects.requireNonNull(ping, "ping"));
    }

    /**
     * Evaluates a ping as {@link #evaluate(Ping)}, telling the evaluator the server time at which it is
     * evaluated (the clock later passed to {@link #advanceTo}). Only the staleness of mobile zones uses it
     * (see {@link #advanceTo}); it does not replace calling {@code advanceTo}.
     *
     * @throws IllegalArgumentException if the ping's device is not a party of the order
     */
    public Evaluation evaluate(Ping ping, Instant serverNow) {
        return engine.evaluate(
                Objects.requireNonNull(ping, "ping"),
                Objects.requireNonNull(serverNow, "serverNow").toEpochMilli());
    }

    /**
     * Lets server time pass with no ping: closes episodes at expiry, suspension or the end of a
     * schedule window, marks stale mobile zones UNKNOWN, and completes a close dwell the device
     * started before falling silent. Call it regularly (e.g. every few seconds).
     *
     * <p>Staleness of a mobile zone is decided in device time, never by comparing a fix's device time with
     * {@code now}: the order's present is the newest, over the parties, of (the device time of its newest fix
     * + the server time elapsed since that fix was evaluated), and the counterpart's latest fix is stale when it
     * is older than {@code counterpartStaleness} against that present. Fixes that carry past timestamps
     * (store-and-forward backlogs, skewed clocks, a simulator running behind) therefore age at the server's pace
     * from when they were evaluated, and agree with the check made on the next fix. A party that has never
     * reported is UNKNOWN only after a start-up grace of {@code counterpartStaleness} from the first fix of any
     * party (or validFrom when later); before any fix there is no order time and nothing is UNKNOWN (a device
     * that never reports is the gateway's loss-of-communication alert). PROXIMITY_UNKNOWN opens on the second
     * stale observation (a fix or a tick), and closes after the parties have been fresh for the close dwell.
     */
    public List<GeofenceEvent> advanceTo(Instant now) {
        return engine.advanceTo(Objects.requireNonNull(now, "now"));
    }

    /**
     * Whether some rule has plausible supporting fixes that are not yet enough to open its episode: a first fix in a
     * zone or its warning band. The gateway then asks the order's devices for faster fixes (pursuit on suspicion), so
     * the suspicion is confirmed or cleared within seconds rather than at the next fix a minute later.
     */
    public boolean suspects() {
        return engine.suspects();
    }

    /** An opaque, versioned encoding of all episode and track state, for {@link #restore}. */
    public byte[] snapshot() {
        return engine.snapshot();
    }

    public Order order() {
        return order;
    }
}
