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
 */
public final class MessageTemplates {
    private static final String BUNDLE = "io.stayaway.alerts.messages";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * The text for one recipient. Arguments available to templates: {0} order id, {1} local time of
     * the event, {2} time zone, {3} zone/rule id, {4} distance in metres (rounded), {5} station.
     */
    public String render(AlertType type, Recipient.RecipientRole role, Locale language,
                         String orderId, Instant eventTime, ZoneId zone, String ruleId,
                         Double distanceMetres, String station) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, language, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String key = type.name() + "." + role.wireName();
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no " + language.toLanguageTag() + " wording for " + key, e);
        }
        String localTime = LOCAL_TIME.format(eventTime.atZone(zone));
        String distance = distanceMetres == null ? "?" : Long.toString(Math.round(Math.abs(distanceMetres)));
        return new MessageFormat(pattern, language).format(new Object[] {
                orderId, localTime, zone.getId(), ruleId == null ? "-" : ruleId, distance, station == null ? "" : station});
    }

    /** True when wording exists for this type and role in the given language. */
    public boolean has(AlertType type, Recipient.RecipientRole role, Locale language) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, language, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return bundle.containsKey(type.name() + "." + role.wireName());
    }
}
