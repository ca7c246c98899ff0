package io.stayaway.alerts.evidence.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.AlertLine;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.CheckInLine;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.FollowUpLine;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewalReviewTest {
    static RenewalReviewModel sample() {
        ComplianceModel life = ReportFixtures.compliance();
        return new RenewalReviewModel(
                life.orderId(),
                "北京市朝阳区人民法院",
                "朝阳区妇联 Chaoyang Women's Federation",
                life.periodStart(),
                Instant.parse("2026-04-14T16:00:00Z"),
                life.periodEnd(),
                life,
                List.of(
                        new AlertLine(
                                Instant.parse("2026-03-05T02:11:00Z"),
                                AlertType.BREACH,
                                Severity.CRITICAL,
                                AlertState.RESOLVED,
                                Outcome.CONFIRMED_BREACH,
                                Instant.parse("2026-03-05T02:19:00Z")),
                        new AlertLine(
                                Instant.parse("2026-03-20T11:00:00Z"),
                                AlertType.TAMPER,
                                Severity.CRITICAL,
                                AlertState.RESOLVED,
                                Outcome.TECHNICAL,
                                null),
                        new AlertLine(
                                Instant.parse("2026-03-31T15:00:00Z"),
                                AlertType.ORDER_EXPIRING,
                                Severity.INFO,
                                AlertState.OPEN,
                                null,
                                null)),
                List.of(
                        new CheckInLine(
                                Instant.parse("2026-03-06T02:11:00Z"),
                                Instant.parse("2026-03-06T02:11:04Z"),
                                "after_alert",
                                "replied_safe",
                                Instant.parse("2026-03-06T02:40:00Z"),
                                "1"),
                        new CheckInLine(
                                Instant.parse("2026-03-08T01:00:00Z"),
                                Instant.parse("2026-03-08T01:00:02Z"),
                                "scheduled",
                                "no_reply",
                                null,
                                null),
                        new CheckInLine(
                                Instant.parse("2026-03-15T01:00:00Z"),
                                Instant.parse("2026-03-15T01:00:03Z"),
                                "scheduled",
                                "replied_help",
                                Instant.parse("2026-03-15T01:05:00Z"),
                                "2")),
                List.of(new FollowUpLine(
                        Instant.parse("2026-03-16T06:30:00Z"),
                        "visit",
                        "reached_concerns",
                        "Home visit after her reply of 2; <she> asked for the locks to be changed & a new number.",
                        "cw.li",
                        "朝阳区妇联")));
    }

    @Test
    void renderingTwiceGivesIdenticalText() {
        for (ReportLanguage lang : ReportLanguage.values()) {
            assertEquals(RenewalReview.render(sample(), lang), RenewalReview.render(sample(), lang));
        }
    }

    @Test
    void theEnglishReviewHoldsEverySectionTheCourtReads() throws Exception {
        String html = RenewalReview.render(sample(), ReportLanguage.EN);
        Xhtml.parse(html);
        assertAll(
                () -> assertTrue(html.contains("Protection order renewal review")),
                () -> assertTrue(html.contains(">At a glance<")),
                () -> assertTrue(html.contains(">Monitoring coverage<")),
                () -> assertTrue(html.contains(">Every alert<")),
                () -> assertTrue(html.contains(">Safety check-ins with the protected person<")),
                () -> assertTrue(html.contains(">Follow-up contacts<")),
                () -> assertTrue(html.contains(">Recommendation<")),
                () -> assertTrue(html.contains(">Replied: needs help<")),
                () -> assertTrue(html.contains(">Reached, with concerns<")),
                () -> assertTrue(html.contains(">Confirmed breach<")),
                // 2 critical alerts, 1 confirmed; 3 check-ins sent, 1 safe, 1 help, 1 unanswered; the last contact.
                () -> assertTrue(html.contains("<td>3 (answered safe 1, asked for help 1, unanswered 1)</td>")),
                () -> assertTrue(html.contains("<th scope=\"row\">Critical alerts</th><td>2</td>")),
                () -> assertTrue(html.contains("<th scope=\"row\">Confirmed breaches</th><td>1</td>")),
                () -> assertTrue(html.contains("2026-03-16 14:30:00 +08:00")),
                // 14 days 0 h left at preparation (2026-03-31T16:00Z to 2026-04-14T16:00Z)
                () -> assertTrue(html.contains("14 d 00 h 00 min 00 s")));
    }

    @Test
    void theChineseReviewIsInChinese() throws Exception {
        String html = RenewalReview.render(sample(), ReportLanguage.ZH);
        Xhtml.parse(html);
        assertAll(
                () -> assertTrue(html.contains("人身安全保护令续期审查")),
                () -> assertTrue(html.contains(">与受保护人的安全回访<")),
                () -> assertTrue(html.contains(">跟进回访记录<")),
                () -> assertTrue(html.contains(">回复需要帮助<")),
                () -> assertTrue(html.contains(">严重警报后回访<")),
                () -> assertTrue(html.contains(">上门走访<")),
                () -> assertTrue(html.contains(">保护令即将到期<")));
    }

    @Test
    void aCaseworkersNoteIsEscapedNotMarkup() throws Exception {
        String html = RenewalReview.render(sample(), ReportLanguage.EN);
        Xhtml.parse(html);
        assertTrue(html.contains("&lt;she&gt; asked for the locks to be changed &amp; a new number."));
        assertFalse(html.contains("<she>"));
    }

    @Test
    void theReviewShowsNoPositions() {
        String html = RenewalReview.render(sample(), ReportLanguage.EN);
        String json = sample().toJson().encode();
        for (String text : new String[] {html, json}) {
            assertFalse(text.contains(String.valueOf(ReportFixtures.HOME_LAT).substring(0, 5)), "a latitude");
            assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("\"lat\""), "a lat field");
            assertFalse(text.contains("<svg"), "a map");
        }
    }

    @Test
    void anOrderWithNoCheckInsOrContactsSaysSo() {
        RenewalReviewModel s = sample();
        RenewalReviewModel bare = new RenewalReviewModel(
                s.orderId(),
                s.court(),
                null,
                s.validFrom(),
                s.validUntil(),
                s.preparedAt(),
                s.compliance(),
                List.of(),
                List.of(),
                List.of());
        String html = RenewalReview.render(bare, ReportLanguage.EN);
        assertTrue(html.contains("<td>not assigned</td>"));
        assertTrue(html.contains("<section id=\"check-ins\"><h2>Safety check-ins with the protected person</h2>"));
        // The alert list, the check-ins, the follow-ups and the last contact (the compliance sections all hold data).
        assertEquals(4, html.split("None recorded\\.", -1).length - 1);
        assertTrue(html.contains("<th scope=\"row\">Last follow-up contact</th><td>None recorded.</td>"));
    }

    @Test
    void theJsonFormCarriesEveryLine() {
        JsonObject json = sample().toJson();
        assertEquals(3, json.getJsonArray("alerts").size());
        assertEquals(
                "CONFIRMED_BREACH", json.getJsonArray("alerts").getJsonObject(0).getString("outcome"));
        assertEquals(
                "replied_help", json.getJsonArray("checkIns").getJsonObject(2).getString("state"));
        assertEquals("2", json.getJsonArray("checkIns").getJsonObject(2).getString("reply"));
        assertEquals("visit", json.getJsonArray("followUps").getJsonObject(0).getString("kind"));
        assertEquals(sample().compliance().toJson(), json.getJsonObject("compliance"));
    }

    @Test
    void theStyleSourceAdmitsExactlyTheStyleElementOfTheRenderedPage() throws Exception {
        String html = RenewalReview.render(sample(), ReportLanguage.ZH);
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        byte[] digest =
                java.security.MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8));
        assertEquals("'sha256-" + java.util.Base64.getEncoder().encodeToString(digest) + "'", ReportPage.styleSource());
        assertEquals(html.indexOf("<style>"), html.lastIndexOf("<style>"), "one style element");
    }

    @Test
    void writesSamplesForVisualCheck() throws Exception {
        Path dir = Path.of("target", "report-samples");
        Files.createDirectories(dir);
        for (ReportLanguage lang : ReportLanguage.values()) {
            Path file = dir.resolve("renewal-review-" + lang.name().toLowerCase(java.util.Locale.ROOT) + ".html");
            Files.writeString(file, RenewalReview.render(sample(), lang), StandardCharsets.UTF_8);
            assertTrue(Files.size(file) > 5_000);
        }
    }
}
