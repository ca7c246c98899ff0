package io.stayaway.alerts;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Who must hear about an order's alerts: the duty desk of the responsible station, the protected
 * person(s), optionally the respondent and a supervisor. Immutable.
 */
public record OrderContacts(String orderId, ZoneId timeZone, String station,
                            List<Recipient> desk, List<Recipient> protectedPersons,
                            Recipient respondent, Recipient supervisor) {
    public OrderContacts {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(timeZone, "timeZone");
        desk = List.copyOf(desk);
        protectedPersons = List.copyOf(protectedPersons);
        if (desk.isEmpty()) {
            throw new IllegalArgumentException("order " + orderId + " has no duty desk phone: alerts would reach nobody");
        }
    }
}
