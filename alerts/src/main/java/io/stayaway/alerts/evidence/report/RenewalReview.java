package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.AlertLine;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.CheckInLine;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.FollowUpLine;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Renders the renewal review as one standalone printable HTML page: the order's facts and how long it has
 * left, a summary for the decision, the compliance report's sections over the order's life, every alert, the
 * check-ins and the follow-up contacts, and a box for the reviewer's recommendation. Deterministic and
 * thread-safe.
 */
public final class RenewalReview {
    private RenewalReview() {}

    public static String render(RenewalReviewModel m, ReportLanguage lang) {
        Markup out = new Markup();
        ZoneId zone = m.compliance().displayZone();
        ReportPage.open(out, lang, ReviewTerm.TITLE.in(lang) + " — " + m.orderId());
        out.raw("<header>").element("h1", "", ReviewTerm.TITLE.in(lang)).raw("</header>\n");
        out.raw("<section id=\"facts\">\n");
        Duration left = Duration.between(m.preparedAt(), m.validUntil());
        ReportPage.facts(out, new String[][] {
            {Term.ORDER_ID.in(lang), m.orderId(), "class=\"mono\""},
            {ReviewTerm.COURT.in(lang), m.court() == null ? "—" : m.court()},
            {
                ReviewTerm.ORGANISATION.in(lang),
                m.organisation() == null ? ReviewTerm.NOT_ASSIGNED.in(lang) : m.organisation()
            },
            {ReviewTerm.VALIDITY.in(lang), Fmt.local(m.validFrom(), zone) + " — " + Fmt.local(m.validUntil(), zone)},
            {
                ReviewTerm.ENDS_IN.in(lang),
                left.isNegative() || left.isZero() ? ReviewTerm.ENDED.in(lang) : Fmt.duration(left, lang)
            },
            {ReviewTerm.PREPARED.in(lang), Fmt.both(m.preparedAt(), zone)},
            {Term.TIME_ZONE.in(lang), zone.getId()}
        });
        out.raw("</section>\n");
        glance(out, m, lang, zone);
        out.element("p", "class=\"note\"", ReviewTerm.LIFE_NOTE.in(lang)).raw("\n");
        ComplianceReport.coverage(out, m.compliance(), lang);
        ComplianceReport.alerts(out, m.compliance(), lang);
        alertList(out, m, lang, zone);
        checkIns(out, m, lang, zone);
        followUps(out, m, lang, zone);
        ComplianceReport.incidents(out, m.compliance(), lang);
        ComplianceReport.delivery(out, m.compliance(), lang);
        decision(out, lang);
        out.raw("<footer>").text(ReviewTerm.FOOTER.in(lang)).raw("</footer>\n");
        ReportPage.close(out);
        return out.toString();
    }

    /** The figures a reviewer looks at first. */
    private static void glance(Markup out, RenewalReviewModel m, ReportLanguage lang, ZoneId zone) {
        long critical = m.alerts().stream()
                .filter(a -> a.severity() == Severity.CRITICAL)
                .count();
        long confirmed = m.alerts().stream()
                .filter(a -> a.outcome() == Outcome.CONFIRMED_BREACH)
                .count();
        long sent = m.checkIns().stream().filter(c -> c.sentAt() != null).count();
        long safe = m.checkIns().stream()
                .filter(c -> c.state().equals("replied_safe"))
                .count();
        long help = m.checkIns().stream()
                .filter(c -> c.state().equals("replied_help"))
                .count();
        long unanswered = m.checkIns().stream()
                .filter(c -> c.state().equals("missed") || c.state().equals("no_reply"))
                .count();
        String lastContact = m.followUps().isEmpty()
                ? Term.NONE.in(lang)
                : Fmt.local(m.followUps().get(m.followUps().size() - 1).at(), zone);
        out.raw("<section id=\"glance\">")
                .element("h2", "", ReviewTerm.AT_A_GLANCE.in(lang))
                .raw("\n");
        ReportPage.facts(out, new String[][] {
            {ReviewTerm.CRITICAL_ALERTS.in(lang), Long.toString(critical)},
            {ReviewTerm.CONFIRMED_BREACHES.in(lang), Long.toString(confirmed)},
            {ReviewTerm.CHECK_INS_SENT.in(lang), checkInCounts(lang, sent, safe, help, unanswered)},
            {ReviewTerm.FOLLOW_UPS.in(lang), Integer.toString(m.followUps().size())},
            {ReviewTerm.LAST_CONTACT.in(lang), lastContact}
        });
        out.raw("</section>\n");
    }

    /** "3 (answered safe 1, asked for help 1, unanswered 1)", in Chinese with Chinese punctuation. */
    private static String checkInCounts(ReportLanguage lang, long sent, long safe, long help, long unanswered) {
        boolean zh = lang == ReportLanguage.ZH;
        String comma = zh ? "，" : ", ";
        return sent + (zh ? "（" : " (") + ReviewTerm.CHECK_INS_SAFE.in(lang) + " " + safe + comma
                + ReviewTerm.CHECK_INS_HELP.in(lang) + " " + help + comma + ReviewTerm.CHECK_INS_UNANSWERED.in(lang)
                + " "
                + unanswered + (zh ? "）" : ")");
    }

    private static void alertList(Markup out, RenewalReviewModel m, ReportLanguage lang, ZoneId zone) {
        if (!ReportPage.section(
                out, "alert-list", ReviewTerm.ALERT_LIST.in(lang), m.alerts().isEmpty(), lang)) {
            return;
        }
        ReportPage.tableHead(
                out,
                "alert-list",
                ReviewTerm.OPENED.in(lang),
                Term.ALERT_TYPE.in(lang),
                Term.SEVERITY.in(lang),
                ReviewTerm.STATE.in(lang),
                Term.OUTCOME.in(lang),
                ReviewTerm.EPISODE_END.in(lang));
        for (AlertLine a : m.alerts()) {
            out.raw("<tr>")
                    .element("td", "class=\"time\"", Fmt.local(a.openedAt(), zone))
                    .element("td", "", Term.alertType(a.type(), lang))
                    .element("td", "", Term.severity(a.severity(), lang))
                    .element("td", "", Term.state(a.state(), lang))
                    .element("td", "", Term.outcome(a.outcome(), lang))
                    .element("td", "class=\"time\"", a.endedAt() == null ? "—" : Fmt.local(a.endedAt(), zone))
                    .raw("</tr>\n");
        }
        ReportPage.tableEnd(out);
        out.raw("</section>\n");
    }

    private static void checkIns(Markup out, RenewalReviewModel m, ReportLanguage lang, ZoneId zone) {
        out.raw("<section id=\"check-ins\">")
                .element("h2", "", ReviewTerm.CHECK_INS.in(lang))
                .raw("\n");
        out.element("p", "class=\"note\"", ReviewTerm.CHECK_IN_NOTE.in(lang)).raw("\n");
        if (m.checkIns().isEmpty()) {
            out.element("p", "class=\"empty\"", Term.NONE.in(lang)).raw("\n</section>\n");
            return;
        }
        ReportPage.tableHead(
                out,
                "check-ins",
                ReviewTerm.DUE.in(lang),
                ReviewTerm.SENT_AT.in(lang),
                ReviewTerm.KIND.in(lang),
                ReviewTerm.RESULT.in(lang),
                ReviewTerm.REPLY.in(lang));
        for (CheckInLine c : m.checkIns()) {
            String reply = c.repliedAt() == null
                    ? "—"
                    : "\u201c" + (c.reply() == null ? "" : c.reply()) + "\u201d " + Fmt.local(c.repliedAt(), zone);
            out.raw("<tr>")
                    .element("td", "class=\"time\"", Fmt.local(c.dueAt(), zone))
                    .element("td", "class=\"time\"", c.sentAt() == null ? "—" : Fmt.local(c.sentAt(), zone))
                    .element("td", "", ReviewTerm.checkInKind(c.kind(), lang))
                    .element("td", "", ReviewTerm.checkInState(c.state(), lang))
                    .element("td", "", reply)
                    .raw("</tr>\n");
        }
        ReportPage.tableEnd(out);
        out.raw("</section>\n");
    }

    private static void followUps(Markup out, RenewalReviewModel m, ReportLanguage lang, ZoneId zone) {
        if (!ReportPage.section(
                out, "follow-ups", ReviewTerm.FOLLOW_UPS.in(lang), m.followUps().isEmpty(), lang)) {
            return;
        }
        ReportPage.tableHead(
                out,
                "follow-ups",
                ReviewTerm.WHEN.in(lang),
                ReviewTerm.KIND.in(lang),
                Term.OUTCOME.in(lang),
                Term.NOTE.in(lang),
                ReviewTerm.RECORDED_BY.in(lang));
        for (FollowUpLine f : m.followUps()) {
            String by = f.recordedBy() == null ? "—" : f.recordedBy();
            out.raw("<tr>")
                    .element("td", "class=\"time\"", Fmt.local(f.at(), zone))
                    .element("td", "", ReviewTerm.followUpKind(f.kind(), lang))
                    .element("td", "", ReviewTerm.followUpOutcome(f.outcome(), lang))
                    .element("td", "", f.note() == null ? "" : f.note())
                    .element("td", "", f.organisation() == null ? by : by + " (" + f.organisation() + ")")
                    .raw("</tr>\n");
        }
        ReportPage.tableEnd(out);
        out.raw("</section>\n");
    }

    /** A box the reviewer fills in on paper: a recommendation, a name, a signature. */
    private static void decision(Markup out, ReportLanguage lang) {
        out.raw("<section id=\"decision\">")
                .element("h2", "", ReviewTerm.DECISION.in(lang))
                .raw("\n");
        out.raw("<table class=\"facts\"><tbody>\n");
        for (ReviewTerm choice :
                new ReviewTerm[] {ReviewTerm.DECISION_RENEW, ReviewTerm.DECISION_VARY, ReviewTerm.DECISION_LAPSE}) {
            out.raw("<tr>")
                    .element("th", "scope=\"row\"", "\u2610 " + choice.in(lang))
                    .element("td", "", "")
                    .raw("</tr>\n");
        }
        out.raw("<tr>")
                .element("th", "scope=\"row\"", ReviewTerm.REVIEWER.in(lang))
                .element("td", "", "")
                .raw("</tr>\n");
        out.raw("<tr>")
                .element("th", "scope=\"row\"", ReviewTerm.SIGNATURE.in(lang))
                .element("td", "", "")
                .raw("</tr>\n");
        out.raw("</tbody></table>\n</section>\n");
    }
}
