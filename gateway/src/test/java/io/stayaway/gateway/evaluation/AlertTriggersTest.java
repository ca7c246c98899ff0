package io.stayaway.gateway.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.gateway.ingest.DeviceEventType;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.Ping;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What evaluation hands to the alert step for an episode or a device event. */
class AlertTriggersTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    private final OrderDocument order = OrderDocument.parse(new JsonObject("""
            {"id": "ORD-T", "timeZone": "Asia/Shanghai", "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
             "parties": [{"role": "respondent", "deviceId": "r1"}, {"role": "protected", "deviceId": "p1"}],
             "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.23, "lon": 121.47, "radius": 500}}],
             "dutyDesk": {"phones": ["+8621000000110"]}}"""));

    private static Telemetry.Event event(String deviceId, DeviceEventType type) {
        return new Telemetry.Event(deviceId, 7, T, T.plusSeconds(1), type, null, null, new byte[0]);
    }

    @ParameterizedTest(name = "{0} raises {1}")
    @CsvSource({
        "STRAP_TAMPER, TAMPER",
        "CASE_OPEN, TAMPER",
        "JAMMING, TAMPER",
        "PANIC, PANIC",
        "BATTERY_LOW, LOW_BATTERY"
    })
    void aDeviceEventThatIsAnAlarmByItselfRaisesItsAlertType(DeviceEventType event, AlertType expected) {
        AlertTrigger t = AlertTriggers.forDeviceEvent(order, event("r1", event)).orElseThrow();
        assertEquals(expected, t.type());
        assertEquals("ORD-T", t.orderId());
        assertEquals("r1", t.deviceId());
        assertEquals("respondent", t.party());
        assertEquals(T, t.eventTime());
        assertEquals("device reported " + event.wireName(), t.explanation());
    }

    @ParameterizedTest(name = "{0} raises nothing by itself")
    @CsvSource({"GNSS_LOST", "STRAP_RESTORED", "CHARGING", "GNSS_RESTORED", "POWER_OFF"})
    void otherDeviceEventsRaiseNothingHere(DeviceEventType event) {
        assertEquals(Optional.empty(), AlertTriggers.forDeviceEvent(order, event("p1", event)));
    }

    @Test
    void aDeviceEventIsKeyedOnOrderDeviceSeqAndFixTimeSoARedeliveryIsOneAlert() {
        AlertTrigger t = AlertTriggers.forDeviceEvent(order, event("p1", DeviceEventType.PANIC))
                .orElseThrow();
        assertEquals("ORD-T/p1/event/7/" + T.toEpochMilli(), t.dedupeKey());
        assertEquals("protected", t.party());
    }

    @Test
    void aBreachEpisodeIsABreachAlertKeyedOnTheEpisode() {
        OrderEvaluator evaluator = OrderEvaluator.create(order.order(), EvaluatorSettings.defaults());
        List<GeofenceEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant ts = T.plusSeconds(15L * i);
            events.addAll(evaluator
                    .evaluate(new Ping("r1", i, ts, 31.23, 121.47, 5.0), ts)
                    .events());
        }
        GeofenceEvent opened = events.stream()
                .filter(e -> e instanceof EpisodeOpened && e.episode().kind() == EpisodeKind.BREACH)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no breach opened: " + events));
        AlertTrigger t = AlertTriggers.forEpisode(order, opened.episode());
        assertEquals(AlertType.BREACH, t.type());
        assertEquals(opened.episode().id(), t.dedupeKey());
        assertEquals("home", t.ruleId());
        assertEquals("respondent", t.party());
        assertFalse(t.late());
        assertTrue(t.minDistanceMetres() != null, "a breach states its distance");
    }
}
