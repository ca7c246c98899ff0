package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duty-desk console in a real headless Chromium (Debian {@code chromium} + {@code chromium-driver},
 * driven by Selenium WebDriver) against a real gateway, PostgreSQL and Mosquitto: a breach raised by
 * real pings reaches the desk's queue within a second, the officer handles it with clicks, the map
 * shows the zone and both parties; a court clerk finds alerts and evidence but never positions; a caseworker
 * sees their organisation's orders, alerts and follow-ups and records one, with no map; the
 * language toggle switches the labels. Fails, never skips, when Chromium or its driver is missing.
 * Screenshots go to {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleIT.class);
    private static final String COURT = "Pudong District People's Court";

    private GatewayHarness h;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private ConsoleScenario ui;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startGateway() throws IOException {
        HeadlessChromium.requireInstalled();
        Files.createDirectories(ConsoleScenario.SCREENSHOTS);
        h = new GatewayHarness();
    }

    @AfterAll
    void stopGateway() {
        if (h != null) {
            h.close();
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        startBrowser("en-GB");
    }

    /** A fresh headless Chromium whose preferred language (and so Accept-Language) is the given one. */
    private void startBrowser(String language) throws IOException {
        browser = HeadlessChromium.preferring(language);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        ui = new ConsoleScenario(h, browser);
    }

    @AfterEach
    void stopBrowser(TestInfo test) throws IOException {
        if (browser != null) {
            ui.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
            browser.quit();
        }
    }

    // ---------- desk ----------

    @Test
    void deskSeesANewBreachWithinASecondMapsBothPartiesAndHandlesItInClicks() throws Exception {
        String desk = "desk-" + h.suffix;
        String station = "Lujiazui PSB " + h.suffix;
        ConsoleScenario.createUser(h, desk, "desk", "station", station);
        String orderId = "ORD-CON-" + h.suffix;
        String respondent = "resp-con-" + h.suffix;
        String protectedPerson = "prot-con-" + h.suffix;
        // A second zone, a polygon with its own band (a school about 800 m east of home), to draw GeoJSON too.
        double east = 1 / (GatewayHarness.METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(GatewayHarness.HOME_LAT)));
        double north = 1 / GatewayHarness.METRES_PER_DEGREE_LAT;
        double w = GatewayHarness.HOME_LON + 700 * east;
        double e = GatewayHarness.HOME_LON + 900 * east;
        double s = GatewayHarness.HOME_LAT - 100 * north;
        double n = GatewayHarness.HOME_LAT + 100 * north;
        JsonObject school = new JsonObject()
                .put("id", "school")
                .put("type", "exclusion")
                .put("warningBuffer", 100)
                .put(
                        "geometry",
                        new JsonObject()
                                .put("type", "Polygon")
                                .put(
                                        "coordinates",
                                        new JsonArray()
                                                .add(new JsonArray()
                                                        .add(new JsonArray()
                                                                .add(w)
                                                                .add(s))
                                                        .add(new JsonArray()
                                                                .add(e)
                                                                .add(s))
                                                        .add(new JsonArray()
                                                                .add(e)
                                                                .add(n))
                                                        .add(new JsonArray()
                                                                .add(w)
                                                                .add(n))
                                                        .add(new JsonArray()
                                                                .add(w)
                                                                .add(s)))));
        ConsoleScenario.createOrder(h, orderId, respondent, protectedPerson, station, school);
        Instant start = Instant.now().minusSeconds(300);
        MqttClient victim = h.device(protectedPerson);
        GatewayHarness.publish(
                victim, "wearables/" + protectedPerson + "/ping", GatewayHarness.ping(1, start, 40, 6, 80));
        victim.disconnect();
        victim.close();

        ui.openConsole();
        ui.login(desk);
        wait.until(d -> d.findElement(By.cssSelector("#stream-status.live")).isDisplayed());
        // The snapshot has been applied (the station has no alert yet) before the breach happens.
        wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-snapshot-at") != null);
        assertTrue(browser.findElement(By.id("queue-empty")).isDisplayed());
        assertFalse(browser.findElement(By.id("court-panel")).isDisplayed());

        ConsoleScenario.walkIntoTheZone(h, respondent, start.plusSeconds(5));

        // Read in one script call, so the item's attributes are of one moment.
        String script =
                "const li = document.querySelector(\"#queue li.alert-item[data-type='BREACH'][data-order='\" + arguments[0] + \"']\");"
                        + "return li ? {id: li.dataset.id, shownAt: li.dataset.shownAt, severity: li.dataset.severity, cls: li.className,"
                        + " first: document.querySelector('#queue li.alert-item').dataset.severity} : null;";
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> item =
                (java.util.Map<String, Object>) new WebDriverWait(browser, Duration.ofSeconds(30))
                        .until(d -> ((JavascriptExecutor) d).executeScript(script, orderId));
        String alertId = (String) item.get("id");
        JsonObject raised = ConsoleScenario.alert(h, alertId);
        long shownAt = Long.parseLong((String) item.get("shownAt"));
        long latency = shownAt - Instant.parse(raised.getString("openedAt")).toEpochMilli();
        LOG.info(
                "console: BREACH alert {} opened at {}, on the desk's screen {} ms later",
                alertId,
                raised.getString("openedAt"),
                latency);
        assertTrue(
                latency >= 0 && latency < 1000,
                "alert reached the screen " + latency + " ms after it was raised (target: under 1 s)");
        assertEquals("critical", item.get("severity"));
        assertTrue(
                ((String) item.get("cls")).contains("fresh"), "a new alert is highlighted until someone looks at it");
        assertEquals("critical", item.get("first"), "critical alerts come first");
        ui.screenshot("desk-queue-new-breach");

        item(alertId).click();
        wait.until(d -> alertId.equals(d.findElement(By.id("detail")).getAttribute("data-id")));
        // The map: the order's zone, its warning band, and both parties' last fixes.
        wait.until(d -> !d.findElements(By.cssSelector("#map #marker-respondent"))
                        .isEmpty()
                && !d.findElements(By.cssSelector("#map #marker-protected")).isEmpty());
        assertEquals(
                1,
                browser.findElements(By.cssSelector("#map path.zone[data-zone-id='home']"))
                        .size());
        assertEquals(
                1,
                browser.findElements(By.cssSelector("#map path.warning-band[data-zone-id='home']"))
                        .size());
        assertEquals(
                1,
                browser.findElements(By.cssSelector("#map path.zone[data-zone-id='school']"))
                        .size());
        assertEquals(
                1,
                browser.findElements(By.cssSelector("#map path.warning-band[data-zone-id='school']"))
                        .size());
        assertEquals(respondent, browser.findElement(By.id("marker-respondent")).getAttribute("data-device-id"));
        assertEquals(
                protectedPerson, browser.findElement(By.id("marker-protected")).getAttribute("data-device-id"));
        String summary = browser.findElement(By.id("map-summary")).getText();
        assertTrue(summary.matches("(?s).*Respondent is \\d+ m inside “home”.*"), summary);
        assertTrue(
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND actor = '" + desk
                                + "' AND outcome = 'allowed' AND resource = 'order/" + orderId + "'")
                        >= 1,
                "every read of the positions is audited");
        ui.screenshot("desk-alert-detail-map");

        ui.click("btn-ack");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ConsoleScenario.alert(h, alertId).getString("state"), "ACKNOWLEDGED"::equals);
        wait.until(d -> "ACKNOWLEDGED".equals(d.findElement(By.id("detail")).getAttribute("data-state")));
        assertFalse(
                item(alertId).getAttribute("class").contains("fresh"),
                "looked at and acknowledged: no longer highlighted");

        browser.findElement(By.id("dispatch-unit")).sendKeys("Patrol 12");
        ui.click("btn-dispatch");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ConsoleScenario.alert(h, alertId).getString("state"), "DISPATCHED"::equals);
        wait.until(d -> "DISPATCHED".equals(d.findElement(By.id("detail")).getAttribute("data-state")));

        new Select(browser.findElement(By.id("resolve-outcome"))).selectByValue("CONFIRMED_BREACH");
        browser.findElement(By.id("resolve-note")).sendKeys("Respondent found at the door, detained");
        ui.click("btn-resolve");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ConsoleScenario.alert(h, alertId).getString("state"), "RESOLVED"::equals);
        JsonObject resolved = ConsoleScenario.alert(h, alertId);
        assertEquals("CONFIRMED_BREACH", resolved.getString("outcome"));
        JsonArray lifecycle = resolved.getJsonArray("lifecycle");
        JsonObject last = lifecycle.getJsonObject(lifecycle.size() - 1);
        assertEquals(desk, last.getString("actor"), "the officer who clicked is recorded");
        assertEquals("Respondent found at the door, detained", last.getString("note"));
        assertTrue(lifecycle.stream()
                .map(JsonObject.class::cast)
                .anyMatch(t -> "DISPATCHED".equals(t.getString("to")) && "Patrol 12".equals(t.getString("note"))));
        wait.until(d -> "RESOLVED".equals(d.findElement(By.id("detail")).getAttribute("data-state")));
        wait.until(d -> d.findElements(By.cssSelector("#queue li[data-id='" + alertId + "']"))
                .isEmpty());
        assertTrue(
                browser.findElements(By.cssSelector("#lifecycle-body tr")).size() >= 4, "lifecycle shows every step");
        ui.screenshot("desk-alert-resolved");
        // Every change to the alert re-read the positions; the officer's one look at this map is one audit row,
        // its reads counted in the viewing session.
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND actor = '" + desk
                        + "' AND outcome = 'allowed' AND resource = 'order/" + orderId + "'"));
        assertTrue(
                h.count("SELECT max(reads) FROM position_views WHERE actor = '" + desk + "' AND order_id = '" + orderId
                                + "'")
                        >= 3,
                "the viewing session counts the map's reads");
    }

    @Test
    void aDeskSeesNothingOfAnotherStationAndPositionsNeedAnOrderInForce() throws Exception {
        String desk = "desk-in-" + h.suffix;
        String otherDesk = "desk-out-" + h.suffix;
        String station = "Zhangjiang PSB " + h.suffix;
        ConsoleScenario.createUser(h, desk, "desk", "station", station);
        ConsoleScenario.createUser(h, otherDesk, "desk", "station", "Jing'an PSB " + h.suffix);
        String orderId = "ORD-SCOPE-" + h.suffix;
        ConsoleScenario.createOrder(h, orderId, "resp-s-" + h.suffix, "prot-s-" + h.suffix, station);
        String expired = "ORD-OLD-" + h.suffix;
        JsonObject old = GatewayHarness.sampleOrder(expired, "resp-o-" + h.suffix, "prot-o-" + h.suffix)
                .put("validFrom", "2025-01-01T00:00:00Z")
                .put("validUntil", "2025-06-01T00:00:00Z");
        old.getJsonObject("dutyDesk").put("station", station);
        assertEquals(201, h.post("/api/orders", old.encode()).statusCode());
        String token = h.login(desk, ConsoleScenario.PASSWORD);
        String otherToken = h.login(otherDesk, ConsoleScenario.PASSWORD);

        assertEquals(401, h.get("/api/orders/" + orderId + "/positions", null).statusCode());
        assertEquals(401, h.get("/api/alerts/stream", null).statusCode());
        // Another station's order answers as unknown (404): order ids out of scope are not told.
        assertError(h.get("/api/orders/" + orderId + "/positions", otherToken), 404, "not_found");
        assertError(h.get("/api/orders/" + expired + "/positions", token), 409, "order_not_active");
        assertError(h.get("/api/orders/NO-SUCH-" + h.suffix + "/positions", token), 404, "not_found");
        assertError(h.get("/api/orders/" + orderId + "/positions", h.adminToken()), 403, "forbidden");
        HttpResponse<String> ok = h.get("/api/orders/" + orderId + "/positions", token);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonObject none = new JsonObject(ok.body());
        assertEquals(orderId, none.getString("orderId"));
        assertNull(none.getValue("respondent"), "no fix yet");
        assertNull(none.getValue("protected"), "no fix yet");
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND actor = '" + otherDesk
                        + "' AND outcome = 'denied'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND actor = '" + desk
                        + "' AND outcome = 'denied'" + " AND reason = 'order not active'"));

        // The live stream: the order's station hears of its alert, another station does not.
        List<String> mine = new CopyOnWriteArrayList<>();
        List<String> theirs = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> mineStream = openStream(token, mine);
        HttpResponse<Stream<String>> theirStream = openStream(otherToken, theirs);
        List<String> admins = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> adminStream = openStream(h.adminToken(), admins);
        assertEquals(
                "text/event-stream; charset=utf-8",
                mineStream.headers().firstValue("Content-Type").orElse(""));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> mine.contains("event: snapshot") && theirs.contains("event: snapshot"));
        ConsoleScenario.walkIntoTheZone(h, "resp-s-" + h.suffix, Instant.now().minusSeconds(200));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mine.stream().anyMatch(l -> l.contains("\"type\":\"BREACH\"") && l.contains(orderId)));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> admins.stream().anyMatch(l -> l.contains("\"type\":\"BREACH\"") && l.contains(orderId)));
        // The other station's stream stays open and receives nothing about this order.
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> theirs.stream().noneMatch(l -> l.contains(orderId)));
        mineStream.body().close();
        theirStream.body().close();
        adminStream.body().close();
        assertTrue(h.count("SELECT count(*) FROM audit_log WHERE action = 'alert.stream' AND actor = '" + desk + "'")
                >= 1);

        // The respondent's fixes are minutes old, the protected person's only fix three days old: both are found.
        String protectedDevice = "prot-s-" + h.suffix;
        Instant threeDaysAgo =
                Instant.ofEpochMilli(Instant.now().minus(Duration.ofDays(3)).toEpochMilli());
        MqttClient victim = h.device(protectedDevice);
        GatewayHarness.publish(
                victim, "wearables/" + protectedDevice + "/ping", GatewayHarness.ping(1, threeDaysAgo, 40, 6, 80));
        victim.disconnect();
        victim.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + protectedDevice + "'") == 1);
        JsonObject both = new JsonObject(
                h.get("/api/orders/" + orderId + "/positions", token).body());
        assertEquals("resp-s-" + h.suffix, both.getJsonObject("respondent").getString("deviceId"));
        assertEquals(protectedDevice, both.getJsonObject("protected").getString("deviceId"));
        assertEquals(threeDaysAgo.toString(), both.getJsonObject("protected").getString("ts"));
        assertEquals(
                GatewayHarness.HOME_LAT + 40 / GatewayHarness.METRES_PER_DEGREE_LAT,
                both.getJsonObject("protected").getDouble("lat"),
                1e-9);
    }

    // ---------- court ----------

    @Test
    void aCourtClerkFindsAnOrdersAlertsAndExportsEvidenceButSeesNoPositions() throws Exception {
        String clerk = "clerk-" + h.suffix;
        ConsoleScenario.createUser(h, clerk, "court", "court", COURT);
        String orderId = "ORD-COURT-" + h.suffix;
        String respondent = "resp-c-" + h.suffix;
        assertEquals(
                201,
                h.post(
                                "/api/orders",
                                GatewayHarness.sampleOrder(orderId, respondent, "prot-c-" + h.suffix)
                                        .encode())
                        .statusCode());
        ConsoleScenario.walkIntoTheZone(h, respondent, Instant.now().minusSeconds(250));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=BREACH")
                                        .body())
                                .getJsonArray("alerts")
                                .size()
                        == 1);
        String token = h.login(clerk, ConsoleScenario.PASSWORD);
        assertError(h.get("/api/orders/" + orderId + "/positions", token), 403, "forbidden");

        ui.openConsole();
        ui.login(clerk);
        wait.until(d -> d.findElement(By.id("court-panel")).isDisplayed());
        assertFalse(browser.findElement(By.id("queue-panel")).isDisplayed(), "no live desk queue for a court");
        browser.findElement(By.id("order-id")).sendKeys(orderId);
        ui.click("order-search");
        WebElement row = wait.until(d -> d.findElements(By.cssSelector("#court-alerts tr.court-alert")).stream()
                .filter(r -> r.getText().contains("Zone breach"))
                .findFirst()
                .orElse(null));
        row.click();
        wait.until(d -> d.findElement(By.id("detail")).isDisplayed()
                && d.findElement(By.id("btn-evidence")).isDisplayed());
        assertFalse(browser.findElement(By.id("actions")).isDisplayed(), "a court cannot act on alerts");
        assertFalse(browser.findElement(By.id("map-panel")).isDisplayed(), "no map for a court");
        assertTrue(browser.findElements(By.cssSelector("#map *")).isEmpty(), "nothing drawn");
        assertEquals(
                0,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'position.read' AND actor = '" + clerk
                        + "' AND outcome = 'allowed'"));

        ui.click("btn-evidence");
        wait.until(d -> d.findElement(By.id("evidence-dialog")).isDisplayed());
        browser.findElement(By.id("evidence-reason")).sendKeys("Hearing 2027-01-15, case (2026) 沪0115民保令12号");
        ui.screenshot("court-evidence-reason");
        ui.click("evidence-confirm");
        String outcome = wait.until(d -> {
            String s = d.findElement(By.id("evidence-status")).getText();
            return s.startsWith("Evidence exported") || s.startsWith("Evidence export failed") ? s : null;
        });
        LOG.info("console: evidence export answered: {}", outcome);
        assertTrue(outcome.startsWith("Evidence exported"), outcome);
        assertEquals(
                1,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'evidence.export' AND actor = '" + clerk
                        + "' AND reason LIKE 'Hearing 2027-01-15%'"),
                "the clerk's reason is recorded with the export");
        ui.screenshot("court-order-alerts");

        // The reports inside the bundle, opened as a court reads them, in both languages.
        java.util.Map<String, Path> reports = reportsInTheBundle(row.getAttribute("data-id"), token);
        browser.get(reports.get("en").toUri().toString());
        ui.screenshot("evidence-report-en");
        browser.get(reports.get("zh").toUri().toString());
        for (String part : List.of("h1", "h2")) {
            LOG.info(
                    "evidence report: zh {} drawn with {}",
                    part,
                    RenderedFonts.assertChineseDrawnInACjkFont(browser, part));
        }
        ui.screenshot("evidence-report-zh");
    }

    @Test
    void theAlertDetailListsAWarningTextWithheldFromTheProtectedPersonWithItsReasonInBothLanguages() throws Exception {
        String desk = "desk-wb-" + h.suffix;
        String station = "Budget PSB " + h.suffix;
        ConsoleScenario.createUser(h, desk, "desk", "station", station);
        String orderId = "ORD-WB-CON-" + h.suffix;
        String respondent = "resp-wb-" + h.suffix;
        ConsoleScenario.createOrder(h, orderId, respondent, "prot-wb-" + h.suffix, station);
        MqttClient device = h.device(respondent);
        GatewayHarness.approachTwice(device, respondent, Instant.now().minusSeconds(400));
        device.disconnect();
        device.close();
        JsonObject second = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonArray alerts = new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=APPROACH")
                                            .body())
                                    .getJsonArray("alerts");
                            return alerts.size() == 2
                                    ? ConsoleScenario.alert(
                                            h, alerts.getJsonObject(0).getString("id"))
                                    : null;
                        },
                        a -> a != null);
        String sentAt = second.getJsonArray("notifications").stream()
                .map(JsonObject.class::cast)
                .filter(n -> "protected".equals(n.getString("recipientRole")))
                .findFirst()
                .orElseThrow()
                .getJsonObject("suppression")
                .getString("after");

        ui.openConsole();
        ui.login(desk);
        wait.until(d -> d.findElements(By.cssSelector("#queue li[data-id='" + second.getString("id") + "']")).stream()
                        .findFirst()
                        .orElse(null))
                .click();
        By withheld = By.cssSelector("#notifications-body tr.suppressed[data-role='protected']");
        String en = wait.until(d -> d.findElements(withheld).stream()
                .findFirst()
                .map(WebElement::getText)
                .orElse(null));
        String hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm")
                .format(Instant.parse(sentAt).atZone(java.time.ZoneId.systemDefault()));
        assertTrue(en.contains("Protected person"), en);
        assertTrue(
                en.contains(
                        "Not sent (warning limit): a repeat within 30 min of the warning text sent to her at " + hhmm),
                en);
        assertEquals("SUPPRESSED", browser.findElement(withheld).getAttribute("data-state"));
        assertTrue(
                browser.findElement(By.cssSelector("#notifications-body tr[data-role='desk']"))
                        .getText()
                        .contains("Duty desk"),
                "the desk's own text is listed too");
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", browser.findElement(withheld));
        ui.screenshot("alert-detail-withheld-warning-en");

        ui.click("lang-toggle");
        String zh = wait.until(d -> {
            String text = d.findElement(withheld).getText();
            return text.contains("未发送") ? text : null;
        });
        assertTrue(zh.contains("受保护人"), zh);
        assertTrue(zh.contains("未发送（预警短信限额）：距 " + hhmm + " 发给她的预警短信不足 30 分钟，属重复提醒"), zh);
        RenderedFonts.assertChineseDrawnInACjkFont(
                browser, "#notifications-body tr.suppressed[data-role='protected'] td:last-child");
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", browser.findElement(withheld));
        ui.screenshot("alert-detail-withheld-warning-zh");
        ui.click("lang-toggle");
    }

    // ---------- caseworker ----------

    @Test
    void aCaseworkerSeesTheOrganisationsOrdersAlertsAndFollowUpsInBothLanguagesAndNoMap() throws Exception {
        String caseworker = "cw-" + h.suffix;
        String organisation = "Pudong Women's Federation " + h.suffix;
        ConsoleScenario.createUser(h, caseworker, "caseworker", "organisation", organisation);
        String orderId = "ORD-CW-" + h.suffix;
        String respondent = "resp-cw-" + h.suffix;
        JsonObject order = GatewayHarness.sampleOrder(orderId, respondent, "prot-cw-" + h.suffix)
                .put("organisation", organisation);
        order.getJsonArray("parties").getJsonObject(1).put("name", "Li Mei 李梅");
        assertEquals(201, h.post("/api/orders", order.encode()).statusCode());
        JsonObject other = GatewayHarness.sampleOrder(
                        "ORD-CW-OTHER-" + h.suffix, "resp-cwo-" + h.suffix, "prot-cwo-" + h.suffix)
                .put("organisation", "Huangpu Community Committee");
        assertEquals(201, h.post("/api/orders", other.encode()).statusCode());
        h.powerOff(respondent);
        h.firstAlertOf(orderId);

        ui.openConsole();
        ui.login(caseworker);
        wait.until(d -> d.findElement(By.id("cw-order")).isDisplayed()
                && d.findElements(By.cssSelector("#cw-alerts tr")).size() == 1);
        assertEquals(1, browser.findElements(By.cssSelector("#cw-orders li")).size(), "only the organisation's order");
        assertEquals(orderId, browser.findElement(By.id("cw-order-id")).getText());
        assertTrue(browser.findElement(By.id("cw-protected")).getText().contains("+8613800000002"));
        assertEquals(
                "Communication lost",
                browser.findElement(By.cssSelector("#cw-alerts tr td:nth-child(2)"))
                        .getText());
        assertFalse(browser.findElement(By.id("queue-panel")).isDisplayed(), "no live queue for a caseworker");
        assertFalse(browser.findElement(By.id("map-panel")).isDisplayed(), "no map for a caseworker");
        assertTrue(browser.findElements(By.cssSelector("#map *")).isEmpty(), "nothing drawn");

        new Select(browser.findElement(By.id("cw-kind"))).selectByValue("call");
        new Select(browser.findElement(By.id("cw-outcome"))).selectByValue("reached_concerns");
        browser.findElement(By.id("cw-note")).sendKeys("她说前夫昨晚在楼下出现。 Wants a patrol past the house.");
        ui.click("cw-save");
        wait.until(d ->
                d.findElements(By.cssSelector("#cw-followups tr.cw-followup")).size() == 1
                        && "Contact saved."
                                .equals(d.findElement(By.id("cw-status")).getText()));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM follow_up_contacts WHERE order_id = '" + orderId
                        + "' AND kind = 'call' AND outcome = 'reached_concerns' AND recorded_by = '" + caseworker
                        + "'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:" + orderId
                        + "' AND kind = 'follow_up'"));

        browser.findElement(By.id("cw-report-reason")).sendKeys("monthly follow-up");
        ui.click("cw-report");
        String report = wait.until(d -> {
            String s = d.findElement(By.id("cw-report-status")).getText();
            return s.startsWith("Report saved") || s.startsWith("Could not") ? s : null;
        });
        assertEquals("Report saved: compliance-" + orderId + "-en.html", report);
        ui.screenshot("caseworker-en");

        ui.click("lang-toggle");
        wait.until(d ->
                "本机构负责的保护令".equals(d.findElement(By.cssSelector("#cw-panel h2")).getText()));
        assertEquals(
                "电话回访",
                browser.findElement(By.cssSelector("#cw-followups tr td:nth-child(2)"))
                        .getText());
        assertEquals(
                "通信中断",
                browser.findElement(By.cssSelector("#cw-alerts tr td:nth-child(2)"))
                        .getText());
        assertEquals("回访已保存。", browser.findElement(By.id("cw-status")).getText());
        ui.screenshot("caseworker-zh");
        for (String label : List.of("#cw-panel h2", "#cw-followups tr td:nth-child(3)", "#cw-form h3", "#cw-save")) {
            LOG.info("console: {} drawn with {}", label, RenderedFonts.assertChineseDrawnInACjkFont(browser, label));
        }
        assertEquals(
                0,
                h.count("SELECT count(*) FROM audit_log WHERE actor = '" + caseworker
                        + "' AND (action = 'position.read' OR outcome = 'denied')"),
                "the caseworker's console asks for nothing it may not have");
        ui.click("lang-toggle");
    }

    // ---------- language and errors ----------

    @Test
    void theLanguageToggleSwitchesLabelsAndApiErrorsAreShownPlainly() throws Exception {
        String desk = "desk-zh-" + h.suffix;
        ConsoleScenario.createUser(h, desk, "desk", "station", "Huamu PSB " + h.suffix);
        ui.openConsole();
        browser.findElement(By.id("username")).sendKeys(desk);
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        ui.click("login-submit");
        String error = wait.until(d -> d.findElement(By.id("error-banner")).isDisplayed()
                ? d.findElement(By.id("error-text")).getText()
                : null);
        assertEquals("Sign-in failed: HTTP 401 (invalid_credentials) wrong username or password", error);

        ui.click("lang-toggle");
        wait.until(d -> "登录".equals(d.findElement(By.id("login-submit")).getText()));
        assertEquals(
                "用户名",
                browser.findElement(By.cssSelector("label[for='username']")).getText());
        assertEquals("zh-CN", browser.findElement(By.tagName("html")).getAttribute("lang"));
        browser.findElement(By.id("password")).clear();
        browser.findElement(By.id("password")).sendKeys(ConsoleScenario.PASSWORD);
        ui.click("login-submit");
        wait.until(d -> d.findElement(By.id("queue-panel")).isDisplayed());
        assertEquals(
                "告警队列",
                browser.findElement(By.cssSelector("#queue-panel h2 span[data-i18n='queueTitle']"))
                        .getText());
        assertEquals("退出", browser.findElement(By.id("logout")).getText());
        wait.until(d -> "实时".equals(d.findElement(By.id("stream-status")).getText()));
        ui.screenshot("desk-zh");
        // What a person sees: each Chinese label drawn by a CJK font, not as empty boxes.
        for (String label :
                List.of("#queue-panel h2 span[data-i18n='queueTitle']", "#logout", "#stream-status", "#no-selection")) {
            LOG.info("console: {} drawn with {}", label, RenderedFonts.assertChineseDrawnInACjkFont(browser, label));
        }

        ui.click("lang-toggle");
        wait.until(d -> "Alert queue"
                .equals(d.findElement(By.cssSelector("#queue-panel h2 span[data-i18n='queueTitle']"))
                        .getText()));
        assertEquals("Log out", browser.findElement(By.id("logout")).getText());
        // The English view's way back to Chinese is itself Chinese, and readable.
        assertEquals("中文", browser.findElement(By.id("lang-toggle")).getText());
        RenderedFonts.assertChineseDrawnInACjkFont(browser, "#lang-toggle");
    }

    @Test
    void aDeskWhosePasswordWasResetSetsItsOwnInTheConsoleAndCarriesOn() throws Exception {
        String desk = "desk-reset-" + h.suffix;
        ConsoleScenario.createUser(h, desk, "desk", "station", "Tangqiao PSB " + h.suffix);
        String given = "given-by-admin-" + h.suffix;
        HttpResponse<String> reset = h.post(
                "/api/users/" + desk + "/password",
                new JsonObject().put("password", given).encode());
        assertEquals(200, reset.statusCode(), reset.body());

        ui.openConsole();
        browser.findElement(By.id("username")).sendKeys(desk);
        browser.findElement(By.id("password")).sendKeys(given);
        ui.click("login-submit");
        wait.until(d -> d.findElement(By.id("password-dialog")).isDisplayed());
        ui.screenshot("desk-password-reset-dialog");
        String own = "my-own-password-" + h.suffix;
        browser.findElement(By.id("pw-current")).sendKeys(given);
        browser.findElement(By.id("pw-new")).sendKeys(own);
        browser.findElement(By.id("pw-repeat")).sendKeys(own);
        ui.click("pw-submit");
        // The console signs in again with the new password (the change ends every earlier token) and goes live.
        wait.until(d -> d.findElement(By.cssSelector("#stream-status.live")).isDisplayed());
        assertFalse(browser.findElement(By.id("password-dialog")).isDisplayed());
        assertEquals(200, h.get("/api/alerts?limit=1", h.login(desk, own)).statusCode());
    }

    @Test
    void aBrowserThatPrefersChineseOpensTheConsoleInChinese() throws Exception {
        browser.quit();
        browser = null;
        startBrowser("zh-CN");
        browser.get("http://127.0.0.1:" + h.gateway.httpPort() + "/console/");
        wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
        assertEquals("zh-CN", browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("登录", browser.findElement(By.id("login-submit")).getText());
        assertEquals(
                "用户名",
                browser.findElement(By.cssSelector("label[for='username']")).getText());
        RenderedFonts.assertChineseDrawnInACjkFont(browser, "#login-submit");
        RenderedFonts.assertChineseDrawnInACjkFont(browser, ".login-view .hint");
        ui.screenshot("login-zh-from-browser-language");

        // The officer's own choice outlives the browser's preference.
        ui.click("lang-toggle");
        wait.until(d -> "Sign in".equals(d.findElement(By.id("login-submit")).getText()));
        browser.navigate().refresh();
        wait.until(d -> "Sign in".equals(d.findElement(By.id("login-submit")).getText()));
        ((JavascriptExecutor) browser).executeScript("localStorage.clear();");
    }

    // ---------- helpers ----------

    private WebElement item(String alertId) {
        return browser.findElement(By.cssSelector("#queue li[data-id='" + alertId + "']"));
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, new JsonObject(r.body()).getString("error"), r.body());
    }

    /** Opens the SSE stream as a plain HTTP client and collects its lines on a background thread. */
    private HttpResponse<Stream<String>> openStream(String token, List<String> lines) throws Exception {
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/api/alerts/stream"))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        Thread reader = new Thread(
                () -> {
                    try {
                        r.body().forEach(lines::add);
                    } catch (RuntimeException closed) {
                        // the test closed the stream
                    }
                },
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return r;
    }

    /** Exports the alert's bundle as the clerk and writes its two reports next to the screenshots. */
    private java.util.Map<String, Path> reportsInTheBundle(String alertId, String token) throws Exception {
        HttpResponse<byte[]> bundle = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.httpPort() + "/api/alerts/" + alertId
                                + "/evidence?reason=console%20test%3A%20report%20screenshots"))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, bundle.statusCode());
        java.util.Map<String, Path> reports = new java.util.HashMap<>();
        try (java.util.zip.ZipInputStream zip =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bundle.body()))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                for (String lang : List.of("en", "zh")) {
                    if (e.getName().endsWith("report." + lang + ".html")) {
                        Path out = ConsoleScenario.SCREENSHOTS
                                .resolve("evidence-report." + lang + ".html")
                                .toAbsolutePath();
                        Files.write(out, zip.readAllBytes());
                        reports.put(lang, out);
                    }
                }
            }
        }
        assertEquals(java.util.Set.of("en", "zh"), reports.keySet(), "the bundle holds both reports");
        return reports;
    }
}
