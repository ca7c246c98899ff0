package io.stayaway.gateway.ingest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An uplink topic {@code wearables/{deviceId}/{ping|event}}, parsed; and the one place every device topic
 * is spelled (README, "Wire contract"): the uplink filters a gateway subscribes to, and each device's
 * command and error topics.
 */
public record Topic(String deviceId, Kind kind) {
    private static final String ROOT = "wearables/";
    private static final Pattern UPLINK = Pattern.compile("wearables/([A-Za-z0-9._-]{1,64})/(ping|event)");

    /** Every device's pings. */
    public static final String PING_FILTER = ROOT + "+/ping";
    /** Every device's events. */
    public static final String EVENT_FILTER = ROOT + "+/event";

    /** What the topic carries. */
    public enum Kind {
        PING,
        EVENT
    }

    public static Optional<Topic> parse(String topic) {
        Matcher m = UPLINK.matcher(topic);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Topic(m.group(1), "ping".equals(m.group(2)) ? Kind.PING : Kind.EVENT));
    }

    public static String commandTopic(String deviceId) {
        return ROOT + deviceId + "/cmd";
    }

    public static String errorTopic(String deviceId) {
        return ROOT + deviceId + "/error";
    }
}
