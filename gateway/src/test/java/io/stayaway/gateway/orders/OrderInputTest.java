package io.stayaway.gateway.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An order from the API is held to {@link OrderInput}'s limits, naming the field; a stored one is not. */
class OrderInputTest {
    private static JsonObject order() {
        return new JsonObject("""
                {"id": "ORD-1", "court": "Court", "timeZone": "Asia/Shanghai",
                 "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-07-01T00:00:00Z",
                 "parties": [
                   {"role": "respondent", "deviceId": "r-1", "name": "R"},
                   {"role": "protected", "deviceId": "p-1", "name": "P", "phone": "+8613800000002"}],
                 "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.2, "lon": 121.4, "radius": 500}}],
                 "dutyDesk": {"station": "Desk", "phones": ["+8621000000110"]}}
                """);
    }

    private static Arguments refused(String field, Consumer<JsonObject> change) {
        JsonObject o = order();
        change.accept(o);
        return Arguments.of(field, o);
    }

    static Stream<Arguments> badOrders() {
        return Stream.of(
                refused("court", o -> o.remove("court")),
                refused("court", o -> o.put("court", 12345)),
                refused("organisation", o -> o.put("organisation", " ")),
                refused("organisation", o -> o.put("organisation", 7)),
                refused("organisation", o -> o.put("organisation", "Women's\u0007Federation")),
                refused("organisation", o -> o.put("organisation", "o".repeat(201))),
                refused("dutyDesk.station", o -> o.getJsonObject("dutyDesk").remove("station")),
                refused("admin", o -> o.put("admin", true)),
                refused(
                        "parties[1].nickname",
                        o -> o.getJsonArray("parties").getJsonObject(1).put("nickname", "x")),
                refused(
                        "parties[0].name",
                        o -> o.getJsonArray("parties").getJsonObject(0).put("name", "a\u0000")),
                refused(
                        "zones[0].id",
                        o -> o.getJsonArray("zones").getJsonObject(0).put("id", "z".repeat(65))),
                refused(
                        "zones[0].warningBuffer",
                        o -> o.getJsonArray("zones").getJsonObject(0).put("warningBuffer", 1e300)),
                refused(
                        "zones[0].warningBuffer",
                        o -> o.getJsonArray("zones").getJsonObject(0).put("warningBuffer", -1)),
                refused("validUntil", o -> o.put("validUntil", "+99999-01-01T00:00:00Z")),
                refused("validFrom", o -> o.put("validFrom", "1999-12-31T23:59:59Z")),
                refused("dutyDesk.phones", o -> {
                    JsonArray phones = new JsonArray();
                    for (int i = 0; i < 11; i++) {
                        phones.add("+862100000011" + (i % 10));
                    }
                    o.getJsonObject("dutyDesk").put("phones", phones);
                }),
                refused(
                        "suspensions[0].until",
                        o -> o.put(
                                "suspensions",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("zoneId", "home")
                                                .put("from", "2026-03-02T00:00:00Z")
                                                .put("until", "2026-03-01T00:00:00Z")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void aBadOrderIsRefusedNamingTheField(String field, JsonObject order) {
        OrderValidationException e =
                assertThrows(OrderValidationException.class, () -> OrderDocument.parseInput(order));
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void aValidOrderIsAccepted() {
        assertEquals("ORD-1", OrderDocument.parseInput(order()).order().id());
    }

    @Test
    void anOrganisationIsOptionalAndReadBack() {
        assertEquals(
                java.util.Optional.empty(), OrderDocument.parseInput(order()).organisation());
        JsonObject assigned = order().put("organisation", "浦东新区妇联");
        assertEquals(
                java.util.Optional.of("浦东新区妇联"),
                OrderDocument.parseInput(assigned).organisation());
    }

    @Test
    void aStoredOrderWithoutCourtOrStationStillLoads() {
        JsonObject stored = order();
        stored.remove("court");
        stored.getJsonObject("dutyDesk").remove("station");
        stored.put("note", "written before the limits");
        assertEquals("ORD-1", OrderDocument.parse(stored).order().id());
    }
}
