package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal review in the console (issue 19), in a real headless Chromium against a real gateway: a court
 * clerk finds an order two weeks from its end, sees its ORDER_EXPIRING alert, opens the review with a reason,
 * and reads it in a new tab in English and in Chinese. Screenshots go to {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleReviewIT {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleReviewIT.class);
    private static final String COURT = "Pudong District People's Court";

    private GatewayHarness h;
    private ChromeDriver browser;

    @BeforeAll
    void start() throws IOException {
        HeadlessChromium.requireInstalled();
        Files.createDirectories(ConsoleScenario.SCREENSHOTS);
        h = new GatewayHarness();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aCourtClerkOpensTheRenewalReviewOfAnOrderEndingInTwoWeeksInBothLanguages() throws Exception {
        String clerk = "clerk-rv-" + h.suffix;
        ConsoleScenario.createUser(h, clerk, "court", "court", COURT);
        String orderId = "ORD-REVIEW-" + h.suffix;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonObject order = GatewayHarness.sampleOrder(orderId, "resp-rv-" + h.suffix, "prot-rv-" + h.suffix)
                .put("validFrom", now.minus(Duration.ofDays(168)).toString())
                .put("validUntil", now.plus(Duration.ofDays(13)).toString());
        assertEquals(201, h.post("/api/orders", order.encode()).statusCode());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> new JsonObject(h.get("/api/alerts?orderId=" + orderId + "&type=ORDER_EXPIRING")
                                        .body())
                                .getJsonArray("alerts")
                                .size()
                        == 1);

        browser = HeadlessChromium.preferring("en-GB");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        ConsoleScenario ui = new ConsoleScenario(h, browser);
        ui.openConsole();
        ui.login(clerk);
        wait.until(d -> d.findElement(By.id("court-panel")).isDisplayed());
        browser.findElement(By.id("order-id")).sendKeys(orderId);
        ui.click("order-search");
        wait.until(d -> d.findElements(By.cssSelector("#court-alerts tr.court-alert")).stream()
                .anyMatch(r -> r.getText().contains("Order expiring")));
        ui.screenshot("court-order-renewal-review-button");

        String console = browser.getWindowHandle();
        openReview(ui, wait, console, "Renewal hearing 2027-01-15", "Protection order renewal review");
        ui.screenshot("renewal-review-en");
        browser.close();
        browser.switchTo().window(console);

        ui.click("lang-toggle");
        wait.until(d -> d.findElement(By.id("btn-review")).getText().equals("续期审查"));
        openReview(ui, wait, console, "续期听证 2027-01-15", "人身安全保护令续期审查");
        for (String part : List.of("h1", "h2")) {
            LOG.info(
                    "renewal review: zh {} drawn with {}",
                    part,
                    RenderedFonts.assertChineseDrawnInACjkFont(browser, part));
        }
        ui.screenshot("renewal-review-zh");
        assertEquals(
                2,
                h.count("SELECT count(*) FROM audit_log WHERE action = 'renewal_review.view' AND actor = '" + clerk
                        + "' AND outcome = 'allowed'"),
                "each opening is audited with its reason");
        assertEquals(
                1,
                h.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'renewal_review.view' AND reason = '续期听证 2027-01-15'"));
    }

    @Test
    void aCaseworkerOpensTheReviewOfAnOrderOfTheirOrganisationWithItsFollowUpContact() throws Exception {
        String caseworker = "cw-rv-" + h.suffix;
        String organisation = "Pudong Women's Federation " + h.suffix;
        ConsoleScenario.createUser(h, caseworker, "caseworker", "organisation", organisation);
        String orderId = "ORD-CW-REVIEW-" + h.suffix;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonObject order = GatewayHarness.sampleOrder(orderId, "resp-cwr-" + h.suffix, "prot-cwr-" + h.suffix)
                .put("validFrom", now.minus(Duration.ofDays(170)).toString())
                .put("validUntil", now.plus(Duration.ofDays(11)).toString())
                .put("organisation", organisation);
        assertEquals(201, h.post("/api/orders", order.encode()).statusCode());
        String token = h.login(caseworker, ConsoleScenario.PASSWORD);
        assertEquals(
                201,
                h.post(
                                "/api/orders/" + orderId + "/follow-ups",
                                new JsonObject()
                                        .put("kind", "call")
                                        .put("at", now.minus(Duration.ofDays(2)).toString())
                                        .put("outcome", "reached_concerns")
                                        .put("note", "她希望续期；担心前夫出狱后再次骚扰。 Wants the order renewed.")
                                        .encode(),
                                token)
                        .statusCode());

        browser = HeadlessChromium.preferring("zh-CN");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        ConsoleScenario ui = new ConsoleScenario(h, browser);
        ui.openConsole();
        ui.login(caseworker);
        wait.until(d -> d.findElement(By.id("cw-order")).isDisplayed()
                && d.findElements(By.cssSelector("#cw-followups tr.cw-followup"))
                                .size()
                        == 1);
        browser.findElement(By.id("cw-report-reason")).sendKeys("续期审查");
        String console = browser.getWindowHandle();
        ui.click("cw-review");
        String tab = wait.until(d -> d.getWindowHandles().stream()
                .filter(w -> !w.equals(console))
                .findFirst()
                .orElse(null));
        browser.switchTo().window(tab);
        wait.until(d -> d.findElements(By.tagName("h1")).stream()
                .anyMatch(e -> e.getText().equals("人身安全保护令续期审查")));
        String page = browser.getPageSource();
        assertTrue(page.contains("电话回访") && page.contains("已联系，有担忧") && page.contains(organisation), page);
        ((JavascriptExecutor) browser)
                .executeScript("document.getElementById('follow-ups').scrollIntoView({block: 'start'})");
        ui.screenshot("renewal-review-caseworker-zh");
        browser.close();
        browser.switchTo().window(console);
        wait.until(d -> d.findElement(By.id("cw-report-status")).getText().equals("审查已在新标签页打开。"));
    }

    /** Clicks Renewal review, gives the reason, and switches to the tab the review opens in once its title shows. */
    private void openReview(ConsoleScenario ui, WebDriverWait wait, String console, String reason, String title)
            throws IOException {
        ui.click("btn-review");
        wait.until(d -> d.findElement(By.id("review-dialog")).isDisplayed());
        browser.findElement(By.id("review-reason")).sendKeys(reason);
        ui.click("review-confirm");
        String tab = wait.until(d -> {
            Set<String> handles = d.getWindowHandles();
            return handles.stream().filter(w -> !w.equals(console)).findFirst().orElse(null);
        });
        browser.switchTo().window(tab);
        wait.until(d -> d.findElements(By.tagName("h1")).stream()
                .anyMatch(e -> e.getText().equals(title)));
        assertTrue(browser.getPageSource().contains("id=\"decision\""), "the recommendation box is on the page");
        // The page's own style applies under the console's policy (its hash is admitted), so it prints as designed.
        assertEquals(
                "solid",
                ((JavascriptExecutor) browser)
                        .executeScript("return getComputedStyle(document.querySelector('h1')).borderBottomStyle"));
    }
}
