package io.stayaway.alerts;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Notification wording per alert type, recipient role and language (zh-CN and English bundles).
 * Each type has its own text so a technical notice never reads like danger. Thread-safe.
 *
 * <p>Arguments available to templates: {0} order id, {1} local time of the event, {2} time zone,
 * {3} zone/rule id, {4} distance in metres (rounded), {5} station; escalation templates add {6} the
 * alert type's name in the recipient's language and {7} the duty desk's own wording of the alert.
 */
public final class MessageTemplates {
    private static final String BUNDLE = "io.stayaway.alerts.messages";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The text of an alert for one recipient. */
    public String render(
            AlertType type,
            Recipient.RecipientRole role,
            Locale language,
            String orderId,
            Instant eventTime,
            ZoneId zone,
            String ruleId,
            Double distanceMetres,
            String station) {
        return format(
                type.name() + "." + role.wireName(),
                language,
                facts(orderId, eventTime, zone, ruleId, distanceMetres, station, "", ""));
    }

    /**
     * The text read out by an escalation call: to the duty desk it repeats the desk's wording of the
     * alert with why it is called again; to the supervisor it names the alert and what to do.
     */
    public String renderEscalation(
            EscalationReason reason,
            Recipient.RecipientRole role,
            AlertType type,
            Locale language,
            String orderId,
            Instant eventTime,
            ZoneId zone,
            String ruleId,
            Double distanceMetres,
            String station) {
        String typeName = format("type." + type.name(), language, new Object[0]);
        String deskWording = render(
                type,
                Recipient.RecipientRole.DESK,
                language,
                orderId,
                eventTime,
                zone,
                ruleId,
                distanceMetres,
                station);
        return format(
                "ESCALATION." + reason.name() + "." + role.wireName(),
                language,
                facts(orderId, eventTime, zone, ruleId, distanceMetres, station, typeName, deskWording));
    }

    /**
     * The safety check-in texted to the protected person (issue #19): the same words for every order, so it
     * never names the respondent, a place or a time.
     */
    public String renderCheckIn(Locale language) {
        return format("CHECK_IN.protected", language, new Object[0]);
    }

    private static Object[] facts(
            String orderId,
            Instant eventTime,
            ZoneId zone,
            String ruleId,
            Double distanceMetres,
            String station,
            String typeName,
            String deskWording) {
        String localTime = LOCAL_TIME.format(eventTime.atZone(zone));
        String distance = distanceMetres == null ? "?" : Long.toString(Math.round(Math.abs(distanceMetres)));
        return new Object[] {
            orderId,
            localTime,
            zone.getId(),
            ruleId == null ? "-" : ruleId,
            distance,
            station == null ? "" : station,
            typeName,
            deskWording
        };
    }

    private static String format(String key, Locale language, Object[] args) {
        String pattern;
        try {
            pattern = bundle(language).getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no " + language.toLanguageTag() + " wording for " + key, e);
        }
        return new MessageFormat(pattern, language).format(args);
    }

    private static ResourceBundle bundle(Locale language) {
        return ResourceBundle.getBundle(
                BUNDLE,
                language,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
