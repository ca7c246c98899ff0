package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The viewing sessions of the console's positions ({@code ?view=}), against a real gateway and PostgreSQL:
 * what is answered, what is refused, and what the audit log holds afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackReplayIT {
    private static final String PASSWORD = "a desk password for tracks";

    private GatewayHarness h;
    private String station;
    private String desk;
    private String colleague;
    private String deskToken;

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness();
        station = "Track PSB " + h.suffix;
        desk = "desk-track-" + h.suffix;
        colleague = "desk-colleague-" + h.suffix;
        h.createUser(desk, PASSWORD, "desk", "station", station);
        h.createUser(colleague, PASSWORD, "desk", "station", station);
        deskToken = h.login(desk, PASSWORD);
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void oneViewingSessionOfThePositionsIsOneAuditRow() throws Exception {
        String orderId = "ORD-VIEW-" + h.suffix;
        createOrder(orderId, "resp-v-" + h.suffix, "prot-v-" + h.suffix);
        String otherOrder = "ORD-VIEW-2-" + h.suffix;
        createOrder(otherOrder, "resp-v2-" + h.suffix, "prot-v2-" + h.suffix);
        String view = UUID.randomUUID().toString();
        String positions = "/api/orders/" + orderId + "/positions";

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = h.get(positions + "?view=" + view, deskToken);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(orderId, new JsonObject(r.body()).getString("orderId"));
        }
        assertEquals(1, allowedReads(desk, orderId), "one audit row for the session");
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND reason = 'view " + view
                        + "'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM position_views WHERE view_id = '" + view + "' AND actor = '" + desk
                        + "' AND role = 'desk' AND order_id = '" + orderId + "' AND reads = 3"
                        + " AND last_read_at > started_at"));

        // Somebody else's session, or the session of another order, is refused; so is a view that is no UUID.
        assertBadView(h.get(positions + "?view=" + view, h.login(colleague, PASSWORD)));
        assertBadView(h.get("/api/orders/" + otherOrder + "/positions?view=" + view, deskToken));
        assertBadView(h.get(positions + "?view=not-a-view", deskToken));
        assertBadView(h.get(positions + "?view=" + view + "&view=" + UUID.randomUUID(), deskToken));
        assertEquals(
                3,
                h.count("SELECT reads FROM position_views WHERE view_id = '" + view + "'"),
                "a refused read is not counted");
        assertEquals(
                2,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND outcome = 'denied'"
                        + " AND reason = 'view of another user or order'"));
        assertEquals(
                2,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND outcome = 'denied'"
                        + " AND actor = '" + desk + "' AND reason = 'malformed view'"));

        // Without a view, every read is audited, as before.
        assertEquals(200, h.get(positions, deskToken).statusCode());
        assertEquals(200, h.get(positions, deskToken).statusCode());
        assertEquals(3, allowedReads(desk, orderId));
        assertEquals(0, h.count("SELECT count(*) FROM position_views WHERE order_id = '" + otherOrder + "'"));
    }

    private void createOrder(String orderId, String respondent, String victim) throws Exception {
        JsonObject order = GatewayHarness.sampleOrder(orderId, respondent, victim);
        order.getJsonObject("dutyDesk").put("station", station);
        HttpResponse<String> r = h.post("/api/orders", order.encode());
        assertEquals(201, r.statusCode(), r.body());
    }

    private long allowedReads(String actor, String orderId) throws Exception {
        return h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND outcome = 'allowed'"
                + " AND actor = '" + actor + "' AND resource = 'order/" + orderId + "'");
    }

    private static void assertBadView(HttpResponse<String> r) {
        assertError(r, 400, "invalid_parameter");
        assertEquals("view", new JsonObject(r.body()).getString("field"), r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, new JsonObject(r.body()).getString("error"), r.body());
    }
}
