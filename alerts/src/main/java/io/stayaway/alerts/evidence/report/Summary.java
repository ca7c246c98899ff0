package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.evidence.ReportLanguage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The plain-language summary of an episode, generated from its numbers: when, how close, how long, how
 * sure and how accurate the fixes were. The confirmed wording never says "possible" and the possible
 * wording never says "confirmed", so a reader cannot mistake one for the other.
 */
final class Summary {
    private Summary() {}

    static String of(EvidenceReportModel m, ReportLanguage lang, Instant lastData) {
        return lang == ReportLanguage.ZH ? zh(m, lastData) : en(m, lastData);
    }

    private static String en(EvidenceReportModel m, Instant lastData) {
        ZoneId zone = m.displayZone();
        StringBuilder b = new StringBuilder();
        b.append("On ")
                .append(Fmt.local(m.episodeStart(), zone))
                .append(" (")
                .append(zone.getId())
                .append("), ");
        b.append(
                switch (m.type()) {
                    case BREACH -> "the respondent's reported positions placed them inside an exclusion zone.";
                    case PROXIMITY ->
                        "the respondent's reported positions placed them within the order's minimum distance of the protected person.";
                    case CROSSING -> "the respondent's path between two reported positions crossed an exclusion zone.";
                    case APPROACH ->
                        "the respondent's reported positions placed them in the warning band around a protected place or person.";
                    case CURFEW ->
                        "the respondent's reported positions placed them outside the required area during curfew hours.";
                    default ->
                        "the monitoring system raised a \"" + Term.alertType(m.type(), ReportLanguage.EN) + "\" alert.";
                });
        Duration d = Duration.between(m.episodeStart(), lastData);
        if (m.ongoing()) {
            b.append(" The episode had not ended when this report was produced; the latest data is from ")
                    .append(Fmt.local(lastData, zone))
                    .append(", ")
                    .append(Fmt.duration(d, ReportLanguage.EN))
                    .append(" after it began.");
        } else {
            b.append(" It lasted ")
                    .append(Fmt.duration(d, ReportLanguage.EN))
                    .append(", until ")
                    .append(Fmt.local(m.episodeEnd(), zone))
                    .append('.');
        }
        if (m.minDistanceToProtectedM() != null) {
            b.append(" The closest the respondent came to the protected person was ")
                    .append(Fmt.metres(m.minDistanceToProtectedM()))
                    .append(" m");
            if (m.orderDistanceM() != null) {
                b.append("; the order requires at least ")
                        .append(Fmt.num(m.orderDistanceM(), 0))
                        .append(" m");
            }
            b.append('.');
        }
        if (m.maxPenetrationM() != null) {
            b.append(" At the deepest point the respondent was ")
                    .append(Fmt.metres(m.maxPenetrationM()))
                    .append(" m inside the exclusion zone.");
        }
        String noun = m.type() == AlertType.APPROACH ? "approach" : "breach";
        if (!EvidenceReport.positional(m.type())) {
            b.append(
                    m.certainty() == Certainty.CONFIRMED
                            ? " The system classed this event as confirmed."
                            : " The system classed this event as possible only: the data is consistent with it but does not establish it.");
        } else if (m.certainty() == Certainty.CONFIRMED) {
            b.append(" This is a confirmed ")
                    .append(noun)
                    .append(
                            ": the positions were inside the forbidden area by more than their measurement uncertainty.");
        } else {
            b.append(" This is classed as a possible ")
                    .append(noun)
                    .append(
                            " only: the accuracy circles of the positions overlap the forbidden area, but the positions are not"
                                    + " clearly inside it, so a position error cannot be ruled out.");
        }
        if (m.accuracy() == null) {
            b.append(" The respondent's device reported no position in the window.");
        } else {
            b.append(" The positions that decided it had a median accuracy of ")
                    .append(Fmt.metres(m.accuracy().medianM()))
                    .append(" m and a worst accuracy of ")
                    .append(Fmt.metres(m.accuracy().maxM()))
                    .append(" m (the NIJ-1004 standard expects 10 m or better for 90 % of outdoor fixes).");
        }
        return b.toString();
    }

    private static String zh(EvidenceReportModel m, Instant lastData) {
        ZoneId zone = m.displayZone();
        StringBuilder b = new StringBuilder();
        b.append(Fmt.local(m.episodeStart(), zone))
                .append("（")
                .append(zone.getId())
                .append("），");
        b.append(
                switch (m.type()) {
                    case BREACH -> "被申请人上报的位置显示其进入了禁止接近区域。";
                    case PROXIMITY -> "被申请人上报的位置显示其处于保护令规定的与受保护人最小距离之内。";
                    case CROSSING -> "被申请人在两次上报位置之间的路径穿越了禁止接近区域。";
                    case APPROACH -> "被申请人上报的位置显示其进入了受保护地点或受保护人周边的警戒带。";
                    case CURFEW -> "被申请人上报的位置显示其在宵禁时段不在指定区域内。";
                    default -> "监控系统发出了“" + Term.alertType(m.type(), ReportLanguage.ZH) + "”警报。";
                });
        Duration d = Duration.between(m.episodeStart(), lastData);
        if (m.ongoing()) {
            b.append("本报告生成时事件仍在持续；最新数据时间为")
                    .append(Fmt.local(lastData, zone))
                    .append("，距开始已")
                    .append(Fmt.duration(d, ReportLanguage.ZH))
                    .append("。");
        } else {
            b.append("持续")
                    .append(Fmt.duration(d, ReportLanguage.ZH))
                    .append("，至")
                    .append(Fmt.local(m.episodeEnd(), zone))
                    .append("结束。");
        }
        if (m.minDistanceToProtectedM() != null) {
            b.append("被申请人与受保护人的最近距离为")
                    .append(Fmt.metres(m.minDistanceToProtectedM()))
                    .append("米");
            if (m.orderDistanceM() != null) {
                b.append("（保护令规定不得少于").append(Fmt.num(m.orderDistanceM(), 0)).append("米）");
            }
            b.append("。");
        }
        if (m.maxPenetrationM() != null) {
            b.append("被申请人进入禁止接近区域的最大深度为")
                    .append(Fmt.metres(m.maxPenetrationM()))
                    .append("米。");
        }
        String noun = m.type() == AlertType.APPROACH ? "接近" : "违令";
        if (!EvidenceReport.positional(m.type())) {
            b.append(m.certainty() == Certainty.CONFIRMED ? "系统判定此事件为确认。" : "系统仅判定此事件为可能：数据与之相符，但不足以证实。");
        } else if (m.certainty() == Certainty.CONFIRMED) {
            b.append("此为确认").append(noun).append("：定位点位于禁止范围之内，且超出其测量误差。");
        } else {
            b.append("此仅判定为可能").append(noun).append("：定位误差范围与禁止范围重叠，但定位点并未明确位于其内，不能排除定位误差。");
        }
        if (m.accuracy() == null) {
            b.append("该时段内被申请人的设备未报告任何定位。");
        } else {
            b.append("判定所依据定位的精度中位数为")
                    .append(Fmt.metres(m.accuracy().medianM()))
                    .append("米，最大误差为")
                    .append(Fmt.metres(m.accuracy().maxM()))
                    .append("米（NIJ-1004标准要求90%的室外定位误差不超过10米）。");
        }
        return b.toString();
    }
}
