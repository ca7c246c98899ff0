package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Court evidence end to end: a breach through the real broker and database, its bundle exported by a
 * court clerk with a reason, verified offline (in process and with {@code java -jar … verify}), the
 * same bundle reproduced byte for byte, custody listed in later bundles, and a fix moved in the
 * database by someone who bypassed the application caught and named.
 */
class EvidenceIT {
    private static final String COURT = "Pudong District People's Court";
    private static final String PASSWORD = "evidence-test-password";

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

    /** A ping whose battery drains one percent every ten fixes. */
    private static String ping(long seq, Instant ts, double metresNorth, double acc) {
        return GatewayHarness.ping(seq, ts, metresNorth, acc, 80 - (int) (seq / 10));
    }

    /** A breach by the respondent while the protected person stays at home; returns the alert id. */
    private String breach(String orderId, String respondent, String protectedPerson) throws Exception {
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder(orderId, respondent, protectedPerson)
                                        .encode())
                        .statusCode());
        List<Double> track = List.of(
                2500.0, 2200.0, 2000.0, 1600.0, 1200.0, 900.0, 700.0, 520.0, 400.0, 300.0, 250.0, 200.0, 180.0, 160.0,
                150.0, 150.0, 150.0, 160.0, 150.0, 155.0, 150.0, 150.0, 400.0, 800.0, 1500.0, 2500.0, 3000.0, 3000.0);
        Instant start = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        MqttClient r = h.device(respondent);
        MqttClient p = h.device(protectedPerson);
        for (int i = 0; i < track.size(); i++) {
            GatewayHarness.publish(
                    r, "wearables/" + respondent + "/ping", ping(i + 1, start.plusSeconds(15L * i), track.get(i), 8.0));
            GatewayHarness.publish(
                    p, "wearables/" + protectedPerson + "/ping", ping(i + 1, start.plusSeconds(15L * i + 3), -20, 6.0));
        }
        GatewayHarness.publish(
                r,
                "wearables/" + respondent + "/event",
                new JsonObject()
                        .put("seq", 100)
                        .put("ts", start.plusSeconds(200).toEpochMilli())
                        .put("type", "strap_tamper")
                        .encode());
        r.disconnect();
        p.disconnect();
        r.close();
        p.close();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id IN ('" + respondent + "', '"
                                + protectedPerson + "')")
                        == 2L * track.size());
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonArray alerts = new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=BREACH")
                                            .body())
                                    .getJsonArray("alerts");
                            return alerts.isEmpty() || alerts.getJsonObject(0).getString("episodeEnd") == null
                                    ? null
                                    : alerts.getJsonObject(0).getString("id");
                        },
                        a -> a != null);
    }

    private String courtClerk() throws Exception {
        assertEquals(
                201,
                h.post(
                                "/api/users",
                                new JsonObject()
                                        .put("username", "clerk-" + h.suffix)
                                        .put("password", PASSWORD)
                                        .put("role", "court")
                                        .put("court", COURT)
                                        .encode())
                        .statusCode());
        return h.login("clerk-" + h.suffix, PASSWORD);
    }

    private HttpResponse<byte[]> export(String alertId, String token, String query) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/api/alerts/" + alertId
                                + "/evidence" + query))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String reason(String text) {
        return "?reason=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void aBreachBundleVerifiesOfflineIsReproducibleAndListsItsCustody() throws Exception {
        String orderId = "ORD-EV-" + h.suffix;
        String alertId = breach(orderId, "resp-" + h.suffix, "prot-" + h.suffix);
        String clerk = courtClerk();

        HttpResponse<byte[]> noReason = export(alertId, clerk, "");
        assertEquals(400, noReason.statusCode());
        assertEquals("reason", new JsonObject(new String(noReason.body(), StandardCharsets.UTF_8)).getString("field"));

        HttpResponse<byte[]> first =
                export(alertId, clerk, reason("breach hearing 2026-12-01, case (2026) 沪0115民保令12号"));
        assertEquals(200, first.statusCode(), () -> new String(first.body(), StandardCharsets.UTF_8));
        assertEquals(
                "application/zip", first.headers().firstValue("Content-Type").orElse(""));
        Path bundle = Files.write(dir.resolve("first.zip"), first.body());
        Files.createDirectories(Path.of("target", "evidence-samples"));
        Files.write(Path.of("target", "evidence-samples", "breach-bundle.zip"), first.body()); // for a person to open

        // The published key: the same that signed the bundle.
        HttpResponse<String> keyResponse = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/api/evidence/key"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, keyResponse.statusCode());
        JsonObject published = new JsonObject(keyResponse.body());
        Path keyFile = Files.writeString(dir.resolve("published.pem"), published.getString("publicKeyPem"));
        BundleVerifier.Verdict verdict = BundleVerifier.verify(
                bundle, Optional.of(EvidenceKey.parsePublicKey(published.getString("publicKeyPem"))));
        assertTrue(verdict.verified(), verdict.render());
        assertEquals(published.getString("keyId"), verdict.keyId());

        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            for (String name : List.of(
                    "manifest.json",
                    "manifest.sig",
                    "signing-key.pem",
                    "order.json",
                    "zones.geojson",
                    "alert.json",
                    "custody.json",
                    "tracks.geojson",
                    "timeline.csv",
                    "health.json",
                    "report.en.html",
                    "report.zh.html",
                    "README.txt",
                    "chains/device_resp-" + h.suffix + ".chain",
                    "chains/device_prot-" + h.suffix + ".chain",
                    "chains/alert_" + alertId + ".chain")) {
                assertNotNull(zip.getEntry(name), name + " in the bundle");
            }
            JsonObject order = new JsonObject(text(zip, "order.json"));
            assertFalse(order.encode().contains("+8613800000002"), "no contact numbers in the order summary");
            JsonObject alert = new JsonObject(text(zip, "alert.json"));
            assertEquals("BREACH", alert.getJsonObject("alert").getString("type"));
            assertFalse(alert.getJsonArray("notifications").isEmpty(), "the notifications with their SIDs");
            assertNotNull(alert.getJsonArray("notifications").getJsonObject(0).getString("provider_sid"));
            assertFalse(
                    alert.encode().contains("+8621000000110"),
                    () -> "recipients' numbers are masked: " + alert.encodePrettily());
            JsonObject health = new JsonObject(text(zip, "health.json"));
            assertEquals(
                    "strap_tamper",
                    health.getJsonArray("devices")
                            .getJsonObject(0)
                            .getJsonArray("events")
                            .getJsonObject(0)
                            .getString("type"));
            String timeline = text(zip, "timeline.csv");
            assertTrue(
                    timeline.startsWith(
                            "time,respondent_lat,respondent_lon,accuracy_m,distance_to_protected_m,distance_to_zone_home_m"),
                    timeline);
            // The deepest fix, 150 m north of home inside the 500 m circle: about -350 m to the boundary, about 170 m
            // from the protected person.
            assertTrue(timeline.lines().anyMatch(l -> l.matches(".*,1[6-8][0-9]\\.\\d,-3[45][0-9]\\.\\d")), timeline);
        }

        // The checkpoints are published too: to an admin with their signed bodies, to the clerk as digests only
        // (a body names every chain that moved); the bundle's checkpoint hashes to the digest published.
        JsonArray checkpoints = new JsonObject(
                        h.get("/api/evidence/checkpoints", h.adminToken()).body())
                .getJsonArray("checkpoints");
        assertFalse(checkpoints.isEmpty());
        JsonObject cp = checkpoints.getJsonObject(0);
        assertTrue(EvidenceKey.verify(
                EvidenceKey.parsePublicKey(published.getString("publicKeyPem")),
                cp.getString("body").getBytes(StandardCharsets.UTF_8),
                java.util.Base64.getDecoder().decode(cp.getString("signature"))));
        JsonArray digests =
                new JsonObject(h.get("/api/evidence/checkpoints", clerk).body()).getJsonArray("checkpoints");
        assertEquals(checkpoints.size(), digests.size());
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            java.util.zip.ZipEntry inBundle = zip.stream()
                    .filter(e -> e.getName().startsWith("checkpoints/")
                            && e.getName().endsWith(".json"))
                    .findFirst()
                    .orElseThrow();
            long id = Long.parseLong(inBundle.getName().replaceAll("\\D", ""));
            JsonObject publishedDigest = digests.stream()
                    .map(JsonObject.class::cast)
                    .filter(d -> d.getLong("id") == id)
                    .findFirst()
                    .orElseThrow();
            assertFalse(publishedDigest.containsKey("body"), publishedDigest.encode());
            assertEquals(
                    java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(zip.getInputStream(inBundle).readAllBytes())),
                    publishedDigest.getString("digest"));
        }
        assertEquals(400, h.get("/api/evidence/checkpoints?limit=0", clerk).statusCode());

        // java -jar … verify, as a court's expert would run it: no database, no network.
        Process verify = verifyWithJar(bundle, keyFile);
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), out);
        assertTrue(out.contains("VERDICT: VERIFIED"), out);

        // Reproducible: built through the same chain position, the bundle is byte-identical.
        long through =
                Long.parseLong(first.headers().firstValue("X-Evidence-Through").orElseThrow());
        HttpResponse<byte[]> again =
                export(alertId, clerk, reason("compare with the first export") + "&through=" + through);
        assertEquals(200, again.statusCode());
        assertArrayEquals(first.body(), again.body(), "same inputs, same bytes");

        // A later bundle lists both earlier exports, with who, role and why; the audit log has them too.
        HttpResponse<byte[]> later = export(alertId, clerk, reason("third look"));
        Path laterBundle = Files.write(dir.resolve("later.zip"), later.body());
        assertTrue(BundleVerifier.verify(laterBundle, Optional.empty()).verified());
        try (ZipFile zip = new ZipFile(laterBundle.toFile())) {
            JsonArray accesses = new JsonObject(text(zip, "custody.json")).getJsonArray("accesses");
            assertEquals(2, accesses.size(), accesses.encodePrettily());
            assertEquals("clerk-" + h.suffix, accesses.getJsonObject(0).getString("actor"));
            assertEquals("court", accesses.getJsonObject(0).getString("role"));
            assertTrue(accesses.getJsonObject(0).getString("reason").contains("沪0115民保令12号"));
            assertEquals(
                    "compare with the first export", accesses.getJsonObject(1).getString("reason"));
        }
        assertEquals(
                3,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'evidence.export' AND actor = 'clerk-" + h.suffix
                        + "' AND reason IS NOT NULL"));
    }

    @Test
    void aFixMovedInTheDatabaseBehindTheApplicationsBackIsNamedByTheVerifier() throws Exception {
        String orderId = "ORD-EVT-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        String alertId = breach(orderId, respondent, "prot-" + h.suffix);
        String clerk = courtClerk();

        // The chain tables refuse edits outright.
        SQLException refused = assertThrows(
                SQLException.class,
                () -> sql("UPDATE chain_links SET link = link WHERE chain = 'device:" + respondent + "'"));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        assertThrows(SQLException.class, () -> sql("DELETE FROM checkpoints"));

        // Someone with database access moves the deepest fix 400 m north, out of the zone, and rewrites its raw bytes
        // to match.
        sql(
                "UPDATE pings SET lat = lat + 0.0036, raw = convert_to(replace(convert_from(raw, 'UTF8'), '\"seq\":16,', '\"seq\":16,\"moved\":1,'), 'UTF8')"
                        + " WHERE device_id = '" + respondent + "' AND seq = 16");
        HttpResponse<byte[]> bundle = export(alertId, clerk, reason("tamper check"));
        assertEquals(200, bundle.statusCode());
        Path file = Files.write(dir.resolve("tampered.zip"), bundle.body());
        BundleVerifier.Verdict verdict = BundleVerifier.verify(file, Optional.empty());
        assertFalse(verdict.verified(), verdict.render());
        assertTrue(
                verdict.failures().stream()
                        .anyMatch(l -> l.message().contains("ping of device " + respondent + " seq 16 ")
                                && l.message().contains("does not match its chain link")),
                verdict.render());

        Process verify = verifyWithJar(file, null);
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, verify.exitValue(), out);
        assertTrue(out.contains("seq 16") && out.contains("NOT VERIFIED"), out);
    }

    @Test
    void evidenceIsRefusedWithoutARoleOutsideTheScopeAndForAnUnknownAlert() throws Exception {
        String alertId = breach("ORD-EVS-" + h.suffix, "resp-" + h.suffix, "prot-" + h.suffix);
        assertEquals(
                201,
                h.post(
                                "/api/users",
                                new JsonObject()
                                        .put("username", "other-" + h.suffix)
                                        .put("password", PASSWORD)
                                        .put("role", "court")
                                        .put("court", "Another Court")
                                        .encode())
                        .statusCode());
        String other = h.login("other-" + h.suffix, PASSWORD);
        // Another court's alert answers as unknown (404): alert ids out of scope are not told.
        assertEquals(404, export(alertId, other, reason("curious")).statusCode());
        assertEquals(
                403,
                export(alertId, h.adminToken(), reason("admin has no evidence role"))
                        .statusCode());
        assertEquals(
                401,
                http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort()
                                                + "/api/alerts/" + alertId + "/evidence?reason=x"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
        String clerk = courtClerk();
        assertEquals(
                404,
                export("00000000-0000-0000-0000-000000000000", clerk, reason("none"))
                        .statusCode());
        assertEquals(
                400, export(alertId, clerk, reason("x") + "&through=999999").statusCode());
        // An alert stored before the installation kept chains (here: written with the triggers off) cannot be proved:
        // 409, said plainly.
        String unchained = java.util.UUID.randomUUID().toString();
        sql(
                "SET session_replication_role = replica; INSERT INTO alerts (id, dedupe_key, order_id, type, severity, state, event_time, opened_at, updated_at)"
                        + " VALUES ('" + unchained + "', 'legacy-" + unchained + "', 'ORD-EVS-" + h.suffix
                        + "', 'BREACH', 'critical', 'OPEN', now(), now(), now())");
        HttpResponse<byte[]> legacy = export(unchained, clerk, reason("old case"));
        assertEquals(409, legacy.statusCode());
        assertEquals(
                "no_evidence_chain",
                new JsonObject(new String(legacy.body(), StandardCharsets.UTF_8)).getString("error"));
        assertEquals(
                0,
                h.count("SELECT count(*) FROM chain_links WHERE chain = 'alert:" + alertId + "' AND kind = 'custody'"),
                "refused requests release nothing and record no custody");
    }

    @Test
    void theFullExportOfAnOrderIsStreamedVerifiableAndHoldsEveryFix() throws Exception {
        String orderId = "ORD-EVX-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        String alertId = breach(orderId, respondent, "prot-" + h.suffix);
        String clerk = courtClerk();
        HttpResponse<java.io.InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/api/orders/" + orderId
                                + "/export" + reason("appeal: full history")))
                        .header("Authorization", "Bearer " + clerk)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-length").isEmpty(), "streamed in chunks, not built in memory first");
        Path export = dir.resolve("export.zip");
        try (InputStream in = r.body()) {
            Files.copy(in, export);
        }
        BundleVerifier.Verdict verdict = BundleVerifier.verify(export, Optional.empty());
        assertTrue(verdict.verified(), verdict.render());
        assertTrue(
                verdict.render().contains("chains/alert_" + alertId)
                        || verdict.render().contains("alert:" + alertId),
                verdict.render());
        try (ZipFile zip = new ZipFile(export.toFile())) {
            String pings = text(zip, "pings-" + respondent + ".csv");
            assertEquals(28 + 1, pings.lines().count(), "header and every fix");
            assertTrue(text(zip, "events-" + respondent + ".csv").contains("strap_tamper"));
        }
        assertEquals(
                1,
                h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:" + orderId + "' AND kind = 'custody'"));
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort()
                                                + "/api/orders/" + orderId + "/export" + reason("x")))
                                        .header("Authorization", "Bearer " + deskUser())
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode(),
                "desk officers do not export");
    }

    @Test
    void theComplianceReportShowsCoverageGapsAlertsIncidentsAndDelivery() throws Exception {
        String orderId = "ORD-EVC-" + h.suffix;
        String respondent = "resp-" + h.suffix;
        breach(orderId, respondent, "prot-" + h.suffix);
        Instant first = Instant.ofEpochMilli(
                h.count("SELECT (extract(epoch FROM min(ts)) * 1000)::bigint FROM pings WHERE device_id = '"
                        + respondent + "'"));
        // Fixes every 15 s for 405 s, each fresh for 240 s (the communication-loss time): fresh until +645 s of a 900 s
        // period.
        String period = "&from=" + first + "&to=" + first.plusSeconds(900);
        String desk = deskUser();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> h.count("SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id"
                                + " WHERE a.order_id = '" + orderId + "' AND n.state = 'SENT'")
                        > 0);
        HttpResponse<String> r =
                h.get("/api/orders/" + orderId + "/compliance" + reason("monthly supervision report") + period, desk);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject report = new JsonObject(r.body());
        JsonObject resp = report.getJsonArray("devices").getJsonObject(0);
        assertEquals(respondent, resp.getString("deviceId"));
        assertEquals(71.67, resp.getDouble("coveragePercent"), 0.01, resp.encodePrettily());
        assertEquals(1, resp.getJsonArray("gaps").size());
        assertEquals(255, resp.getJsonArray("gaps").getJsonObject(0).getLong("seconds"));
        JsonObject breach = report.getJsonArray("alerts").stream()
                .map(JsonObject.class::cast)
                .filter(a -> a.getString("type").equals("BREACH"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, breach.getInteger("raised"));
        assertEquals(1, breach.getInteger("unresolved"));
        assertTrue(report.getJsonArray("incidents").stream()
                .map(JsonObject.class::cast)
                .anyMatch(i -> i.getString("kind").equals("TAMPER")));
        assertTrue(
                report.getJsonArray("notifications").stream()
                        .map(JsonObject.class::cast)
                        .anyMatch(n -> n.getString("recipientRole").equals("DESK") && n.getInteger("sent") >= 1),
                report.encodePrettily());

        HttpResponse<String> html = h.get(
                "/api/orders/" + orderId + "/compliance" + reason("print for the judge") + period
                        + "&format=html&lang=zh",
                desk);
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains(orderId) && html.body().contains("71.67"), html.body());
        assertEquals(
                400,
                h.get("/api/orders/" + orderId + "/compliance?from=yesterday" + "&reason=x", desk)
                        .statusCode());
        assertEquals(
                400,
                h.get("/api/orders/" + orderId + "/compliance?" + period.substring(1), desk)
                        .statusCode(),
                "a reason is required");
        assertEquals(
                2,
                h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:" + orderId + "' AND kind = 'custody'"),
                "both views recorded");
    }

    private String deskUser() throws Exception {
        assertEquals(
                201,
                h.post(
                                "/api/users",
                                new JsonObject()
                                        .put("username", "desk-" + h.suffix)
                                        .put("password", PASSWORD)
                                        .put("role", "desk")
                                        .put("station", "Pudong PSB")
                                        .encode())
                        .statusCode());
        return h.login("desk-" + h.suffix, PASSWORD);
    }

    private Process verifyWithJar(Path bundle, Path key) throws IOException {
        Path jar = Path.of("target", "gateway-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.exists(jar), "the gateway jar is built before integration tests: " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "verify",
                bundle.toString()));
        if (key != null) {
            command.add("--key");
            command.add(key.toString());
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(h.db.jdbcUrl(), h.db.user(), h.db.password())) {
            c.createStatement().execute(statement);
        }
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        try (InputStream in = zip.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
