package io.stayaway.gateway.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stayaway.alerts.evidence.CourtOrder;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What evidence is given of an order document: identity, court, validity, parties by role and device, zones; no names or numbers. */
class CourtOrderAdapterTest {
    private static final JsonObject DOCUMENT = new JsonObject("""
            {"id": "ORD-E", "court": "Pudong People's Court", "timeZone": "Asia/Shanghai",
             "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
             "parties": [{"role": "respondent", "deviceId": "r-1", "name": "Zhang San", "phone": "+8613800000001"},
                         {"role": "protected", "deviceId": "p-1", "name": "Li Si", "phone": "+8613800000002"}],
             "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.23, "lon": 121.47, "radius": 500}, "warningBuffer": 200}],
             "dutyDesk": {"station": "Pudong PSB", "phones": ["+8621000000110"]}}
            """);

    @Test
    void anOrderDocumentGivesEvidenceItsIdentityPartiesAndZonesAndNothingPersonal() {
        CourtOrder order = OrderDocument.parse(DOCUMENT).courtOrder();
        assertEquals("ORD-E", order.id());
        assertEquals("Pudong People's Court", order.court());
        assertEquals("Pudong PSB", order.station());
        assertEquals(ZoneId.of("Asia/Shanghai"), order.timeZone());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), order.validFrom());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), order.validUntil());
        assertEquals(
                List.of(
                        new CourtOrder.Party(CourtOrder.Role.RESPONDENT, "r-1"),
                        new CourtOrder.Party(CourtOrder.Role.PROTECTED, "p-1")),
                order.parties());
        assertEquals(
                List.of("home"),
                order.zones().stream().map(z -> z.id()).toList(),
                "the zones as the evaluator judges them");
        assertEquals(DOCUMENT.getJsonArray("zones"), order.statedZones(), "and as the order states them");
        assertFalse(order.toString().contains("Zhang") || order.toString().contains("+86138"), order.toString());
    }
}
