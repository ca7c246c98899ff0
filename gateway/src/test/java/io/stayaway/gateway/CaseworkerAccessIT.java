package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The caseworker role against a real gateway (issue #19 part 1): the summary, alert list and compliance report
 * of their organisation's orders and nothing that carries a place or a device; refusals answered and audited;
 * follow-up contacts recorded into the audit log and the order's evidence chain; reassignment by amendment.
 * One gateway for the class: order A of organisation 1 with an open alert, order B of organisation 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseworkerAccessIT {
    private static final String ORG_1 = "Pudong Women's Federation";
    private static final String ORG_2 = "Huangpu Community Committee";
    private static final String PASSWORD = "caseworker password";
    private static final String PROTECTED_PHONE = "+8613800000002";
    private static final String DESK_PHONE = "+8621000000110";

    private GatewayHarness h;
    private String orderA;
    private String orderB;
    private String alertA;
    private String cw1;
    private String cw2;

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness();
        orderA = "ORD-CW-A-" + h.suffix;
        orderB = "ORD-CW-B-" + h.suffix;
        createOrder(orderA, ORG_1);
        createOrder(orderB, ORG_2);
        h.powerOff(respondent(orderA));
        alertA = h.firstAlertOf(orderA);
        h.createUser("cw-1", PASSWORD, "caseworker", "organisation", ORG_1);
        h.createUser("cw-2", PASSWORD, "caseworker", "organisation", ORG_2);
        h.createUser("court-cw", PASSWORD, "court", "court", "Pudong District People's Court");
        cw1 = h.login("cw-1", PASSWORD);
        cw2 = h.login("cw-2", PASSWORD);
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private static String respondent(String orderId) {
        return "resp-" + orderId;
    }

    private static String protectedDevice(String orderId) {
        return "prot-" + orderId;
    }

    private void createOrder(String orderId, String organisation) throws Exception {
        JsonObject order = GatewayHarness.sampleOrder(orderId, respondent(orderId), protectedDevice(orderId))
                .put("organisation", organisation);
        HttpResponse<String> r = h.post("/api/orders", order.encode());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(organisation, new JsonObject(r.body()).getString("organisation"));
    }

    private long audited(String where) throws Exception {
        return h.count("SELECT count(*) FROM audit_log WHERE " + where);
    }

    private static String error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getString("error");
    }

    @Test
    void theOrderSummaryHasNoDevicesZonesOrDeskNumbers() throws Exception {
        HttpResponse<String> r = h.get("/api/orders/" + orderA, cw1);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject summary = new JsonObject(r.body());
        assertEquals(
                Set.of(
                        "id",
                        "court",
                        "station",
                        "organisation",
                        "timeZone",
                        "validFrom",
                        "validUntil",
                        "version",
                        "createdAt",
                        "status",
                        "checkIns",
                        "parties"),
                summary.fieldNames());
        assertEquals(ORG_1, summary.getString("organisation"));
        JsonObject protectedParty = summary.getJsonArray("parties").getJsonObject(1);
        assertEquals(
                new JsonObject("{\"role\":\"protected\",\"name\":\"P\",\"phone\":\"" + PROTECTED_PHONE
                        + "\",\"language\":\"en\"}"),
                protectedParty);
        for (String hidden : new String[] {respondent(orderA), protectedDevice(orderA), "zones", "31.23", DESK_PHONE}) {
            assertFalse(r.body().contains(hidden), hidden + " must not reach a caseworker: " + r.body());
        }
        assertTrue(audited("actor = 'cw-1' AND action = 'order.read' AND outcome = 'allowed' AND resource = 'order/"
                        + orderA + "'")
                >= 1);
    }

    @Test
    void theOrderListHoldsTheOrganisationsOrdersOnlyAsSummaries() throws Exception {
        HttpResponse<String> r = h.get("/api/orders", cw1);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray orders = new JsonObject(r.body()).getJsonArray("orders");
        assertEquals(1, orders.size(), r.body());
        assertEquals(orderA, orders.getJsonObject(0).getString("id"));
        assertFalse(r.body().contains("deviceId"), r.body());
    }

    @Test
    void theAlertListHasTypesTimesAndStatesButNoPlacesDevicesOrPhones() throws Exception {
        HttpResponse<String> r = h.get("/api/orders/" + orderA + "/alerts", cw1);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray alerts = new JsonObject(r.body()).getJsonArray("alerts");
        assertEquals(1, alerts.size(), r.body());
        JsonObject alert = alerts.getJsonObject(0);
        assertEquals(alertA, alert.getString("id"));
        JsonObject full = new JsonObject(h.get("/api/alerts/" + alertA).body());
        for (String field : new String[] {"type", "severity", "openedAt", "episodeStart"}) {
            assertEquals(full.getValue(field), alert.getValue(field), field + " as the desk sees it");
        }
        for (String hidden : new String[] {
            "deviceId",
            "detail",
            "minDistanceMetres",
            "accuracyMetres",
            "explanation",
            "ruleId",
            respondent(orderA),
            "+86"
        }) {
            assertFalse(r.body().contains(hidden), hidden + " must not reach a caseworker: " + r.body());
        }
        assertTrue(audited("actor = 'cw-1' AND action = 'alert.list' AND resource = 'order/" + orderA + "'") >= 1);
    }

    @Test
    void theComplianceReportIsReadable() throws Exception {
        String reason = URLEncoder.encode("monthly follow-up", StandardCharsets.UTF_8);
        HttpResponse<String> r = h.get("/api/orders/" + orderA + "/compliance?reason=" + reason, cw1);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(audited("actor = 'cw-1' AND action = 'compliance.view' AND outcome = 'allowed'") >= 1);
    }

    @Test
    void positionsAreRefused403AndAudited() throws Exception {
        HttpResponse<String> r = h.get("/api/orders/" + orderA + "/positions", cw1);
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("forbidden", error(r));
        assertEquals(
                1,
                audited("actor = 'cw-1' AND role = 'caseworker' AND outcome = 'denied' AND action = 'read positions'"
                        + " AND resource = '/api/orders/" + orderA + "/positions'"));
    }

    @Test
    void everyRouteThatCarriesPlacesDevicesOrTheWorkflowIsRefused() throws Exception {
        String[] gets = {
            "/api/alerts",
            "/api/alerts?orderId=" + orderA,
            "/api/alerts/" + alertA,
            "/api/alerts/" + alertA + "/track",
            "/api/alerts/" + alertA + "/evidence?reason=x",
            "/api/alerts/stream",
            "/api/orders/" + orderA + "/export?reason=x",
            "/api/orders/" + orderA + "/versions",
            "/api/users"
        };
        for (String path : gets) {
            HttpResponse<String> r = h.get(path, cw1);
            assertEquals(403, r.statusCode(), path + ": " + r.body());
        }
        for (String action : new String[] {"acknowledge", "dispatch", "resolve"}) {
            HttpResponse<String> r = h.post("/api/alerts/" + alertA + "/" + action, "{}", cw1);
            assertEquals(403, r.statusCode(), action + ": " + r.body());
        }
        assertEquals(403, h.post("/api/devices", "{\"id\":\"d-cw\"}", cw1).statusCode());
        assertEquals(
                403,
                h.post("/api/orders/" + orderA + "/amendments", "{\"organisation\":\"x\"}", cw1)
                        .statusCode());
        assertTrue(audited("actor = 'cw-1' AND outcome = 'denied' AND action = 'acknowledge alerts'") >= 1);
        assertTrue(audited("actor = 'cw-1' AND outcome = 'denied' AND action = 'stream alerts'") >= 1);
    }

    @Test
    void anotherOrganisationsOrderIs404LikeAMissingOneAndAuditedOutOfScope() throws Exception {
        for (String path : new String[] {
            "/api/orders/" + orderB, "/api/orders/" + orderB + "/alerts", "/api/orders/" + orderB + "/follow-ups"
        }) {
            HttpResponse<String> r = h.get(path, cw1);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertEquals("not_found", error(r));
        }
        assertEquals(404, h.get("/api/orders/ORD-NOWHERE-" + h.suffix, cw1).statusCode());
        assertTrue(audited("actor = 'cw-1' AND outcome = 'denied' AND resource = 'order/" + orderB
                        + "' AND reason = 'out of scope'")
                >= 3);
    }

    @Test
    void aFollowUpIsStoredAuditedAndChainedIntoTheOrdersEvidence() throws Exception {
        String at = Instant.now()
                .minus(2, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        HttpResponse<String> r = h.post(
                "/api/orders/" + orderA + "/follow-ups",
                new JsonObject()
                        .put("kind", "visit")
                        .put("at", at)
                        .put("outcome", "reached_concerns")
                        .put("note", "她说前夫昨晚在楼下出现。\nWants the desk told.")
                        .encode(),
                cw1);
        assertEquals(201, r.statusCode(), r.body());
        JsonObject stored = new JsonObject(r.body());
        assertEquals("cw-1", stored.getString("recordedBy"));
        assertEquals(ORG_1, stored.getString("organisation"));

        for (String reader : new String[] {cw1, h.login("court-cw", PASSWORD), h.adminToken()}) {
            HttpResponse<String> list = h.get("/api/orders/" + orderA + "/follow-ups", reader);
            assertEquals(200, list.statusCode(), list.body());
            assertEquals(
                    stored,
                    new JsonObject(list.body()).getJsonArray("followUps").getJsonObject(0));
        }
        assertEquals(at, stored.getString("at"));
        String id = stored.getString("id");
        assertEquals(
                1,
                audited("actor = 'cw-1' AND action = 'follow_up.record' AND outcome = 'allowed' AND resource = 'order/"
                        + orderA + "/follow-up/" + id + "'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:" + orderA
                        + "' AND kind = 'follow_up' AND convert_from(record, 'UTF8')::jsonb -> 'row' ->> 'id' = '"
                        + id + "'"));
    }

    @Test
    void onlyTheOrganisationsCaseworkersRecordFollowUps() throws Exception {
        String body = new JsonObject()
                .put("kind", "call")
                .put("at", Instant.now().toString())
                .put("outcome", "reached_safe")
                .encode();
        assertEquals(403, h.post("/api/orders/" + orderA + "/follow-ups", body).statusCode(), "admin reads only");
        assertEquals(
                404, h.post("/api/orders/" + orderA + "/follow-ups", body, cw2).statusCode());
        assertTrue(audited("actor = 'admin' AND outcome = 'denied' AND action = 'record follow-up contacts'") >= 1);
    }

    @Test
    void aFollowUpThatBreaksARuleIs400NamingTheField() throws Exception {
        String future = Instant.now().plus(Duration.ofHours(1)).toString();
        String[][] cases = {
            {"{\"kind\":\"letter\",\"at\":\"2026-11-30T10:00:00Z\",\"outcome\":\"reached_safe\"}", "kind"},
            {"{\"kind\":\"call\",\"at\":\"" + future + "\",\"outcome\":\"reached_safe\"}", "at"},
            {"{\"kind\":\"call\",\"at\":\"yesterday\",\"outcome\":\"reached_safe\"}", "at"},
            {"{\"kind\":\"call\",\"at\":\"2026-11-30T10:00:00Z\",\"outcome\":\"fine\"}", "outcome"},
            {
                "{\"kind\":\"call\",\"at\":\"2026-11-30T10:00:00Z\",\"outcome\":\"not_reached\",\"note\":\""
                        + "x".repeat(2_001) + "\"}",
                "note"
            },
            {
                "{\"kind\":\"call\",\"at\":\"2026-11-30T10:00:00Z\",\"outcome\":\"not_reached\",\"where\":\"home\"}",
                "where"
            },
        };
        for (String[] c : cases) {
            HttpResponse<String> r = h.post("/api/orders/" + orderA + "/follow-ups", c[0], cw1);
            assertEquals(400, r.statusCode(), c[0]);
            assertEquals(c[1], new JsonObject(r.body()).getString("field"), r.body());
        }
    }

    @Test
    void reassigningTheOrderByAmendmentMovesItOutOfTheOldOrganisationsReach() throws Exception {
        String orderC = "ORD-CW-C-" + h.suffix;
        createOrder(orderC, ORG_1);
        assertEquals(200, h.get("/api/orders/" + orderC, cw1).statusCode());
        HttpResponse<String> amended = h.post(
                "/api/orders/" + orderC + "/amendments",
                new JsonObject().put("organisation", ORG_2).encode());
        assertEquals(201, amended.statusCode(), amended.body());
        assertEquals(2, new JsonObject(amended.body()).getInteger("version"));

        assertEquals(404, h.get("/api/orders/" + orderC, cw1).statusCode());
        HttpResponse<String> now = h.get("/api/orders/" + orderC, cw2);
        assertEquals(200, now.statusCode(), now.body());
        assertEquals(ORG_2, new JsonObject(now.body()).getString("organisation"));
        assertEquals(2, new JsonObject(now.body()).getInteger("version"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> audited("actor = 'cw-1' AND resource = 'order/" + orderC + "' AND reason = 'out of scope'")
                        >= 1);
    }
}
