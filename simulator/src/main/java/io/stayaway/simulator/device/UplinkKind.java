package io.stayaway.simulator.device;

/** What an uplink message carries, and the topic leaf it goes to. Immutable, thread-safe. */
public enum UplinkKind {
    /** One ping object on wearables/{id}/ping. */
    PING("ping"),
    /** A store-and-forward JSON array of pings on wearables/{id}/ping. */
    PING_BATCH("ping"),
    /** One device event on wearables/{id}/event. */
    EVENT("event");

    private final String topicLeaf;

    UplinkKind(String topicLeaf) {
        this.topicLeaf = topicLeaf;
    }

    public String topicLeaf() {
        return topicLeaf;
    }
}
