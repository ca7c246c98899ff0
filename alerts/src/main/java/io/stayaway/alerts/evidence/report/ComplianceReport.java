package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.stayaway.alerts.evidence.report.ComplianceModel.AlertTally;
import io.stayaway.alerts.evidence.report.ComplianceModel.DeviceCoverage;
import io.stayaway.alerts.evidence.report.ComplianceModel.DeviceIncident;
import io.stayaway.alerts.evidence.report.ComplianceModel.NotificationTally;
import java.time.ZoneId;

/**
 * Renders an order's compliance report as one standalone HTML document: monitoring coverage and gaps per
 * device, alerts and their outcomes, tamper and battery incidents, notification delivery. Deterministic
 * and thread-safe. The JSON form of the same report is {@link ComplianceModel#toJson()}.
 */
public final class ComplianceReport {
    private ComplianceReport() {}

    public static String render(ComplianceModel m, ReportLanguage lang) {
        Markup out = new Markup();
        ZoneId zone = m.displayZone();
        ReportPage.open(out, lang, Term.COMPLIANCE_TITLE.in(lang) + " — " + m.orderId());
        out.raw("<header>").element("h1", "", Term.COMPLIANCE_TITLE.in(lang)).raw("</header>\n");
        out.raw("<section id=\"facts\">\n");
        ReportPage.facts(out, new String[][] {
            {Term.ORDER_ID.in(lang), m.orderId(), "class=\"mono\""},
            {
                Term.PERIOD.in(lang),
                Fmt.local(m.periodStart(), zone) + " — " + Fmt.local(m.periodEnd(), zone) + " ("
                        + Fmt.duration(m.period(), lang) + ")"
            },
            {"UTC", Fmt.utc(m.periodStart()) + " — " + Fmt.utc(m.periodEnd())},
            {Term.TIME_ZONE.in(lang), zone.getId()}
        });
        out.raw("</section>\n");

        coverage(out, m, lang);
        alerts(out, m, lang);
        incidents(out, m, lang);
        delivery(out, m, lang);
        ReportPage.close(out);
        return out.toString();
    }

    static void coverage(Markup out, ComplianceModel m, ReportLanguage lang) {
        if (!ReportPage.section(
                out, "coverage", Term.COVERAGE.in(lang), m.devices().isEmpty(), lang)) {
            return;
        }
        ReportPage.tableHead(
                out,
                "coverage",
                Term.DEVICE.in(lang),
                Term.PARTY.in(lang),
                "#" + Term.COVERAGE.in(lang),
                "#" + Term.FRESH_TIME.in(lang),
                "#" + Term.FRESH_LIMIT.in(lang),
                "#" + Term.GAPS.in(lang));
        for (DeviceCoverage d : m.devices()) {
            out.raw("<tr>")
                    .element("td", "class=\"mono\"", d.deviceId())
                    .element("td", "", Term.party(d.party(), lang))
                    .element("td", "class=\"num\"", Fmt.num(ComplianceModel.coveragePercent(d, m.period()), 2) + " %")
                    .element("td", "class=\"num\"", Fmt.duration(d.freshFixTime(), lang))
                    .element("td", "class=\"num\"", Fmt.duration(d.freshnessLimit(), lang))
                    .element("td", "class=\"num\"", Integer.toString(d.gaps().size()))
                    .raw("</tr>\n");
        }
        ReportPage.tableEnd(out);
        out.element("p", "class=\"note\"", Term.COVERAGE_NOTE.in(lang)).raw("\n");
        for (DeviceCoverage d : m.devices()) {
            if (d.gaps().isEmpty()) {
                continue;
            }
            out.raw("<p class=\"device\"><strong>")
                    .text(Term.GAPS.in(lang) + " ")
                    .raw("</strong><span class=\"mono\">")
                    .text(d.deviceId())
                    .raw("</span> — ")
                    .text(Term.party(d.party(), lang))
                    .raw("</p>\n");
            ReportPage.tableHead(out, "gaps", Term.FROM.in(lang), Term.TO.in(lang), "#" + Term.DURATION.in(lang));
            for (TimeSpan g : d.gaps()) {
                out.raw("<tr>");
                EvidenceReport.timeCell(out, g.from(), m.displayZone());
                EvidenceReport.timeCell(out, g.to(), m.displayZone());
                out.element("td", "class=\"num\"", Fmt.duration(g.length(), lang))
                        .raw("</tr>\n");
            }
            ReportPage.tableEnd(out);
        }
        out.raw("</section>\n");
    }

    static void alerts(Markup out, ComplianceModel m, ReportLanguage lang) {
        if (!ReportPage.section(out, "alerts", Term.ALERTS.in(lang), m.alerts().isEmpty(), lang)) {
            return;
        }
        ReportPage.tableHead(
                out,
                "alerts",
                Term.ALERT_TYPE.in(lang),
                "#" + Term.RAISED.in(lang),
                "#" + Term.outcome(Outcome.CONFIRMED_BREACH, lang),
                "#" + Term.outcome(Outcome.FALSE_ALARM, lang),
                "#" + Term.outcome(Outcome.TECHNICAL, lang),
                "#" + Term.outcome(Outcome.PERMITTED, lang),
                "#" + Term.UNRESOLVED.in(lang));
        int[] total = new int[6];
        for (AlertTally a : m.alerts()) {
            int[] row = {a.raised(), a.confirmedBreach(), a.falseAlarm(), a.technical(), a.permitted(), a.unresolved()};
            out.raw("<tr>").element("td", "", Term.alertType(a.type(), lang));
            for (int i = 0; i < row.length; i++) {
                total[i] += row[i];
                out.element("td", "class=\"num\"", Integer.toString(row[i]));
            }
            out.raw("</tr>\n");
        }
        out.raw("<tr class=\"total\">").element("th", "scope=\"row\"", Term.TOTAL.in(lang));
        for (int t : total) {
            out.element("td", "class=\"num\"", Integer.toString(t));
        }
        out.raw("</tr>\n");
        ReportPage.tableEnd(out);
        out.raw("</section>\n");
    }

    private static String incidentKind(ComplianceModel.IncidentKind k, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (k) {
            case TAMPER -> zh ? "设备被破坏" : "Tamper";
            case LOW_BATTERY -> zh ? "电量低" : "Low battery";
            case BATTERY_EMPTY -> zh ? "电量耗尽" : "Battery empty";
        };
    }

    static void incidents(Markup out, ComplianceModel m, ReportLanguage lang) {
        if (!ReportPage.section(
                out, "incidents", Term.INCIDENTS.in(lang), m.incidents().isEmpty(), lang)) {
            return;
        }
        ReportPage.tableHead(
                out, "incidents", Term.TIME.in(lang), Term.DEVICE.in(lang), Term.KIND.in(lang), Term.NOTE.in(lang));
        for (DeviceIncident i : m.incidents()) {
            out.raw("<tr>");
            EvidenceReport.timeCell(out, i.time(), m.displayZone());
            out.element("td", "class=\"mono\"", i.deviceId())
                    .element("td", "", incidentKind(i.kind(), lang))
                    .element("td", "", i.note())
                    .raw("</tr>\n");
        }
        ReportPage.tableEnd(out);
        out.raw("</section>\n");
    }

    static void delivery(Markup out, ComplianceModel m, ReportLanguage lang) {
        if (!ReportPage.section(
                out, "delivery", Term.DELIVERY.in(lang), m.notifications().isEmpty(), lang)) {
            return;
        }
        ReportPage.tableHead(
                out,
                "delivery",
                Term.CHANNEL.in(lang),
                Term.RECIPIENT.in(lang),
                "#" + Term.SENT.in(lang),
                "#" + Term.DELIVERED.in(lang),
                "#" + Term.FAILED.in(lang),
                "#" + Term.DELIVERY_RATE.in(lang),
                "#" + Term.WITHHELD.in(lang));
        int sent = 0;
        int delivered = 0;
        int failed = 0;
        int withheld = 0;
        for (NotificationTally n : m.notifications()) {
            sent += n.sent();
            delivered += n.delivered();
            failed += n.failed();
            withheld += n.withheld();
            out.raw("<tr>")
                    .element("td", "", Term.channel(n.channel(), lang))
                    .element("td", "", Term.role(n.recipientRole(), lang));
            deliveryCounts(out, n.sent(), n.delivered(), n.failed(), n.withheld());
            out.raw("</tr>\n");
        }
        out.raw("<tr class=\"total\">").element("th", "scope=\"row\" colspan=\"2\"", Term.TOTAL.in(lang));
        deliveryCounts(out, sent, delivered, failed, withheld);
        out.raw("</tr>\n");
        ReportPage.tableEnd(out);
        out.raw("</section>\n");
    }

    private static void deliveryCounts(Markup out, int sent, int delivered, int failed, int withheld) {
        out.element("td", "class=\"num\"", Integer.toString(sent))
                .element("td", "class=\"num\"", Integer.toString(delivered))
                .element("td", "class=\"num\"", Integer.toString(failed))
                .element("td", "class=\"num\"", sent == 0 ? "—" : Fmt.num(100.0 * delivered / sent, 1) + " %")
                .element("td", "class=\"num\"", Integer.toString(withheld));
    }
}
