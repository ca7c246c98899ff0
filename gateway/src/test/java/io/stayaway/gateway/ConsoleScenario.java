package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the console tests do again and again: users and orders made through the API, a respondent walking
 * into the home zone, and an officer's sign-in, clicks and screenshots in the browser. One per browser;
 * test-thread only.
 */
final class ConsoleScenario {
    static final String PASSWORD = "console-test-password";
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final GatewayHarness h;
    private final ChromeDriver browser;
    private final WebDriverWait wait;

    ConsoleScenario(GatewayHarness h, ChromeDriver browser) throws IOException {
        this.h = h;
        this.browser = browser;
        this.wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    /** Opens the console with nothing remembered from an earlier test: only the sign-in form shows. */
    void openConsole() {
        browser.get("http://127.0.0.1:" + h.gateway.httpPort() + "/console/");
        ((JavascriptExecutor) browser).executeScript("localStorage.clear(); sessionStorage.clear();");
        browser.navigate().refresh();
        wait.until(d -> d.findElement(By.id("login-form")).isDisplayed());
        assertFalse(
                browser.findElement(By.id("app-view")).isDisplayed(), "nothing but the sign-in form before logging in");
    }

    void login(String username) {
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        click("login-submit");
        wait.until(d -> d.findElement(By.id("app-view")).isDisplayed());
    }

    /** Clicks the element once it is shown and enabled, as an officer would. */
    void click(String id) {
        wait.until(d -> {
                    WebElement e = d.findElement(By.id(id));
                    return e.isDisplayed() && e.isEnabled() ? e : null;
                })
                .click();
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A user with the console tests' password ({@link GatewayHarness#createUser}). */
    static void createUser(GatewayHarness h, String username, String role, String scopeField, String scope)
            throws Exception {
        h.createUser(username, PASSWORD, role, scopeField, scope);
    }

    /** The sample order (a 500 m home zone with its band), handled by the given station's desk. */
    static void createOrder(
            GatewayHarness h,
            String orderId,
            String respondent,
            String protectedPerson,
            String station,
            JsonObject... extraZones)
            throws Exception {
        JsonObject order = GatewayHarness.sampleOrder(orderId, respondent, protectedPerson);
        order.getJsonObject("dutyDesk").put("station", station);
        for (JsonObject zone : extraZones) {
            order.getJsonArray("zones").add(zone);
        }
        HttpResponse<String> r = h.post("/api/orders", order.encode());
        assertEquals(201, r.statusCode(), r.body());
    }

    static JsonObject alert(GatewayHarness h, String id) throws Exception {
        HttpResponse<String> r = h.get("/api/alerts/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    /** The respondent's walk: metres north of home, one fix every 10 s, from 2 km out to 150 m inside the 500 m zone. */
    static final List<Double> WALK = List.of(
            2000.0, 1600.0, 1200.0, 900.0, 700.0, 520.0, 400.0, 300.0, 250.0, 200.0, 180.0, 160.0, 150.0, 150.0, 150.0,
            160.0, 150.0, 155.0, 150.0, 150.0);

    /** The respondent walks {@link #WALK} from {@code start}, with 8 m accuracy. */
    static void walkIntoTheZone(GatewayHarness h, String respondent, Instant start) throws Exception {
        MqttClient device = h.device(respondent);
        for (int i = 0; i < WALK.size(); i++) {
            GatewayHarness.publish(
                    device,
                    "wearables/" + respondent + "/ping",
                    GatewayHarness.ping(i + 1, start.plusSeconds(10L * i), WALK.get(i), 8.0, 80));
        }
        device.disconnect();
        device.close();
    }
}
