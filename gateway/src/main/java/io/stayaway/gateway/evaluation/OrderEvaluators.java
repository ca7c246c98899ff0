package io.stayaway.gateway.evaluation;

import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.SnapshotFormatException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The geofence evaluators of the orders being evaluated: per order, one per order version that has been
 * needed (a fix is evaluated under the version in force at its device time), each clipped to its
 * version's time in force, and the order's history as last learnt. Confined to the evaluator thread.
 */
final class OrderEvaluators {
    private static final Logger LOG = LoggerFactory.getLogger(OrderEvaluators.class);

    private final EvaluatorSettings settings;
    /** Per order, the evaluators of its versions that have been needed, by version number. */
    private final Map<String, Map<Integer, OrderEvaluator>> evaluators = new HashMap<>();
    /** The histories of the orders being evaluated, as this thread last learnt them. */
    private final Map<String, OrderHistory> histories = new HashMap<>();

    /** One version's evaluator and the version's number. */
    record Versioned(int version, OrderEvaluator evaluator) {}

    OrderEvaluators(EvaluatorSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts following an order, with the saved evaluator of the version it was saved for (clipped to that
     * version's time in force); the other versions start without history when a fix first needs them.
     *
     * @return false when the saved state could not be read: that version then starts without history
     */
    boolean restore(OrderHistory history, EvaluatorStore.Saved state) {
        Map<Integer, OrderEvaluator> byVersion = new HashMap<>();
        evaluators.put(history.id(), byVersion);
        histories.put(history.id(), history);
        if (state == null || state.version() > history.versions().size()) {
            return true;
        }
        Optional<Order> order = history.geofenceOrder(state.version());
        if (order.isEmpty()) {
            return true;
        }
        try {
            byVersion.put(state.version(), OrderEvaluator.restore(order.get(), settings, state.snapshot()));
            return true;
        } catch (SnapshotFormatException e) {
            LOG.error(
                    "order {}: saved evaluator state unusable ({}); starting version {} without history — an open episode may be"
                            + " alerted again or late",
                    history.id(),
                    e.getMessage(),
                    state.version());
            return false;
        }
    }

    /**
     * Takes a new or amended order into account. Existing evaluators keep their episode state but are
     * re-made for their version's new time in force (it ends where the amendment takes effect, or at
     * termination), so the clock closes their episodes at that time; a version that governs no time any
     * more is dropped.
     */
    void follow(OrderHistory history) {
        histories.put(history.id(), history);
        Map<Integer, OrderEvaluator> byVersion = evaluators.computeIfAbsent(history.id(), k -> new HashMap<>());
        for (Map.Entry<Integer, OrderEvaluator> e : List.copyOf(byVersion.entrySet())) {
            Optional<Order> clipped = history.geofenceOrder(e.getKey());
            if (clipped.isEmpty()) {
                byVersion.remove(e.getKey());
            } else if (!clipped.get().equals(e.getValue().order())) {
                byVersion.put(
                        e.getKey(),
                        OrderEvaluator.restore(
                                clipped.get(), settings, e.getValue().snapshot()));
            }
        }
    }

    /** Stops following an order (after its last tick). */
    void forget(String orderId) {
        evaluators.remove(orderId);
        histories.remove(orderId);
    }

    boolean follows(String orderId) {
        return evaluators.containsKey(orderId);
    }

    /** The history of a followed order, or null. */
    OrderHistory history(String orderId) {
        return histories.get(orderId);
    }

    /** The evaluators of an order's versions made so far (none for an order not followed). */
    Collection<OrderEvaluator> of(String orderId) {
        return evaluators.getOrDefault(orderId, Map.of()).values();
    }

    /** The evaluator of the version in force at {@code t}, created on first need; null when that version governs no time. */
    OrderEvaluator at(OrderHistory history, Instant t) {
        Map<Integer, OrderEvaluator> byVersion = evaluators.get(history.id());
        if (byVersion == null) {
            return null;
        }
        int number = history.versionAt(t).number();
        OrderEvaluator evaluator = byVersion.get(number);
        if (evaluator == null) {
            evaluator = history.geofenceOrder(number)
                    .map(o -> OrderEvaluator.create(o, settings))
                    .orElse(null);
            if (evaluator != null) {
                byVersion.put(number, evaluator);
            }
        }
        return evaluator;
    }

    /**
     * The evaluator of the newest version made so far: the one whose state is saved (older versions govern
     * only late fixes and start afresh after a restart). Empty when the order has none.
     */
    Optional<Versioned> newest(String orderId) {
        Map<Integer, OrderEvaluator> byVersion = evaluators.get(orderId);
        if (byVersion == null || byVersion.isEmpty()) {
            return Optional.empty();
        }
        int version = Collections.max(byVersion.keySet());
        return Optional.of(new Versioned(version, byVersion.get(version)));
    }

    /** Every evaluator with the document of its version, for the clock tick. */
    void forEach(BiConsumer<OrderDocument, OrderEvaluator> action) {
        for (Map.Entry<String, Map<Integer, OrderEvaluator>> entry : evaluators.entrySet()) {
            OrderHistory history = histories.get(entry.getKey());
            for (Map.Entry<Integer, OrderEvaluator> version : entry.getValue().entrySet()) {
                action.accept(history.version(version.getKey()).document(), version.getValue());
            }
        }
    }
}
