package io.stayaway.simulator.mqtt;

/**
 * The wire contract's topics, wearables/{deviceId}/{ping|event|cmd|error}, optionally under a
 * prefix (tests use a unique prefix per run so they never see each other's traffic).
 * Immutable, thread-safe.
 */
public record TopicScheme(String prefix) {
    public static final TopicScheme CONTRACT = new TopicScheme("");

    public TopicScheme {
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.contains("+") || prefix.contains("#")) {
            throw new IllegalArgumentException("topic prefix must not contain wildcards: " + prefix);
        }
    }

    public String topic(String deviceId, String leaf) {
        return prefix + "wearables/" + deviceId + "/" + leaf;
    }

    public String ping(String deviceId) {
        return topic(deviceId, "ping");
    }

    public String event(String deviceId) {
        return topic(deviceId, "event");
    }

    public String command(String deviceId) {
        return topic(deviceId, "cmd");
    }

    public String error(String deviceId) {
        return topic(deviceId, "error");
    }
}
