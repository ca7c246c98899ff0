package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A second gateway on the first one's database, started before the orders and changes it is asked
 * about, with its own Vert.x (not clustered: the two share no event bus). Whatever it holds in memory,
 * it answers from the truth in the database: scopes, revocation and the login throttle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondGatewayIT {
    private static final String PASSWORD = "correct horse battery";
    private static final String STATION_A = "Station A PSB";
    private static final String COURT_X = "Court X";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GatewayHarness h;
    private Gateway second;

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness();
        second = h.secondGateway();
        h.createUser("desk-a", PASSWORD, "desk", "station", STATION_A);
        h.createUser("desk-b", PASSWORD, "desk", "station", "Station B PSB");
        h.createUser("court-x", PASSWORD, "court", "court", COURT_X);
        h.createUser("court-y", PASSWORD, "court", "court", "Court Y");
    }

    @AfterAll
    void stop() {
        second.close();
        h.close();
    }

    /** Creates, at the first gateway, an order of station A and court X. */
    private String createOrder(String name) throws Exception {
        String id = "ORD-" + name + "-" + h.suffix;
        JsonObject order =
                GatewayHarness.sampleOrder(id, "resp-" + id, "prot-" + id).put("court", COURT_X);
        order.getJsonObject("dutyDesk").put("station", STATION_A);
        HttpResponse<String> r = h.post("/api/orders", order.encode());
        assertEquals(201, r.statusCode(), r.body());
        return id;
    }

    private void sql(String statement) throws Exception {
        try (java.sql.Connection c = h.db.dataSource().getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private String api(Gateway g) {
        return "http://127.0.0.1:" + g.httpPort();
    }

    private String login(Gateway g, String username) throws Exception {
        return GatewayHarness.login(http, api(g), username, PASSWORD);
    }

    private HttpResponse<String> get(Gateway g, String path, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(api(g) + path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSecondGatewayRefusesAnOrderCreatedAfterItStartedToAnotherStationAndCourt() throws Exception {
        String id = createOrder("SCOPE");
        String otherDesk = login(second, "desk-b");
        String otherCourt = login(second, "court-y");
        for (String path : new String[] {"/compliance?reason=audit", "/export?reason=audit", "", "/versions"}) {
            HttpResponse<String> r = get(second, "/api/orders/" + id + path, otherCourt);
            // Out of scope answers as unknown (404): ids of other stations and courts are not told.
            assertEquals(404, r.statusCode(), path + ": " + r.body());
        }
        assertEquals(
                404,
                get(second, "/api/orders/" + id + "/compliance?reason=audit", otherDesk)
                        .statusCode());
        assertEquals(404, get(second, "/api/alerts?orderId=" + id, otherDesk).statusCode());
        assertEquals(
                404, get(second, "/api/orders/" + id + "/positions", otherDesk).statusCode());
        assertTrue(h.count("SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND actor = 'court-y'"
                        + " AND resource = 'order/" + id + "'")
                >= 4);
    }

    @Test
    void theSecondGatewayServesAnOrderCreatedAfterItStartedToItsStationAndCourt() throws Exception {
        String id = createOrder("OWN");
        String desk = login(second, "desk-a");
        String court = login(second, "court-x");
        HttpResponse<String> compliance = get(second, "/api/orders/" + id + "/compliance?reason=audit", desk);
        assertEquals(200, compliance.statusCode(), compliance.body());
        assertEquals(200, get(second, "/api/orders/" + id, court).statusCode());
        assertEquals(200, get(second, "/api/alerts?orderId=" + id, court).statusCode());
        assertEquals(200, get(second, "/api/orders/" + id + "/positions", desk).statusCode());
    }

    @Test
    void theSecondGatewayAnswers404ForAnOrderThatExistsNowhere() throws Exception {
        String court = login(second, "court-y");
        String missing = "/api/orders/ORD-NOWHERE-" + h.suffix;
        for (String path : new String[] {"/compliance?reason=audit", "/export?reason=audit", ""}) {
            HttpResponse<String> r = get(second, missing + path, court);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertEquals("not_found", new JsonObject(r.body()).getString("error"));
        }
    }

    @Test
    void aUserDisabledAtTheFirstGatewayIsRefusedAtTheSecondWithinASecond() throws Exception {
        h.createUser("desk-gone", PASSWORD, "desk", "station", STATION_A);
        String token = login(second, "desk-gone");
        assertEquals(200, get(second, "/api/alerts", token).statusCode(), "the second gateway admitted it before");
        assertEquals(200, h.post("/api/users/desk-gone/disable", "{}").statusCode());
        await().atMost(Duration.ofSeconds(1))
                .until(() -> get(second, "/api/alerts", token).statusCode() == 401);
    }

    @Test
    void aPasswordChangedAtTheFirstGatewayRevokesTokensAtTheSecondWithinASecond() throws Exception {
        h.createUser("desk-reset", PASSWORD, "desk", "station", STATION_A);
        String token = login(second, "desk-reset");
        assertEquals(200, get(second, "/api/alerts", token).statusCode());
        HttpResponse<String> reset = h.post(
                "/api/users/desk-reset/password",
                new JsonObject().put("password", "a brand new password").encode());
        assertEquals(200, reset.statusCode(), reset.body());
        await().atMost(Duration.ofSeconds(1))
                .until(() -> get(second, "/api/alerts", token).statusCode() == 401);
    }

    @Test
    void aTokenOfAUserMovedToAnotherStationIsRefusedAtEveryGateway() throws Exception {
        h.createUser("desk-moved", PASSWORD, "desk", "station", STATION_A);
        String token = login(second, "desk-moved");
        assertEquals(200, get(second, "/api/alerts", token).statusCode());
        assertEquals(200, get(h.gateway, "/api/alerts", token).statusCode());
        // No route changes a user's scope; an operator does it in the database.
        sql("UPDATE users SET station = 'Station B PSB' WHERE username = 'desk-moved'");
        assertEquals(401, get(second, "/api/alerts", token).statusCode(), "the token still says station A");
        assertEquals(401, get(h.gateway, "/api/alerts", token).statusCode());
        String fresh = login(second, "desk-moved");
        assertEquals(200, get(h.gateway, "/api/alerts", fresh).statusCode(), "a new login carries station B");
    }

    @Test
    void failedLoginsAtBothGatewaysCountTogether() throws Exception {
        h.createUser("desk-guessed", PASSWORD, "desk", "station", STATION_A);
        String wrong = new JsonObject()
                .put("username", "desk-guessed")
                .put("password", "wrong-password")
                .encode();
        for (Gateway g : new Gateway[] {h.gateway, second, h.gateway, second, h.gateway}) {
            assertEquals(401, GatewayHarness.postLogin(http, api(g), wrong).statusCode());
        }
        String right = new JsonObject()
                .put("username", "desk-guessed")
                .put("password", PASSWORD)
                .encode();
        for (Gateway g : new Gateway[] {second, h.gateway}) {
            HttpResponse<String> r = GatewayHarness.postLogin(http, api(g), right);
            assertEquals(429, r.statusCode(), "5 failures over two gateways use up the minute's attempts at each");
            assertEquals("too_many_attempts", new JsonObject(r.body()).getString("error"));
        }
    }
}
