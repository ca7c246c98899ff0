package io.stayaway.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@link GatewayConfig}'s keys from a map, each missing key taking its documented default, and collects
 * every refused value with its key so start-up fails once naming them all. Confined to the reading thread.
 */
final class ConfigReader {
    private final Map<String, String> source;
    /** Every refused value so far, with its key; a rule over several keys adds its own. */
    final List<String> errors = new ArrayList<>();

    ConfigReader(Map<String, String> source) {
        this.source = source;
    }

    String text(String key) {
        String v = source.get(key);
        return v == null ? defaultOf(key) : v.trim();
    }

    int integer(String key, int min, int max) {
        String v = text(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                errors.add(key + " must be between " + min + " and " + max + ", got " + v);
            }
            return i;
        } catch (NumberFormatException e) {
            errors.add(key + " must be a whole number, got '" + v + "'");
            return min;
        }
    }

    <T> T parsed(String key, Function<String, T> parser, String expected) {
        String v = text(key);
        try {
            return parser.apply(v);
        } catch (RuntimeException e) {
            errors.add(key + " must be " + expected + ", got '" + v + "'");
            return null;
        }
    }

    void failIfErrors() {
        if (!errors.isEmpty()) {
            throw new GatewayConfig.ConfigException("invalid configuration: " + String.join("; ", errors));
        }
    }

    private static String defaultOf(String key) {
        return GatewayConfig.KEYS.stream()
                .filter(k -> k.name().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("undocumented key " + key))
                .defaultValue();
    }
}
