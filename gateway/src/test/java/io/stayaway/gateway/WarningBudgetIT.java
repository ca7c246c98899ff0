package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.testing.FakeTwilio;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protected person's warning budget in a real gateway: a respondent who comes into the warning band of her
 * home twice within minutes (two APPROACH episodes, through Mosquitto, evaluated and raised as in service) texts
 * the duty desk twice and her once; the second warning's withheld text is in its detail over the API with the
 * reason, the breach that follows reaches her, and the second warning's evidence bundle verifies offline.
 */
class WarningBudgetIT {
    private static final String PROTECTED_PHONE = "+8613800000002";
    private static final String DESK_PHONE = "+8621000000110";
    private static final String PASSWORD = "budget-test-password";

    @TempDir
    Path dir;

    private GatewayHarness h;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        h = new GatewayHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aSecondApproachWithinHalfAnHourIsWithheldFromHerShownToTheDeskAndItsBundleVerifies() throws Exception {
        String orderId = "ORD-WB-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder(orderId, respondent, "prot-" + h.suffix)
                                        .encode())
                        .statusCode());
        Instant start = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        MqttClient device = h.device(respondent);
        GatewayHarness.approachTwice(device, respondent, start);
        List<JsonObject> approaches =
                await().atMost(Duration.ofSeconds(30)).until(() -> alerts(orderId, "APPROACH"), a -> a.size() == 2);
        String first = approaches.get(1).getString("id");
        String second = approaches.get(0).getString("id");

        JsonObject firstDetail = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> detail(first),
                        d -> "SENT".equals(ofRole(d, "protected").getString("state")));
        JsonObject secondDetail = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> detail(second),
                        d -> "SENT".equals(ofRole(d, "desk").getString("state")));
        assertEquals("SENT", ofRole(firstDetail, "desk").getString("state"));
        JsonObject withheld = ofRole(secondDetail, "protected");
        assertEquals("SUPPRESSED", withheld.getString("state"));
        assertNull(withheld.getString("providerSid"));
        JsonObject why = withheld.getJsonObject("suppression");
        assertEquals("repeat", why.getString("reason"));
        assertEquals("PT30M", why.getString("repeatQuiet"));
        assertEquals(4, why.getInteger("dailyCap"));
        // The text it repeats: when Twilio accepted it, or when it was owed if the second warning came first.
        JsonObject repeated = ofRole(firstDetail, "protected");
        assertTrue(
                List.of(repeated.getString("sentAt"), repeated.getString("createdAt"))
                        .contains(why.getString("after")),
                () -> why.encode() + " vs " + repeated.encode());
        assertTrue(
                why.getString("note")
                        .startsWith("Warning text to the protected person not sent: a repeat within 30 min of the"
                                + " warning text sent at "),
                why.getString("note"));

        // Straight into the zone: the breach is texted to her, whatever the budget.
        GatewayHarness.walk(device, respondent, start, 10, List.of(330, 340, 350), 100);
        device.disconnect();
        device.close();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        smsTo(PROTECTED_PHONE).stream().anyMatch(r -> r.body().startsWith("Safety alert:")));
        List<FakeTwilio.Received> toHer = smsTo(PROTECTED_PHONE);
        assertEquals(2, toHer.size(), () -> "one warning and the breach: " + toHer);
        assertTrue(toHer.get(0).body().startsWith("Warning:"), toHer.get(0).body());
        long deskApproachTexts = h.twilio.received().stream()
                .filter(r -> "Messages".equals(r.resource())
                        && DESK_PHONE.equals(r.to())
                        && r.body().startsWith("【预警】"))
                .count();
        assertEquals(2, deskApproachTexts, () -> "the desk hears of both approaches: " + h.twilio.received());

        assertBundleVerifies(second);
    }

    /** The alert's evidence bundle, exported by a court clerk, verifies offline against the published key. */
    private void assertBundleVerifies(String alertId) throws Exception {
        h.createUser("clerk-" + h.suffix, PASSWORD, "court", "court", "Pudong District People's Court");
        String clerk = h.login("clerk-" + h.suffix, PASSWORD);
        HttpResponse<byte[]> export = http.send(
                HttpRequest.newBuilder(URI.create(h.api() + "/api/alerts/" + alertId + "/evidence?reason="
                                + URLEncoder.encode("warning budget review", StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + clerk)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, export.statusCode(), () -> new String(export.body(), StandardCharsets.UTF_8));
        Path bundle = Files.write(dir.resolve("suppressed.zip"), export.body());
        JsonObject key = new JsonObject(h.get("/api/evidence/key").body());
        BundleVerifier.Verdict verdict =
                BundleVerifier.verify(bundle, Optional.of(EvidenceKey.parsePublicKey(key.getString("publicKeyPem"))));
        assertTrue(verdict.verified(), verdict.render());
        try (ZipFile zip = new ZipFile(bundle.toFile());
                InputStream in = zip.getInputStream(zip.getEntry("alert.json"))) {
            JsonObject alert = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            JsonObject withheld = alert.getJsonArray("notifications").stream()
                    .map(JsonObject.class::cast)
                    .filter(n -> "protected".equals(n.getString("recipient_role")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(alert.encodePrettily()));
            assertEquals("SUPPRESSED", withheld.getString("state"));
            assertEquals("repeat", withheld.getString("suppressed_reason"));
            assertTrue(withheld.getString("suppressed_note").contains("a repeat within 30 min"), withheld.encode());
        }
    }

    private List<JsonObject> alerts(String orderId, String type) throws Exception {
        JsonArray a = new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=" + type)
                        .body())
                .getJsonArray("alerts");
        return a.stream().map(JsonObject.class::cast).toList();
    }

    private JsonObject detail(String alertId) throws Exception {
        HttpResponse<String> r = h.get("/api/alerts/" + alertId);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static JsonObject ofRole(JsonObject detail, String role) {
        return detail.getJsonArray("notifications").stream()
                .map(JsonObject.class::cast)
                .filter(n -> role.equals(n.getString("recipientRole")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + role + " notification in " + detail.encodePrettily()));
    }

    private List<FakeTwilio.Received> smsTo(String number) {
        return h.twilio.received().stream()
                .filter(r -> "Messages".equals(r.resource()) && number.equals(r.to()))
                .toList();
    }
}
