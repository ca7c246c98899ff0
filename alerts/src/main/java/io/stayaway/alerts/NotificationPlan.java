package io.stayaway.alerts;

import io.stayaway.alerts.Recipient.RecipientRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is told about an alert of a given type, as a pure function of the type and the order's contacts.
 * The protected person hears about danger to her and about her own device only; technical notices
 * about the respondent's device go to the desk alone, so they can never read like danger to her.
 */
final class NotificationPlan {
    private NotificationPlan() {
    }

    static List<Recipient> recipients(AlertType type, OrderContacts contacts) {
        List<Recipient> out = new ArrayList<>(contacts.desk());
        if (tellsProtectedPerson(type)) {
            out.addAll(contacts.protectedPersons());
        }
        return out;
    }

    static boolean tellsProtectedPerson(AlertType type) {
        return switch (type) {
            case BREACH, PROXIMITY, CROSSING, APPROACH, PANIC, TAMPER, PROXIMITY_UNKNOWN -> true;
            case CURFEW, COMMUNICATION_LOSS, GNSS_LOSS, LOW_BATTERY, ORDER_EXPIRING -> false;
        };
    }

    static boolean isDesk(Recipient recipient) {
        return recipient.role() == RecipientRole.DESK;
    }
}
