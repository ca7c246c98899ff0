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
        return whatHappenedEn(m)
                + howLongEn(m, lastData)
                + closestApproachEn(m)
                + deepestPointEn(m)
                + howSureEn(m)
                + howAccurateEn(m);
    }

    private static String zh(EvidenceReportModel m, Instant lastData) {
        return whatHappenedZh(m)
                + howLongZh(m, lastData)
                + closestApproachZh(m)
                + deepestPointZh(m)
                + howSureZh(m)
                + howAccurateZh(m);
    }

    /** When the episode began, in the order's time zone, and what the alert type means in words. */
    private static String whatHappenedEn(EvidenceReportModel m) {
        ZoneId zone = m.displayZone();
        return "On " + Fmt.local(m.episodeStart(), zone) + " (" + zone.getId() + "), "
                + switch (m.type()) {
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
                };
    }

    private static String whatHappenedZh(EvidenceReportModel m) {
        ZoneId zone = m.displayZone();
        return Fmt.local(m.episodeStart(), zone) + "（" + zone.getId() + "），"
                + switch (m.type()) {
                    case BREACH -> "被申请人上报的位置显示其进入了禁止接近区域。";
                    case PROXIMITY -> "被申请人上报的位置显示其处于保护令规定的与受保护人最小距离之内。";
                    case CROSSING -> "被申请人在两次上报位置之间的路径穿越了禁止接近区域。";
                    case APPROACH -> "被申请人上报的位置显示其进入了受保护地点或受保护人周边的警戒带。";
                    case CURFEW -> "被申请人上报的位置显示其在宵禁时段不在指定区域内。";
                    default -> "监控系统发出了“" + Term.alertType(m.type(), ReportLanguage.ZH) + "”警报。";
                };
    }

    /** How long it lasted, or, while it is still ongoing, how old the latest data is. */
    private static String howLongEn(EvidenceReportModel m, Instant lastData) {
        Duration d = Duration.between(m.episodeStart(), lastData);
        if (m.ongoing()) {
            return " The episode had not ended when this report was produced; the latest data is from "
                    + Fmt.local(lastData, m.displayZone()) + ", " + Fmt.duration(d, ReportLanguage.EN)
                    + " after it began.";
        }
        return " It lasted " + Fmt.duration(d, ReportLanguage.EN) + ", until "
                + Fmt.local(m.episodeEnd(), m.displayZone()) + ".";
    }

    private static String howLongZh(EvidenceReportModel m, Instant lastData) {
        Duration d = Duration.between(m.episodeStart(), lastData);
        if (m.ongoing()) {
            return "本报告生成时事件仍在持续；最新数据时间为" + Fmt.local(lastData, m.displayZone()) + "，距开始已"
                    + Fmt.duration(d, ReportLanguage.ZH) + "。";
        }
        return "持续" + Fmt.duration(d, ReportLanguage.ZH) + "，至" + Fmt.local(m.episodeEnd(), m.displayZone()) + "结束。";
    }

    /** The closest the respondent came to the protected person, against the order's distance; empty without one. */
    private static String closestApproachEn(EvidenceReportModel m) {
        if (m.minDistanceToProtectedM() == null) {
            return "";
        }
        String required = m.orderDistanceM() == null
                ? ""
                : "; the order requires at least " + Fmt.num(m.orderDistanceM(), 0) + " m";
        return " The closest the respondent came to the protected person was " + Fmt.metres(m.minDistanceToProtectedM())
                + " m" + required + ".";
    }

    private static String closestApproachZh(EvidenceReportModel m) {
        if (m.minDistanceToProtectedM() == null) {
            return "";
        }
        String required = m.orderDistanceM() == null ? "" : "（保护令规定不得少于" + Fmt.num(m.orderDistanceM(), 0) + "米）";
        return "被申请人与受保护人的最近距离为" + Fmt.metres(m.minDistanceToProtectedM()) + "米" + required + "。";
    }

    /** How far into an exclusion zone the respondent went; empty when they never were inside one. */
    private static String deepestPointEn(EvidenceReportModel m) {
        if (m.maxPenetrationM() == null) {
            return "";
        }
        return " At the deepest point the respondent was " + Fmt.metres(m.maxPenetrationM())
                + " m inside the exclusion zone.";
    }

    private static String deepestPointZh(EvidenceReportModel m) {
        if (m.maxPenetrationM() == null) {
            return "";
        }
        return "被申请人进入禁止接近区域的最大深度为" + Fmt.metres(m.maxPenetrationM()) + "米。";
    }

    /** Confirmed or possible, and what that means for a positional alert. */
    private static String howSureEn(EvidenceReportModel m) {
        String noun = m.type() == AlertType.APPROACH ? "approach" : "breach";
        if (!EvidenceReport.positional(m.type())) {
            return m.certainty() == Certainty.CONFIRMED
                    ? " The system classed this event as confirmed."
                    : " The system classed this event as possible only: the data is consistent with it but does not establish it.";
        } else if (m.certainty() == Certainty.CONFIRMED) {
            return " This is a confirmed " + noun
                    + ": the positions were inside the forbidden area by more than their measurement uncertainty.";
        } else {
            return " This is classed as a possible " + noun
                    + " only: the accuracy circles of the positions overlap the forbidden area, but the positions are not"
                    + " clearly inside it, so a position error cannot be ruled out.";
        }
    }

    private static String howSureZh(EvidenceReportModel m) {
        String noun = m.type() == AlertType.APPROACH ? "接近" : "违令";
        if (!EvidenceReport.positional(m.type())) {
            return m.certainty() == Certainty.CONFIRMED ? "系统判定此事件为确认。" : "系统仅判定此事件为可能：数据与之相符，但不足以证实。";
        } else if (m.certainty() == Certainty.CONFIRMED) {
            return "此为确认" + noun + "：定位点位于禁止范围之内，且超出其测量误差。";
        } else {
            return "此仅判定为可能" + noun + "：定位误差范围与禁止范围重叠，但定位点并未明确位于其内，不能排除定位误差。";
        }
    }

    /** The median and worst accuracy of the respondent's fixes that decided it, against NIJ-1004. */
    private static String howAccurateEn(EvidenceReportModel m) {
        if (m.accuracy() == null) {
            return " The respondent's device reported no position in the window.";
        }
        return " The positions that decided it had a median accuracy of "
                + Fmt.metres(m.accuracy().medianM())
                + " m and a worst accuracy of " + Fmt.metres(m.accuracy().maxM())
                + " m (the NIJ-1004 standard expects 10 m or better for 90 % of outdoor fixes).";
    }

    private static String howAccurateZh(EvidenceReportModel m) {
        if (m.accuracy() == null) {
            return "该时段内被申请人的设备未报告任何定位。";
        }
        return "判定所依据定位的精度中位数为" + Fmt.metres(m.accuracy().medianM()) + "米，最大误差为"
                + Fmt.metres(m.accuracy().maxM()) + "米（NIJ-1004标准要求90%的室外定位误差不超过10米）。";
    }
}
