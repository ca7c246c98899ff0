package io.stayaway.alerts.checkin;

import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the check-in worker needs of an order: its validity, its schedule and its contacts (the time zone,
 * the protected persons' phones and languages, the desk an alert goes to). Immutable.
 */
public record CheckInOrder(Instant validFrom, Instant validUntil, CheckInSchedule schedule, OrderContacts contacts) {
    public CheckInOrder {
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(contacts, "contacts");
    }

    public String orderId() {
        return contacts.orderId();
    }

    /** The protected persons with a phone: who is texted a check-in. */
    public List<Recipient> protectedPersons() {
        return contacts.protectedPersons();
    }

    public boolean inForceAt(Instant t) {
        return !t.isBefore(validFrom) && t.isBefore(validUntil);
    }
}
