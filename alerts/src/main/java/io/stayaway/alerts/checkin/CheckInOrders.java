package io.stayaway.alerts.checkin;

import java.util.List;
import java.util.Optional;

/**
 * The orders the check-in worker serves, as the gateway's order registry knows them (it implements this).
 * Implementations are thread-safe and answer from memory, without blocking.
 */
public interface CheckInOrders {
    /** Every order not terminated (in force now or later); the worker checks validity itself. */
    List<CheckInOrder> all();

    /** The order, unless unknown or terminated. */
    Optional<CheckInOrder> find(String orderId);
}
