package io.stayaway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.Recipient.RecipientRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wording: every type reaching a role has its own text in both languages, and technical notices never read like danger. */
class MessageTemplatesTest {
    private static final String[] BUNDLES = {"messages.properties", "messages_zh_CN.properties"};
    private final MessageTemplates templates = new MessageTemplates();

    /** Every (type, role) pair the routing table can produce, with each language file. */
    static Stream<Arguments> routedWording() {
        List<Arguments> out = new ArrayList<>();
        for (String bundle : BUNDLES) {
            for (AlertType type : AlertType.values()) {
                out.add(Arguments.of(bundle, type.name() + ".desk"));
                out.add(Arguments.of(bundle, "type." + type.name()));
                if (NotificationPlan.tellsProtectedPerson(type)) {
                    out.add(Arguments.of(bundle, type.name() + ".protected"));
                }
                if (NotificationPlan.warnsRespondent(type)) {
                    out.add(Arguments.of(bundle, type.name() + ".respondent"));
                }
            }
            for (EscalationReason reason : EscalationReason.values()) {
                out.add(Arguments.of(bundle, "ESCALATION." + reason.name() + ".desk"));
                out.add(Arguments.of(bundle, "ESCALATION." + reason.name() + ".supervisor"));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} has {1}")
    @MethodSource("routedWording")
    void everyRoutedTypeHasItsOwnWordingInBothLanguages(String bundle, String key) throws IOException {
        String text = load(bundle).getProperty(key);
        assertTrue(text != null && !text.isBlank(), bundle + " lacks " + key + " (no fallback to another language)");
    }

    @Test
    void messagesToThePeopleInvolvedNeverCarryDistancesOrPositions() throws IOException {
        for (String bundle : BUNDLES) {
            for (String key : load(bundle).stringPropertyNames()) {
                if (key.endsWith(".protected") || key.endsWith(".respondent")) {
                    String text = load(bundle).getProperty(key);
                    assertFalse(text.contains("{4}"), bundle + " " + key + " would reveal a distance");
                }
            }
        }
    }

    @Test
    void aTechnicalNoticeToTheProtectedPersonSaysItIsNotAnAlarm() {
        String en = render(AlertType.PROXIMITY_UNKNOWN, RecipientRole.PROTECTED, Locale.ENGLISH);
        String zh = render(AlertType.PROXIMITY_UNKNOWN, RecipientRole.PROTECTED, Locale.SIMPLIFIED_CHINESE);
        assertTrue(en.startsWith("Notice (not an alarm)"), en);
        assertTrue(zh.startsWith("通知（非警报）"), zh);
        assertFalse(en.contains("Safety alert") || en.contains("110"), en);
    }

    @Test
    void technicalTypesAboutTheRespondentsDeviceAreNeverRoutedToTheProtectedPerson() {
        for (AlertType type : List.of(
                AlertType.LOW_BATTERY,
                AlertType.GNSS_LOSS,
                AlertType.COMMUNICATION_LOSS,
                AlertType.CURFEW,
                AlertType.ORDER_EXPIRING)) {
            assertFalse(NotificationPlan.tellsProtectedPerson(type), type.name());
        }
    }

    @Test
    void deskEscalationRepeatsTheDesksOwnWordingInItsLanguage() {
        String text = templates.renderEscalation(
                EscalationReason.ACK_TIMEOUT,
                RecipientRole.DESK,
                AlertType.BREACH,
                Locale.SIMPLIFIED_CHINESE,
                "ORD-1",
                Instant.parse("2026-11-27T13:20:05Z"),
                ZoneId.of("Asia/Shanghai"),
                "home",
                -120.4,
                "Pudong PSB");
        assertEquals(
                "再次通知：此警报尚未被确认。【严重违令】保护令 ORD-1：被申请人自 2026-11-27 21:20:05（Asia/Shanghai）起确认进入禁止区域“home”（深入 120 米）。请在值班台确认并派警。",
                text);
    }

    @Test
    void supervisorEscalationNamesTheTypeOrderAndStation() {
        String text = templates.renderEscalation(
                EscalationReason.DESK_DELIVERY_FAILED,
                RecipientRole.SUPERVISOR,
                AlertType.PANIC,
                Locale.ENGLISH,
                "ORD-1",
                Instant.parse("2026-11-27T13:20:05Z"),
                ZoneId.of("Asia/Shanghai"),
                null,
                null,
                "Pudong PSB");
        assertEquals(
                "Supervisor escalation: the duty desk Pudong PSB could not be reached about the panic button alert on order ORD-1 at "
                        + "2026-11-27 21:20:05 (Asia/Shanghai). Take charge of the alert in the console.",
                text);
    }

    private String render(AlertType type, RecipientRole role, Locale language) {
        return templates.render(
                type,
                role,
                language,
                "ORD-1",
                Instant.parse("2026-11-27T13:20:05Z"),
                ZoneId.of("Asia/Shanghai"),
                "home",
                -3.0,
                "PSB");
    }

    private static Properties load(String bundle) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageTemplates.class.getResourceAsStream(bundle)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
