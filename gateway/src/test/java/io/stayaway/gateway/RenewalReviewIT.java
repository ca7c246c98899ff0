package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.testing.FakeTwilio;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renewal review against a real gateway (issue 19): ORDER_EXPIRING raised once when an order is 14 days from
 * its end, the review page for the court in both languages with its access recorded, the roles and scopes that
 * may read it, and the order's own chain in the offline-verifiable export.
 */
class RenewalReviewIT {
    private static final String PASSWORD = "review-test-password";
    private static final String COURT = "Pudong District People's Court";
    private static final String ORGANISATION = "Pudong Women's Federation";
    private static final String INBOUND_URL = "https://stayaway.example/twilio/inbound";
    /** The protected person's phone in {@link GatewayHarness#sampleOrder}. */
    private static final String HER = "+8613800000002";

    private static GatewayHarness h;
    private static String ending;
    private static String later;
    private static String courtToken;

    @BeforeAll
    static void start() throws Exception {
        h = new GatewayHarness(Map.of("TWILIO_INBOUND_URL", INBOUND_URL, "STAYAWAY_CHECK_INS_QUIET_HOURS", "none"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ending = "ORD-RR-" + h.suffix;
        later = "ORD-RL-" + h.suffix;
        createOrder(ending, now.minus(Duration.ofDays(170)), now.plus(Duration.ofDays(13)));
        createOrder(later, now.minus(Duration.ofDays(150)), now.plus(Duration.ofDays(30)));
        createUser("court-rr", "court", "court", COURT);
        createUser("court-other", "court", "court", "Another court");
        createUser("desk-rr", "desk", "station", "Pudong PSB");
        createUser("cw-rr", "caseworker", "organisation", ORGANISATION);
        createUser("cw-other", "caseworker", "organisation", "Another federation");
        courtToken = h.login("court-rr", PASSWORD);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static void createOrder(String id, Instant from, Instant until) throws Exception {
        String suffix = id.substring(4, 6).toLowerCase(java.util.Locale.ROOT) + "-" + h.suffix;
        JsonObject order = GatewayHarness.sampleOrder(id, "resp-" + suffix, "prot-" + suffix)
                .put("validFrom", from.toString())
                .put("validUntil", until.toString())
                .put("organisation", ORGANISATION);
        HttpResponse<String> r = h.post("/api/orders", order.encode());
        assertEquals(201, r.statusCode(), r.body());
    }

    private static void createUser(String username, String role, String scopeField, String scope) throws Exception {
        HttpResponse<String> r = h.post(
                "/api/users",
                new JsonObject()
                        .put("username", username)
                        .put("password", PASSWORD)
                        .put("role", role)
                        .put(scopeField, scope)
                        .encode());
        assertEquals(201, r.statusCode(), r.body());
    }

    private static JsonArray expiring(String orderId) throws Exception {
        return new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=ORDER_EXPIRING")
                        .body())
                .getJsonArray("alerts");
    }

    @Test
    void anOrderFourteenDaysFromItsEndRaisesOrderExpiringOnceAndALaterOneDoesNot() throws Exception {
        JsonObject alert = await().atMost(Duration.ofSeconds(15))
                .until(() -> expiring(ending), a -> a.size() == 1)
                .getJsonObject(0);
        assertEquals("info", alert.getString("severity"));
        assertTrue(alert.getJsonObject("detail")
                .getString("explanation")
                .contains("/api/orders/" + ending + "/renewal-review"));
        // A change to the order makes the watch look again: still one alert for the same end.
        HttpResponse<String> amended = h.post(
                "/api/orders/" + ending + "/amendments",
                new JsonObject().put("suspensions", new JsonArray()).encode());
        assertEquals(201, amended.statusCode(), amended.body());
        assertEquals(
                1,
                h.count("SELECT count(*) FROM alerts WHERE type = 'ORDER_EXPIRING' AND order_id = '" + ending + "'"));
        assertEquals(0, expiring(later).size());
    }

    @Test
    void theCourtReadsTheReviewInBothLanguagesAndTheViewIsRecorded() throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> expiring(ending).size() == 1);
        String path = "/api/orders/" + ending + "/renewal-review?reason=renewal+hearing";
        HttpResponse<String> en = h.get(path + "&lang=en", courtToken);
        assertEquals(200, en.statusCode(), en.body());
        assertTrue(en.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(en.body().contains("Protection order renewal review"), en.body());
        assertTrue(en.body().contains(">Order expiring<"), "the ORDER_EXPIRING alert is listed");
        assertTrue(en.body().contains(COURT.replace("'", "&#39;")) || en.body().contains(COURT));
        HttpResponse<String> zh = h.get(path + "&lang=zh", courtToken);
        assertEquals(200, zh.statusCode(), zh.body());
        assertTrue(zh.body().contains("人身安全保护令续期审查"));
        JsonObject json =
                new JsonObject(h.get(path + "&format=json", courtToken).body());
        assertEquals(ending, json.getString("orderId"));
        assertEquals(
                "ORDER_EXPIRING", json.getJsonArray("alerts").getJsonObject(0).getString("type"));
        assertFalse(json.encode().contains("\"lat\""), "no position in the review");
        assertTrue(h.count("SELECT count(*) FROM audit_log WHERE actor = 'court-rr' AND action = 'renewal_review.view'"
                        + " AND resource = 'order/" + ending + "' AND outcome = 'allowed'")
                >= 3);
        assertTrue(h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:" + ending + "' AND kind = 'custody'")
                >= 3);
    }

    @Test
    void onlyTheOrdersCourtAndAdminsMayReadItAndAReasonIsRequired() throws Exception {
        String path = "/api/orders/" + ending + "/renewal-review?reason=check";
        assertEquals(200, h.get(path).statusCode(), "admin");
        assertEquals(403, h.get(path, h.login("desk-rr", PASSWORD)).statusCode(), "desk");
        assertEquals(404, h.get(path, h.login("court-other", PASSWORD)).statusCode(), "another court");
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE actor = 'court-other' AND outcome = 'denied'"
                        + " AND reason = 'out of scope'"));
        HttpResponse<String> noReason = h.get("/api/orders/" + ending + "/renewal-review", courtToken);
        assertEquals(400, noReason.statusCode());
        assertTrue(noReason.body().contains("reason_required"), noReason.body());
        assertEquals(400, h.get(path + "&lang=fr", courtToken).statusCode());
    }

    @Test
    void theOrdersCaseworkerReadsTheReviewWithTheFollowUpContactsTheyRecorded() throws Exception {
        String caseworker = h.login("cw-rr", PASSWORD);
        HttpResponse<String> recorded = h.post(
                "/api/orders/" + ending + "/follow-ups",
                new JsonObject()
                        .put("kind", "visit")
                        .put("at", Instant.now().minusSeconds(3600).toString())
                        .put("outcome", "reached_safe")
                        .put("note", "Home visit; she asked about renewing the order.")
                        .encode(),
                caseworker);
        assertEquals(201, recorded.statusCode(), recorded.body());
        String path = "/api/orders/" + ending + "/renewal-review?reason=renewal+visit";
        JsonObject json =
                new JsonObject(h.get(path + "&format=json", caseworker).body());
        assertEquals(ORGANISATION, json.getString("organisation"));
        JsonObject contact = json.getJsonArray("followUps").getJsonObject(0);
        assertEquals("visit", contact.getString("kind"));
        assertEquals("reached_safe", contact.getString("outcome"));
        assertEquals("cw-rr", contact.getString("recordedBy"));
        String html = h.get(path, caseworker).body();
        assertTrue(html.contains(">Reached, safe<") && html.contains("she asked about renewing the order."), html);
        assertEquals(404, h.get(path, h.login("cw-other", PASSWORD)).statusCode(), "another organisation");
    }

    @Test
    void aCheckInSentByTheWorkerAndHerReplyAppearInTheReviewAndTheOrdersChain() throws Exception {
        String orderId = "ORD-RC-" + h.suffix;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Weekly check-ins from validFrom: the first slot falls 3 s from now.
        createOrder(orderId, now.minus(Duration.ofDays(7)).plusSeconds(3), now.plus(Duration.ofDays(10)));
        FakeTwilio.Received text = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> h.twilio.received().stream()
                                .filter(r -> HER.equals(r.to()) && r.body().contains("reply 1"))
                                .findFirst()
                                .orElse(null),
                        r -> r != null);
        assertFalse(text.body().contains("Pudong") || text.body().contains("R "), text.body());
        Map<String, String> reply = Map.of(
                "MessageSid",
                "SMrr" + h.suffix,
                "AccountSid",
                GatewayHarness.TWILIO_SID,
                "From",
                HER,
                "To",
                GatewayHarness.TWILIO_FROM,
                "Body",
                "1");
        FakeTwilio.WebhookAnswer answer = h.twilio.postForAnswer(
                URI.create(h.api() + "/twilio/inbound"),
                reply,
                FakeTwilio.signature(INBOUND_URL, reply, GatewayHarness.TWILIO_TOKEN));
        assertEquals(200, answer.status(), answer.body());

        JsonObject review = new JsonObject(
                h.get("/api/orders/" + orderId + "/renewal-review?reason=check-ins&format=json", courtToken)
                        .body());
        JsonObject checkIn = review.getJsonArray("checkIns").getJsonObject(0);
        assertEquals("scheduled", checkIn.getString("kind"));
        assertEquals("replied_safe", checkIn.getString("state"));
        assertEquals("1", checkIn.getString("reply"));
        String html = h.get("/api/orders/" + orderId + "/renewal-review?reason=check-ins", courtToken)
                .body();
        assertTrue(html.contains(">Replied: safe<"), html);
        assertTrue(h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:" + orderId
                        + "' AND kind IN ('check_in', 'check_in_reply')")
                >= 2);
    }

    @Test
    void theOrderExportCarriesTheOrdersOwnChainAndVerifiesOffline(@TempDir Path dir) throws Exception {
        // A view recorded in the order's chain first, so the chain has records to export.
        assertEquals(
                200,
                h.get("/api/orders/" + later + "/renewal-review?reason=prepare", courtToken)
                        .statusCode());
        HttpResponse<byte[]> export = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(h.api() + "/api/orders/" + later + "/export?reason=appeal"))
                                .header("Authorization", "Bearer " + courtToken)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, export.statusCode(), () -> new String(export.body(), StandardCharsets.UTF_8));
        Path bundle = Files.write(dir.resolve("order.zip"), export.body());
        JsonObject key = new JsonObject(h.get("/api/evidence/key").body());
        BundleVerifier.Verdict verdict =
                BundleVerifier.verify(bundle, Optional.of(EvidenceKey.parsePublicKey(key.getString("publicKeyPem"))));
        assertTrue(verdict.verified(), verdict.render());
        try (ZipFile zip = new ZipFile(bundle.toFile());
                InputStream in = zip.getInputStream(zip.getEntry(BundleVerifier.MANIFEST))) {
            String manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(
                    manifest.contains("\"chain\":\"order:" + later + "\"")
                            || manifest.contains("\"chain\" : \"order:" + later + "\""),
                    manifest);
            assertTrue(
                    manifest.contains("\"purpose\":\"order\"") || manifest.contains("\"purpose\" : \"order\""),
                    manifest);
        }
    }
}
