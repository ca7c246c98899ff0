package io.stayaway.gateway.alerting;

import io.stayaway.alerts.checkin.CheckInOrder;
import io.stayaway.alerts.checkin.CheckInOrders;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The check-in worker's view of the orders: each active order's current version from the registry, with its
 * validity, its {@code checkIns} schedule and the contacts its alerts are raised with (the protected parties'
 * phones and languages among them). Thread-safe; answers from the registry's memory.
 */
public final class RegistryCheckInOrders implements CheckInOrders {
    private final OrderRegistry registry;

    public RegistryCheckInOrders(OrderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<CheckInOrder> all() {
        return registry.all().stream().map(RegistryCheckInOrders::of).toList();
    }

    @Override
    public Optional<CheckInOrder> find(String orderId) {
        return registry.get(orderId).map(RegistryCheckInOrders::of);
    }

    private static CheckInOrder of(OrderDocument doc) {
        return new CheckInOrder(doc.order().validFrom(), doc.order().validUntil(), doc.checkIns(), doc.contacts());
    }
}
