package io.stayaway.gateway.ingest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An uplink topic {@code wearables/{deviceId}/{ping|event}}, parsed. */
public record Topic(String deviceId, Kind kind) {
    private static final Pattern UPLINK = Pattern.compile("wearables/([A-Za-z0-9._-]{1,64})/(ping|event)");

    /** What the topic carries. */
    public enum Kind { PING, EVENT }

    public static Optional<Topic> parse(String topic) {
        Matcher m = UPLINK.matcher(topic);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Topic(m.group(1), "ping".equals(m.group(2)) ? Kind.PING : Kind.EVENT));
    }

    public static String commandTopic(String deviceId) {
        return "wearables/" + deviceId + "/cmd";
    }

    public static String errorTopic(String deviceId) {
        return "wearables/" + deviceId + "/error";
    }
}
