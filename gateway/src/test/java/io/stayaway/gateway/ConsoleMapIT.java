package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk's street map, replay and alarm in a real headless Chromium, against a gateway whose basemap is a
 * tile server this test runs on a free port ({@link TileServer}, PNG tiles it draws), declared as a GCJ-02
 * source: the tiles are requested and drawn under the zones; the respondent's marker sits where the GCJ-02
 * transform puts its fix, in pixels; the replay slider moves both markers through the stored fixes; a new
 * critical alert sounds the alarm until acknowledged or muted. Screenshots go to
 * {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleMapIT {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleMapIT.class);
    private static final Pattern TILE_SRC = Pattern.compile(".*/tiles/(\\d+)/(\\d+)/(\\d+)\\.png.*");

    private TileServer tiles;
    private GatewayHarness h;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private ConsoleScenario ui;

    @BeforeAll
    void startGatewayAndTiles() throws IOException {
        HeadlessChromium.requireInstalled();
        tiles = TileServer.start();
        h = new GatewayHarness(Map.of(
                "STAYAWAY_MAP_TILES", tiles.urlTemplate(),
                "STAYAWAY_MAP_TILES_ATTRIBUTION", "Test tiles <b>not bold</b>",
                "STAYAWAY_MAP_TILES_MAX_ZOOM", "18",
                "STAYAWAY_MAP_TILES_DATUM", "gcj02"));
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
        if (tiles != null) {
            tiles.close();
        }
    }

    @BeforeEach
    void startBrowser() throws IOException {
        // Sound only after the user has interacted with the page, as desktop Chrome plays it.
        browser = HeadlessChromium.preferring("en-GB", "--autoplay-policy=document-user-activation-required");
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        ui = new ConsoleScenario(h, browser);
    }

    @AfterEach
    void stopBrowser(TestInfo test) throws IOException {
        ui.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
        browser.quit();
    }

    @Test
    void theBasemapIsDrawnUnderTheZonesAndTheRespondentSitsWhereGcj02PutsItsFix() throws Exception {
        String orderId = openBreachOnScreen("map");
        ui.click(itemId(orderId));
        wait.until(
                d -> !d.findElements(By.cssSelector("#map #marker-respondent")).isEmpty());
        wait.until(d ->
                d.findElements(By.cssSelector("#map img.leaflet-tile-loaded")).size() >= 4);
        List<String> requested = tiles.requests();
        assertFalse(requested.isEmpty(), "the tiles were requested from the configured source");
        for (String path : requested) {
            Matcher m = Pattern.compile("/tiles/(\\d+)/\\d+/\\d+\\.png").matcher(path);
            assertTrue(m.matches(), path);
            assertTrue(Integer.parseInt(m.group(1)) <= 18, "no tile deeper than the configured zoom: " + path);
        }
        // The attribution is shown, as text (the configured HTML is not interpreted).
        assertTrue(browser.findElement(By.cssSelector(".leaflet-control-attribution"))
                .getText()
                .contains("Test tiles <b>not bold</b>"));

        // Under the zones: at a point inside the home zone there is a loaded tile, in a pane stacked below the
        // zone's, and the zone is translucent over it.
        @SuppressWarnings("unchecked")
        Map<String, Object> under =
                (Map<String, Object>) js("const zone = document.querySelector(\"#map path.zone[data-zone-id='home']\");"
                        + " const r = zone.getBoundingClientRect(); const x = r.left + r.width * 0.3, y = r.top + r.height / 2;"
                        + " const tile = [...document.querySelectorAll('#map img.leaflet-tile-loaded')].find(t => {"
                        + "   const b = t.getBoundingClientRect(); return x >= b.left && x < b.right && y >= b.top && y < b.bottom; });"
                        + " const z = e => Number(getComputedStyle(e.closest('.leaflet-pane')).zIndex);"
                        + " return {tile: tile ? tile.src : null, tilePane: tile ? z(tile) : null, zonePane: z(zone),"
                        + "   fillOpacity: Number(zone.getAttribute('fill-opacity'))};");
        assertTrue(under.get("tile") != null, "a loaded tile under the zone: " + under);
        assertTrue(
                ((Number) under.get("tilePane")).intValue() < ((Number) under.get("zonePane")).intValue(),
                "tiles stacked below the zones: " + under);
        assertTrue(((Number) under.get("fillOpacity")).doubleValue() < 0.5, "the zone lets the street show: " + under);
        assertTileColourOutsideTheZones();

        // The respondent's last fix (150 m north of home) is drawn where GCJ-02 puts it, not where WGS-84 does.
        double lat = GatewayHarness.HOME_LAT + 150 / GatewayHarness.METRES_PER_DEGREE_LAT;
        double lon = GatewayHarness.HOME_LON;
        @SuppressWarnings("unchecked")
        List<Number> gcj =
                (List<Number>) js("return window.StayawayGcj02.toGcj02(arguments[0], arguments[1]);", lat, lon);
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>)
                js("const m = document.getElementById('marker-respondent'); return [m.dataset.lat, m.dataset.lon];");
        assertEquals(gcj.get(0).doubleValue(), Double.parseDouble(shown.get(0)), 1e-12);
        assertEquals(gcj.get(1).doubleValue(), Double.parseDouble(shown.get(1)), 1e-12);
        TileGrid grid = tileGrid();
        double[] drawn = centreOf("#marker-respondent");
        double[] expected = grid.pagePixel(gcj.get(0).doubleValue(), gcj.get(1).doubleValue());
        double[] raw = grid.pagePixel(lat, lon);
        double offsetPixels = Math.hypot(expected[0] - raw[0], expected[1] - raw[1]);
        LOG.info(
                "console map: zoom {}, respondent marker at ({}, {}) px, GCJ-02 position ({}, {}) px, WGS-84 position ({}, {}) px: offset {} px",
                grid.zoom,
                drawn[0],
                drawn[1],
                expected[0],
                expected[1],
                raw[0],
                raw[1],
                offsetPixels);
        assertEquals(expected[0], drawn[0], 1.5, "marker x at the GCJ-02 position");
        assertEquals(expected[1], drawn[1], 1.5, "marker y at the GCJ-02 position");
        assertTrue(offsetPixels > 20, "at this zoom the GCJ-02 offset is visible: " + offsetPixels + " px");
        ui.screenshot("desk-basemap-gcj02");

        // The same desk in Chinese, as its officers read it.
        ui.click("lang-toggle");
        wait.until(d -> "双方位置"
                .equals(d.findElement(By.cssSelector("#map-panel h3 span[data-i18n='mapTitle']"))
                        .getText()));
        for (String part : List.of("#detail-type", "#map-summary", "#replay-open", "#btn-ack")) {
            RenderedFonts.assertChineseDrawnInACjkFont(browser, part);
        }
        ui.screenshot("desk-basemap-zh");
        ui.click("lang-toggle");
    }

    @Test
    void theReplaySliderMovesBothMarkersThroughTheStoredFixes() throws Exception {
        String orderId = openBreachOnScreen("replay");
        String alertId = browser.findElement(By.id(itemId(orderId))).getAttribute("data-id");
        ui.click(itemId(orderId));
        wait.until(
                d -> !d.findElements(By.cssSelector("#map #marker-respondent")).isEmpty());
        ui.click("replay-open");
        wait.until(d -> d.findElement(By.id("replay-controls")).isDisplayed());
        wait.until(d -> alertId.equals(d.findElement(By.tagName("body")).getAttribute("data-replay-alert")));

        JsonObject track = new JsonObject(
                h.get("/api/alerts/" + alertId + "/track", deskToken("replay")).body());
        JsonArray respondentFixes = track.getJsonObject("respondent").getJsonArray("fixes");
        assertEquals(ConsoleScenario.WALK.size(), respondentFixes.size(), track.encode());
        List<Instant> times = new java.util.ArrayList<>();
        respondentFixes.forEach(f -> times.add(Instant.parse(((JsonObject) f).getString("ts"))));
        track.getJsonObject("protected")
                .getJsonArray("fixes")
                .forEach(f -> times.add(Instant.parse(((JsonObject) f).getString("ts"))));
        List<Instant> timeline = times.stream().distinct().sorted().toList();
        assertEquals(
                String.valueOf(timeline.size() - 1),
                browser.findElement(By.id("replay-slider")).getAttribute("max"));

        double[] previous = null;
        // Slider positions at respondent fixes far apart on the walk (its last ten fixes lie within 30 m, a few
        // pixels).
        int[] walkFixes = {respondentFixes.size() - 1, 6, 0};
        for (int walkFix : walkFixes) {
            int index = timeline.indexOf(
                    Instant.parse(respondentFixes.getJsonObject(walkFix).getString("ts")));
            slideTo(index);
            Instant at = timeline.get(index);
            Instant expected = respondentFixes.stream()
                    .map(f -> Instant.parse(((JsonObject) f).getString("ts")))
                    .filter(ts -> !ts.isAfter(at))
                    .max(Instant::compareTo)
                    .orElseThrow();
            assertEquals(
                    expected.toString(),
                    markerTs(),
                    "at slider position " + index + " the respondent is at its last fix by then");
            assertEquals(
                    "true",
                    js("return !!document.querySelector('#marker-protected');").toString(),
                    "the protected person's fix is older than the walk: shown throughout");
            double[] centre = centreOf("#marker-respondent");
            if (previous != null) {
                assertTrue(Math.abs(centre[1] - previous[1]) > 3, "the marker moved on the screen between positions");
            }
            previous = centre;
        }
        // The summary line tells the moment replayed, not the live one: 2 km north, 1.5 km outside the zone.
        String summary = browser.findElement(By.id("map-summary")).getText();
        assertTrue(summary.matches("(?s).*Respondent is 1[45]\\d\\d m outside “home”.*"), summary);
        ui.screenshot("desk-replay");

        ui.click("replay-play");
        int from = Integer.parseInt(browser.findElement(By.id("replay-slider")).getAttribute("value"));
        wait.until(d -> Integer.parseInt(d.findElement(By.id("replay-slider")).getAttribute("value")) > from + 1);
        ui.click("replay-play");
        assertEquals("false", browser.findElement(By.id("replay-play")).getAttribute("data-playing"));

        ui.click("replay-close");
        String latest =
                respondentFixes.getJsonObject(respondentFixes.size() - 1).getString("ts");
        wait.until(d -> latest.equals(markerTs()));
        assertTrue(
                h.count(
                                "SELECT count(*) FROM audit_log WHERE action = 'track.read' AND outcome = 'allowed' AND actor = 'desk-replay-"
                                        + h.suffix + "' AND resource = 'alert/" + alertId + "'")
                        >= 1,
                "the replay's read is audited");
    }

    @Test
    void aNewCriticalAlertSoundsTheAlarmUntilAcknowledgedAndMutingSilencesOnlyThoseSounding() throws Exception {
        String orderId = openBreachOnScreen("alarm");
        wait.until(d -> Boolean.TRUE.equals(js("const a = document.getElementById('alarm');"
                + " return !a.paused && a.currentTime > 0.2 && a.currentSrc.endsWith('/console/alarm.wav');")));
        assertEquals("(1) Stayaway duty desk", browser.getTitle(), "the tab counts the unacknowledged critical alert");
        assertTrue(browser.findElement(By.id("alarm-mute")).isDisplayed());
        ui.screenshot("desk-alarm-sounding");
        HttpResponse<String> sound = h.get("/console/alarm.wav", null);
        assertEquals(200, sound.statusCode());
        assertTrue(
                sound.headers().firstValue("Content-Type").orElse("").startsWith("audio/"),
                sound.headers().toString());

        // After a reload nobody has interacted with the page yet: the browser refuses the sound, and the console
        // says so until the officer clicks.
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.id("alarm-blocked")).isDisplayed());
        assertTrue((Boolean) js("return document.getElementById('alarm').paused;"));
        ui.screenshot("desk-alarm-blocked-after-reload");
        ui.click("alarm-blocked");
        wait.until(d -> Boolean.TRUE.equals(js("return !document.getElementById('alarm').paused;")));
        assertFalse(browser.findElement(By.id("alarm-blocked")).isDisplayed());

        wait.until(d -> !d.findElements(By.cssSelector("#queue li[data-type='BREACH'][data-order='" + orderId + "']"))
                .isEmpty());
        browser.findElement(By.cssSelector("#queue li[data-type='BREACH'][data-order='" + orderId + "']"))
                .click();
        ui.click("btn-ack");
        wait.until(d -> Boolean.TRUE.equals(js("return document.getElementById('alarm').paused;")));
        wait.until(d -> "Stayaway duty desk".equals(d.getTitle()));
        assertFalse(browser.findElement(By.id("alarm-mute")).isDisplayed());

        // A second breach sounds again; muting silences it, and the tab still counts it.
        String second = "ORD-MAP-alarm2-" + h.suffix;
        breach(second, "alarm2", "Huamu PSB alarm " + h.suffix, Instant.now().minusSeconds(240));
        wait.until(d -> !d.findElements(By.id(itemId(second))).isEmpty());
        wait.until(d -> Boolean.TRUE.equals(js("return !document.getElementById('alarm').paused;")));
        ui.click("alarm-mute");
        wait.until(d -> Boolean.TRUE.equals(js("return document.getElementById('alarm').paused;")));
        assertEquals("Alarm muted", browser.findElement(By.id("alarm-mute")).getText());
        assertEquals("(1) Stayaway duty desk", browser.getTitle());
    }

    // ---------- helpers ----------

    /** A desk of its own station signs in; then its order's respondent walks into the zone: returns the order id. */
    private String openBreachOnScreen(String tag) throws Exception {
        String desk = "desk-" + tag + "-" + h.suffix;
        String station = "Huamu PSB " + tag + " " + h.suffix;
        ConsoleScenario.createUser(h, desk, "desk", "station", station);
        ui.openConsole();
        ui.login(desk);
        wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-snapshot-at") != null);
        String orderId = "ORD-MAP-" + tag + "-" + h.suffix;
        breach(orderId, tag, station, Instant.now().minusSeconds(240));
        wait.until(d -> !d.findElements(By.id(itemId(orderId))).isEmpty());
        return orderId;
    }

    /** The order, the protected person's one fix 40 m north of home, then the respondent's walk into the zone. */
    private void breach(String orderId, String tag, String station, Instant start) throws Exception {
        String respondent = "resp-" + tag + "-" + h.suffix;
        String protectedPerson = "prot-" + tag + "-" + h.suffix;
        ConsoleScenario.createOrder(h, orderId, respondent, protectedPerson, station);
        MqttClient victim = h.device(protectedPerson);
        GatewayHarness.publish(
                victim,
                "wearables/" + protectedPerson + "/ping",
                GatewayHarness.ping(1, start.minusSeconds(10), 40, 6, 80));
        victim.disconnect();
        victim.close();
        ConsoleScenario.walkIntoTheZone(h, respondent, start);
        // Tag the order's BREACH item with an id the test can click by.
        wait.until(d -> Boolean.TRUE.equals(js(
                "const li = document.querySelector(\"#queue li[data-type='BREACH'][data-order='\" + arguments[0] + \"']\");"
                        + " if (li) { li.id = arguments[1]; } return !!li;",
                orderId,
                itemId(orderId))));
    }

    private static String itemId(String orderId) {
        return "item-" + orderId;
    }

    private String deskToken(String tag) throws Exception {
        return h.login("desk-" + tag + "-" + h.suffix, ConsoleScenario.PASSWORD);
    }

    private void slideTo(int index) {
        js(
                "const s = document.getElementById('replay-slider'); s.value = String(arguments[0]);"
                        + " s.dispatchEvent(new Event('input'));",
                index);
        wait.until(d ->
                String.valueOf(index).equals(d.findElement(By.tagName("body")).getAttribute("data-replay-index")));
    }

    /** The respondent marker's fix time, read in one script call (the map may redraw the marker at any moment). */
    private String markerTs() {
        return (String) js("const m = document.getElementById('marker-respondent'); return m ? m.dataset.ts : null;");
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private double[] centreOf(String selector) {
        @SuppressWarnings("unchecked")
        List<Number> c = (List<Number>) js(
                "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];",
                selector);
        return new double[] {c.get(0).doubleValue(), c.get(1).doubleValue()};
    }

    /** Where the shown tiles put the Web-Mercator world on the page: from one loaded tile's z/x/y and its place. */
    private record TileGrid(int zoom, double left, double top) {
        double[] pagePixel(double lat, double lon) {
            double size = TileServer.TILE_SIZE * Math.pow(2, zoom);
            double x = (lon + 180) / 360 * size;
            double sin = Math.sin(Math.toRadians(lat));
            double y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
            return new double[] {left + x, top + y};
        }
    }

    private TileGrid tileGrid() {
        @SuppressWarnings("unchecked")
        List<Object> tile = (List<Object>) js(
                "const t = document.querySelector('#map img.leaflet-tile-loaded'); const r = t.getBoundingClientRect();"
                        + " return [t.src, r.left, r.top, r.width];");
        Matcher m = TILE_SRC.matcher((String) tile.get(0));
        assertTrue(m.matches(), tile.toString());
        assertEquals(TileServer.TILE_SIZE, ((Number) tile.get(3)).doubleValue(), 0.01, "tiles drawn at their size");
        int z = Integer.parseInt(m.group(1));
        double left = ((Number) tile.get(1)).doubleValue() - TileServer.TILE_SIZE * Double.parseDouble(m.group(2));
        double top = ((Number) tile.get(2)).doubleValue() - TileServer.TILE_SIZE * Double.parseDouble(m.group(3));
        return new TileGrid(z, left, top);
    }

    /** The map's top-right corner, away from every zone and control, shows the tile server's background. */
    private void assertTileColourOutsideTheZones() throws IOException {
        @SuppressWarnings("unchecked")
        List<Number> r = (List<Number>)
                js("const r = document.getElementById('map').getBoundingClientRect(); return [r.right, r.top];");
        java.awt.image.BufferedImage shot =
                ImageIO.read(new ByteArrayInputStream(browser.getScreenshotAs(OutputType.BYTES)));
        int background = TileServer.BACKGROUND.getRGB() & 0xffffff;
        int found = 0;
        for (int dx = 20; dx < 80; dx += 3) {
            for (int dy = 20; dy < 60; dy += 3) {
                int rgb = shot.getRGB(r.get(0).intValue() - dx, r.get(1).intValue() + dy) & 0xffffff;
                found += rgb == background ? 1 : 0;
            }
        }
        assertTrue(found > 100, "the tiles' background colour is on the screen (" + found + " of 280 samples)");
    }
}
