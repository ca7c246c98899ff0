package io.stayaway.alerts.evidence.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplianceReportTest {
    private static final ComplianceModel MODEL = ReportFixtures.compliance();

    @Test
    void renderingTwiceGivesIdenticalText() {
        for (ReportLanguage lang : ReportLanguage.values()) {
            assertEquals(
                    ComplianceReport.render(ReportFixtures.compliance(), lang),
                    ComplianceReport.render(ReportFixtures.compliance(), lang));
        }
        assertEquals(
                MODEL.toJson().encode(), ReportFixtures.compliance().toJson().encode());
    }

    @Test
    void englishReportHasEnglishHeadings() throws Exception {
        String html = ComplianceReport.render(MODEL, ReportLanguage.EN);
        Xhtml.parse(html);
        assertAll(
                () -> assertTrue(html.contains("Protection order compliance report")),
                () -> assertTrue(html.contains(">Monitoring coverage<")),
                () -> assertTrue(html.contains(">Alerts and outcomes<")),
                () -> assertTrue(html.contains(">Tamper and battery incidents<")),
                () -> assertTrue(html.contains(">Notification delivery<")));
    }

    @Test
    void chineseReportHasChineseHeadings() throws Exception {
        String html = ComplianceReport.render(MODEL, ReportLanguage.ZH);
        Xhtml.parse(html);
        assertAll(
                () -> assertTrue(html.contains("人身安全保护令执行情况报告")),
                () -> assertTrue(html.contains(">监控覆盖率<")),
                () -> assertTrue(html.contains(">警报及处置结果<")),
                () -> assertTrue(html.contains(">破坏与电量事件<")),
                () -> assertTrue(html.contains(">通知送达情况<")),
                () -> assertTrue(html.contains(">被申请人<")),
                () -> assertTrue(html.contains(">受保护人<")));
    }

    @Test
    void coverageIsTheShareOfThePeriodWithAFreshFix() {
        String html = ComplianceReport.render(MODEL, ReportLanguage.EN);
        // 30 days minus 7 h 12 min = 99.00 % of 30 days
        assertTrue(html.contains(">99.00 %<"), "respondent coverage");
        assertEquals(99.0, ComplianceModel.coveragePercent(MODEL.devices().get(0), MODEL.period()), 1e-9);
    }

    @Test
    void deliveryTotalsAddUpTheRows() {
        String html = ComplianceReport.render(MODEL, ReportLanguage.EN);
        assertTrue(
                html.contains(
                        "<td class=\"num\">29</td><td class=\"num\">27</td><td class=\"num\">2</td><td class=\"num\">93.1 %</td>"
                                + "<td class=\"num\">2</td>"),
                html);
    }

    @Test
    void warningTextsTheBudgetWithheldAreCountedApartFromTheSent() {
        String zh = ComplianceReport.render(MODEL, ReportLanguage.ZH);
        assertTrue(zh.contains(">未发送（预警短信限额）</th>"), zh);
        assertTrue(
                zh.contains("<td class=\"num\">11</td><td class=\"num\">10</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">90.9 %</td><td class=\"num\">2</td>"),
                "the protected person's SMS row: 11 sent, 2 withheld");
        assertEquals(
                2, MODEL.toJson().getJsonArray("notifications").getJsonObject(1).getInteger("withheld"));
    }

    @Test
    void maliciousDeviceIdAndNoteAreEscaped() throws Exception {
        String evil = "<script>alert(1)</script>";
        ComplianceModel bad = new ComplianceModel(
                evil,
                MODEL.periodStart(),
                MODEL.periodEnd(),
                MODEL.displayZone(),
                List.of(new ComplianceModel.DeviceCoverage(
                        evil, Party.RESPONDENT, Duration.ofDays(1), Duration.ofMinutes(3), List.of())),
                List.of(),
                List.of(new ComplianceModel.DeviceIncident(
                        MODEL.periodStart(), evil, ComplianceModel.IncidentKind.TAMPER, evil)),
                List.of());
        String html = ComplianceReport.render(bad, ReportLanguage.EN);
        assertFalse(html.contains("<script"));
        Xhtml.parse(html);
    }

    @Test
    void jsonCarriesTheSameFactsInAFixedOrder() {
        JsonObject json = MODEL.toJson();
        assertEquals(
                List.of(
                        "orderId",
                        "periodStart",
                        "periodEnd",
                        "timeZone",
                        "devices",
                        "alerts",
                        "incidents",
                        "notifications"),
                List.copyOf(json.fieldNames()));
        assertEquals("2026-03-01T16:00:00Z", json.getString("periodStart"));
        JsonObject respondent = json.getJsonArray("devices").getJsonObject(0);
        assertEquals(99.0, respondent.getDouble("coveragePercent"));
        assertEquals(2, respondent.getJsonArray("gaps").size());
        assertEquals(16200L, respondent.getJsonArray("gaps").getJsonObject(0).getLong("seconds"));
        assertEquals("BREACH", json.getJsonArray("alerts").getJsonObject(1).getString("type"));
        assertEquals(1, json.getJsonArray("alerts").getJsonObject(1).getInteger("confirmedBreach"));
        assertEquals("TAMPER", json.getJsonArray("incidents").getJsonObject(1).getString("kind"));
        assertEquals(1, json.getJsonArray("notifications").getJsonObject(2).getInteger("failed"));
    }

    @Test
    void emptyModelRenders() throws Exception {
        ComplianceModel empty = new ComplianceModel(
                "order-1",
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z"),
                ReportFixtures.BEIJING,
                List.of(),
                List.of(),
                List.of(),
                List.of());
        Xhtml.parse(ComplianceReport.render(empty, ReportLanguage.ZH));
        assertEquals("[]", empty.toJson().getJsonArray("devices").encode());
    }

    @Test
    void alertOutcomesMustAddUpToTheAlertsRaised() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ComplianceModel.AlertTally(AlertType.BREACH, 3, 1, 1, 0, 0, 0));
    }
}
