package io.stayaway.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicTest {
    @Test
    void downlinkTopicsFollowTheWireContract() {
        assertEquals("wearables/dev-1/cmd", Topic.commandTopic("dev-1"));
        assertEquals("wearables/dev-1/error", Topic.errorTopic("dev-1"));
    }

    @Test
    void theSubscriptionFiltersCoverTheUplinkTopicsTheParserAccepts() {
        assertEquals("wearables/+/ping", Topic.PING_FILTER);
        assertEquals("wearables/+/event", Topic.EVENT_FILTER);
        assertEquals(
                new Topic("dev-1", Topic.Kind.PING),
                Topic.parse(Topic.PING_FILTER.replace("+", "dev-1")).orElseThrow());
        assertEquals(
                new Topic("dev-1", Topic.Kind.EVENT),
                Topic.parse(Topic.EVENT_FILTER.replace("+", "dev-1")).orElseThrow());
    }

    @Test
    void aDownlinkTopicIsNeverTakenForAnUplinkOne() {
        assertTrue(Topic.parse(Topic.commandTopic("dev-1")).isEmpty());
        assertTrue(Topic.parse(Topic.errorTopic("dev-1")).isEmpty());
    }
}
