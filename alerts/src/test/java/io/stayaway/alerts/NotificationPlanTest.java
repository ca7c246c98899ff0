package io.stayaway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stayaway.alerts.Recipient.RecipientRole;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The routing table of alerts/README.md, type by type (CHECK_IN_MISSED texts nobody), for an order that warns the respondent and one that does not. */
class NotificationPlanTest {
    private static final Set<AlertType> TOLD_TO_PROTECTED = EnumSet.of(
            AlertType.BREACH,
            AlertType.PROXIMITY,
            AlertType.CROSSING,
            AlertType.APPROACH,
            AlertType.PANIC,
            AlertType.TAMPER,
            AlertType.PROXIMITY_UNKNOWN);

    static Stream<Arguments> routing() {
        List<Arguments> out = new ArrayList<>();
        for (AlertType type : AlertType.values()) {
            for (boolean warnRespondent : new boolean[] {false, true}) {
                // an unanswered check-in is for the caseworker, who reads it in the alert list: nobody is texted
                Set<RecipientRole> expected = type == AlertType.CHECK_IN_MISSED
                        ? EnumSet.noneOf(RecipientRole.class)
                        : EnumSet.of(RecipientRole.DESK);
                if (TOLD_TO_PROTECTED.contains(type)) {
                    expected.add(RecipientRole.PROTECTED);
                }
                if (warnRespondent && type == AlertType.APPROACH) {
                    expected.add(RecipientRole.RESPONDENT);
                }
                out.add(Arguments.of(type, warnRespondent, expected));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, respondent warned={1}: {2}")
    @MethodSource("routing")
    void eachTypeReachesExactlyItsRecipients(AlertType type, boolean warnRespondent, Set<RecipientRole> expected) {
        OrderContacts contacts = new OrderContacts(
                "ORD-1",
                ZoneId.of("Asia/Shanghai"),
                "PSB",
                List.of(new Recipient(RecipientRole.DESK, "+8621000000110", Locale.SIMPLIFIED_CHINESE)),
                List.of(new Recipient(RecipientRole.PROTECTED, "+8613800000002", Locale.ENGLISH)),
                new Recipient(RecipientRole.RESPONDENT, "+8613800000001", Locale.SIMPLIFIED_CHINESE),
                new Recipient(RecipientRole.SUPERVISOR, "+8621000000119", Locale.ENGLISH),
                warnRespondent);
        assertEquals(
                expected,
                NotificationPlan.recipients(type, contacts).stream()
                        .map(Recipient::role)
                        .collect(Collectors.toSet()),
                "the supervisor hears only through escalation");
    }
}
