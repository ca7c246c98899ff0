package io.stayaway.alerts;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Who must hear about an order's alerts: the duty desk of the responsible station, the protected
 * person(s), optionally the respondent and a supervisor. Immutable.
 *
 * @param warnRespondent the order asks for the respondent to be warned by SMS when he enters a
 *                       warning band (APPROACH); requires {@code respondent}
 */
public record OrderContacts(
        String orderId,
        ZoneId timeZone,
        String station,
        List<Recipient> desk,
        List<Recipient> protectedPersons,
        Recipient respondent,
        Recipient supervisor,
        boolean warnRespondent) {
    public OrderContacts {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(timeZone, "timeZone");
        desk = List.copyOf(desk);
        protectedPersons = List.copyOf(protectedPersons);
        if (desk.isEmpty()) {
            throw new IllegalArgumentException(
                    "order " + orderId + " has no duty desk phone: alerts would reach nobody");
        }
        if (warnRespondent && respondent == null) {
            throw new IllegalArgumentException(
                    "order " + orderId + " asks to warn the respondent but has no respondent phone");
        }
    }

    /** Contacts of an order that does not warn the respondent. */
    public OrderContacts(
            String orderId,
            ZoneId timeZone,
            String station,
            List<Recipient> desk,
            List<Recipient> protectedPersons,
            Recipient respondent,
            Recipient supervisor) {
        this(orderId, timeZone, station, desk, protectedPersons, respondent, supervisor, false);
    }
}
