package io.stayaway.gateway.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which version of an order governs a fix, and the time each version's geofence order is in force. */
class OrderHistoryTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant AMENDED = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant TERMINATED = Instant.parse("2026-05-01T00:00:00Z");

    private static OrderDocument doc(String validFrom, String validUntil) {
        return OrderDocument.parse(new JsonObject("""
                {"id": "ORD-H", "timeZone": "Asia/Shanghai", "validFrom": "%s", "validUntil": "%s",
                 "parties": [{"role": "respondent", "deviceId": "r"}, {"role": "protected", "deviceId": "p"}],
                 "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.23, "lon": 121.47, "radius": 500}}],
                 "dutyDesk": {"phones": ["+8621000000110"]}}
                """.formatted(validFrom, validUntil)));
    }

    private static OrderHistory twoVersions(Instant terminatedAt) {
        return new OrderHistory(
                "ORD-H",
                List.of(
                        new OrderVersion(
                                1, CREATED, doc("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"), CREATED, "admin"),
                        new OrderVersion(
                                2, AMENDED, doc("2026-01-01T00:00:00Z", "2026-12-01T00:00:00Z"), AMENDED, "admin")),
                terminatedAt,
                null);
    }

    @Test
    void aFixIsGovernedByTheLatestVersionInForceAtItsDeviceTime() {
        OrderHistory h = twoVersions(null);
        assertEquals(1, h.versionAt(CREATED.minusSeconds(3600)).number(), "before any version: the first");
        assertEquals(1, h.versionAt(AMENDED.minusMillis(1)).number());
        assertEquals(2, h.versionAt(AMENDED).number(), "from the effective instant on");
        assertEquals(2, h.versionAt(TERMINATED).number());
    }

    @Test
    void anEarlierVersionIsInForceUntilTheNextTakesEffect() {
        OrderHistory h = twoVersions(null);
        assertEquals(AMENDED, h.geofenceOrder(1).orElseThrow().validUntil());
        assertEquals(
                Instant.parse("2026-12-01T00:00:00Z"),
                h.geofenceOrder(2).orElseThrow().validUntil(),
                "the newest keeps its own validity");
        assertEquals(
                Instant.parse("2026-01-01T00:00:00Z"),
                h.geofenceOrder(2).orElseThrow().validFrom());
    }

    @Test
    void terminationCutsTheCurrentVersion() {
        assertEquals(
                TERMINATED,
                twoVersions(TERMINATED).geofenceOrder(2).orElseThrow().validUntil());
    }

    @Test
    void aVersionReplacedBeforeItsValidityStartedGovernsNothing() {
        OrderHistory h = new OrderHistory(
                "ORD-H",
                List.of(
                        new OrderVersion(
                                1, CREATED, doc("2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z"), CREATED, "admin"),
                        new OrderVersion(
                                2, AMENDED, doc("2026-04-01T00:00:00Z", "2027-01-01T00:00:00Z"), AMENDED, "admin")),
                null,
                null);
        assertTrue(h.geofenceOrder(1).isEmpty());
        assertTrue(h.geofenceOrder(2).isPresent());
    }

    @Test
    void versionsMustBeNumberedInOrderAndTakeEffectInOrder() {
        OrderDocument d = doc("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        assertThrows(
                IllegalArgumentException.class,
                () -> new OrderHistory("ORD-H", List.of(new OrderVersion(2, CREATED, d, CREATED, null)), null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new OrderHistory(
                        "ORD-H",
                        List.of(
                                new OrderVersion(1, AMENDED, d, AMENDED, null),
                                new OrderVersion(2, CREATED, d, AMENDED, null)),
                        null,
                        null));
    }
}
