package io.stayaway.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is told about an alert of a given type, as a pure function of the type and the order's contacts
 * (the routing table in alerts/README.md). The protected person hears about danger to her and about
 * her own device only; technical notices about the respondent's device go to the desk alone, so they
 * can never read like danger to her. The respondent is warned only when the order asks for it and only
 * of an approach, never told where the protected person is. The supervisor hears only through
 * escalation. Public for the alert-load report, which counts the texts an alert sends. Stateless.
 */
public final class NotificationPlan {
    private NotificationPlan() {}

    public static List<Recipient> recipients(AlertType type, OrderContacts contacts) {
        if (!tellsDesk(type)) {
            return List.of();
        }
        List<Recipient> out = new ArrayList<>(contacts.desk());
        if (tellsProtectedPerson(type)) {
            out.addAll(contacts.protectedPersons());
        }
        if (contacts.warnRespondent() && warnsRespondent(type)) {
            out.add(contacts.respondent());
        }
        return out;
    }

    static boolean tellsProtectedPerson(AlertType type) {
        return switch (type) {
            case BREACH, PROXIMITY, CROSSING, APPROACH, PANIC, TAMPER, PROXIMITY_UNKNOWN -> true;
            case CURFEW, COMMUNICATION_LOSS, GNSS_LOSS, LOW_BATTERY, ORDER_EXPIRING, CHECK_IN_HELP, CHECK_IN_MISSED ->
                false;
        };
    }

    /**
     * Every type texts the duty desk but CHECK_IN_MISSED: an unanswered check-in is a follow-up for the
     * caseworker, read in the alert list, not something a desk officer can act on at night (and a text per
     * silent phone would train the desk to ignore its texts). CHECK_IN_HELP is not sent back to her: she asked
     * for help, and a text about it could be read by whoever holds her phone.
     */
    static boolean tellsDesk(AlertType type) {
        return type != AlertType.CHECK_IN_MISSED;
    }

    static boolean warnsRespondent(AlertType type) {
        return type == AlertType.APPROACH;
    }
}
