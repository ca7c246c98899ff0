package io.stayaway.gateway.orders;

import io.stayaway.geofence.Order;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An order with every version it has had, oldest first, and when it was terminated (null while it is
 * active). Version {@code k} governs the fixes whose device time lies in
 * {@code [effectiveFrom(k), effectiveFrom(k+1))}; the first version also governs anything earlier.
 * Immutable, thread-safe.
 */
public record OrderHistory(String id, List<OrderVersion> versions, Instant terminatedAt, String terminatedBy) {
    public OrderHistory {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("order " + id + " has no version");
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).number() != i + 1) {
                throw new IllegalArgumentException("order " + id + ": versions must be numbered 1.." + versions.size());
            }
            if (i > 0
                    && !versions.get(i)
                            .effectiveFrom()
                            .isAfter(versions.get(i - 1).effectiveFrom())) {
                throw new IllegalArgumentException(
                        "order " + id + ": version " + (i + 1) + " must take effect after version " + i);
            }
        }
    }

    public boolean active() {
        return terminatedAt == null;
    }

    public OrderVersion current() {
        return versions.get(versions.size() - 1);
    }

    public OrderVersion version(int number) {
        return versions.get(number - 1);
    }

    /** The version in force at device time {@code t}. */
    public OrderVersion versionAt(Instant t) {
        OrderVersion found = versions.get(0);
        for (OrderVersion v : versions) {
            if (!v.effectiveFrom().isAfter(t)) {
                found = v;
            }
        }
        return found;
    }

    /**
     * The geofence order of a version: its rules, in force from its own {@code validFrom} until the
     * earliest of its {@code validUntil}, the next version's effective time and the termination.
     * Empty when that leaves no time at all (the version was replaced before it started).
     */
    public Optional<Order> geofenceOrder(int number) {
        Order o = version(number).document().order();
        Instant until = o.validUntil();
        if (number < versions.size()) {
            until = earliest(until, versions.get(number).effectiveFrom());
        }
        if (terminatedAt != null) {
            until = earliest(until, terminatedAt);
        }
        if (!o.validFrom().isBefore(until)) {
            return Optional.empty();
        }
        return Optional.of(
                until.equals(o.validUntil())
                        ? o
                        : new Order(
                                o.id(),
                                o.timeZone(),
                                o.validFrom(),
                                until,
                                o.respondentDeviceId(),
                                o.protectedDeviceIds(),
                                o.zones(),
                                o.suspensions(),
                                o.corridors()));
    }

    OrderHistory amended(OrderVersion next) {
        List<OrderVersion> all = new java.util.ArrayList<>(versions);
        all.add(next);
        return new OrderHistory(id, all, terminatedAt, terminatedBy);
    }

    OrderHistory terminated(Instant at, String by) {
        return new OrderHistory(id, versions, at, by);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
