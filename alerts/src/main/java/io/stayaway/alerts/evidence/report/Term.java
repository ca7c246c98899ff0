package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.stayaway.alerts.notify.OutgoingMessage;

/**
 * Fixed wording of the reports in English and Simplified Chinese (terms as used in the Anti-Domestic
 * Violence Law and police practice: 保护令, 被申请人, 受保护人, 禁止接近区域, 警戒带). Immutable.
 */
enum Term {
    EVIDENCE_TITLE("Protection order breach: evidence report", "违反人身安全保护令证据报告"),
    COMPLIANCE_TITLE("Protection order compliance report", "人身安全保护令执行情况报告"),
    ALERT_ID("Alert ID", "警报编号"),
    ORDER_ID("Protection order", "保护令编号"),
    ALERT_TYPE("Alert type", "警报类型"),
    SEVERITY("Severity", "严重程度"),
    CLASSIFICATION("Classification", "判定"),
    EPISODE_START("Episode start", "事件开始"),
    EPISODE_END("Episode end", "事件结束"),
    ONGOING("ongoing", "仍在持续"),
    DURATION("Duration", "持续时间"),
    MIN_DISTANCE("Closest distance to protected person", "与受保护人最近距离"),
    MAX_PENETRATION("Deepest inside exclusion zone", "进入禁止接近区域最大深度"),
    FIX_ACCURACY("Fix accuracy (median / worst)", "定位精度（中位数／最大值）"),
    TIME_ZONE("Time zone", "时区"),
    SUMMARY("Summary", "概述"),
    MAP("Map of positions", "位置地图"),
    MAP_NONE("No positions or zones were recorded for this window.", "此时段内无位置或区域数据。"),
    MAP_BAND_NOTE(
            "Warning band drawn at exactly the band width from the zone's edge, rounded at corners, as the order's rule measures it.",
            "警戒带按保护令规则的测量方式绘制：距区域边缘恰为警戒带宽度，拐角处为圆弧。"),
    TIMELINE("Distance over time", "距离随时间变化"),
    TIMELINE_NONE("No distance measurements were recorded for this window.", "此时段内无距离测量数据。"),
    LIFECYCLE("Alert handling record", "警报处置记录"),
    NOTIFICATIONS("Notifications", "通知记录"),
    DEVICE_HEALTH("Device status", "设备状态"),
    CUSTODY("Chain of custody", "证据保管链"),
    HASHES("Verification values", "校验值"),
    NONE("None recorded.", "无记录。"),
    TIME("Time", "时间"),
    FROM_STATE("From", "原状态"),
    TO_STATE("To", "新状态"),
    ACTOR("By", "操作人"),
    NOTE("Note", "备注"),
    OUTCOME("Outcome", "处置结果"),
    CHANNEL("Channel", "方式"),
    RECIPIENT("Recipient", "接收人"),
    PROVIDER_SID("Provider reference", "服务商流水号"),
    DELIVERY_STATUS("Delivery status", "送达状态"),
    DEVICE("Device", "设备"),
    PARTY("Worn by", "佩戴人"),
    BATTERY("Battery", "电量"),
    TAMPER_EVENTS("Tamper events", "破坏事件"),
    GAPS("Gaps without a fix", "定位中断"),
    GAP_THRESHOLD("longer than", "超过"),
    USER("User", "用户"),
    ROLE("Role", "角色"),
    ACTION("Action", "操作"),
    REASON("Reason", "理由"),
    EVIDENCE_DIGEST(
            "Evidence digest (SHA-256 of the chain files; printed by the verifier)", "证据摘要（链文件的 SHA-256，验证程序会输出）"),
    SIGNING_KEY("Signing key", "签名密钥"),
    CHECKPOINT("Checkpoint", "检查点"),
    CHECKPOINT_TIME("Checkpoint time", "检查点时间"),
    CHAIN_HEADS("Device hash-chain heads", "设备哈希链头"),
    LEGEND_ZONE("Exclusion zone", "禁止接近区域"),
    LEGEND_BAND("Warning band", "警戒带"),
    LEGEND_RESPONDENT("Respondent track", "被申请人轨迹"),
    LEGEND_PROTECTED("Protected person track", "受保护人轨迹"),
    LEGEND_ACCURACY("Accuracy at closest approach", "最近时刻定位误差范围"),
    INSET("Closest approach, enlarged", "最近时刻放大图"),
    START("start", "起点"),
    END("end", "终点"),
    NORTH("N", "北"),
    AXIS_DISTANCE("Distance (m)", "距离（米）"),
    SERIES_TO_PROTECTED("Respondent to protected person", "被申请人与受保护人距离"),
    SERIES_TO_BOUNDARY("Respondent to zone boundary (negative = inside)", "被申请人距区域边界（负值＝区域内）"),
    REF_ORDER_DISTANCE("Order distance", "保护令规定距离"),
    REF_WARNING("Warning distance", "警戒距离"),
    REF_BOUNDARY("Zone boundary", "区域边界"),
    EPISODE_SPAN("Episode", "事件时段"),
    PERIOD("Period", "统计期间"),
    COVERAGE("Monitoring coverage", "监控覆盖率"),
    COVERAGE_NOTE(
            "Coverage is the share of the period during which the device's latest fix was fresh, i.e. not older than the limit shown.",
            "覆盖率指统计期间内设备最新定位未超过所示时限（即有效定位）的时间所占比例。"),
    FRESH_LIMIT("Fresh = fix not older than", "有效定位时限"),
    FROM("From", "起"),
    TO("To", "止"),
    FRESH_TIME("Time with a fresh fix", "有效定位时长"),
    ALERTS("Alerts and outcomes", "警报及处置结果"),
    RAISED("Raised", "发出"),
    UNRESOLVED("Unresolved", "未结"),
    INCIDENTS("Tamper and battery incidents", "破坏与电量事件"),
    KIND("Kind", "类别"),
    DELIVERY("Notification delivery", "通知送达情况"),
    SENT("Sent", "已发送"),
    DELIVERED("Delivered", "已送达"),
    FAILED("Failed", "失败"),
    DELIVERY_RATE("Delivered share", "送达率"),
    WITHHELD("Withheld (warning limit)", "未发送（预警短信限额）"),
    TOTAL("Total", "合计"),
    PARTY_RESPONDENT("Respondent", "被申请人"),
    PARTY_PROTECTED("Protected person", "受保护人"),
    CONFIRMED("confirmed", "确认"),
    POSSIBLE("possible", "可能"),
    FOOTER(
            "Generated from the evidence bundle; the verification values above identify the signed data it was rendered from.",
            "本报告由证据包生成；上述校验值标识其所依据的已签名数据。");

    private final String en;
    private final String zh;

    Term(String en, String zh) {
        this.en = en;
        this.zh = zh;
    }

    String in(ReportLanguage lang) {
        return lang == ReportLanguage.ZH ? zh : en;
    }

    static String party(Party p, ReportLanguage lang) {
        return (p == Party.RESPONDENT ? PARTY_RESPONDENT : PARTY_PROTECTED).in(lang);
    }

    static String certainty(Certainty c, ReportLanguage lang) {
        return (c == Certainty.CONFIRMED ? CONFIRMED : POSSIBLE).in(lang);
    }

    static String alertType(AlertType t, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (t) {
            case BREACH -> zh ? "进入禁止接近区域" : "Exclusion zone breach";
            case PROXIMITY -> zh ? "接近受保护人" : "Proximity to protected person";
            case CROSSING -> zh ? "穿越禁止接近区域" : "Crossing of an exclusion zone";
            case APPROACH -> zh ? "进入警戒带" : "Approach (warning band)";
            case CURFEW -> zh ? "宵禁" : "Curfew";
            case PROXIMITY_UNKNOWN -> zh ? "距离未知" : "Proximity unknown";
            case TAMPER -> zh ? "设备被破坏" : "Device tamper";
            case PANIC -> zh ? "紧急求助" : "Panic button";
            case COMMUNICATION_LOSS -> zh ? "通信中断" : "Loss of communication";
            case GNSS_LOSS -> zh ? "卫星定位丢失" : "Loss of GNSS";
            case LOW_BATTERY -> zh ? "电量低" : "Low battery";
            case ORDER_EXPIRING -> zh ? "保护令即将到期" : "Order expiring";
            case CHECK_IN_HELP -> zh ? "安全回访：求助" : "Check-in: help requested";
            case CHECK_IN_MISSED -> zh ? "安全回访：未回复" : "Check-in: no reply";
        };
    }

    static String severity(Severity s, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (s) {
            case CRITICAL -> zh ? "严重" : "Critical";
            case HIGH -> zh ? "高" : "High";
            case MEDIUM -> zh ? "中" : "Medium";
            case LOW -> zh ? "低" : "Low";
            case INFO -> zh ? "通知" : "Information";
        };
    }

    static String state(AlertState s, ReportLanguage lang) {
        if (s == null) {
            return "—";
        }
        boolean zh = lang == ReportLanguage.ZH;
        return switch (s) {
            case OPEN -> zh ? "已发出" : "Open";
            case NOTIFIED -> zh ? "已通知" : "Notified";
            case ACKNOWLEDGED -> zh ? "已确认接收" : "Acknowledged";
            case DISPATCHED -> zh ? "已派警" : "Dispatched";
            case RESOLVED -> zh ? "已处置完毕" : "Resolved";
        };
    }

    static String outcome(Outcome o, ReportLanguage lang) {
        if (o == null) {
            return "";
        }
        boolean zh = lang == ReportLanguage.ZH;
        return switch (o) {
            case CONFIRMED_BREACH -> zh ? "确认违令" : "Confirmed breach";
            case FALSE_ALARM -> zh ? "误报" : "False alarm";
            case TECHNICAL -> zh ? "技术故障" : "Technical fault";
            case PERMITTED -> zh ? "经准许" : "Permitted";
        };
    }

    static String role(RecipientRole r, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (r) {
            case DESK -> zh ? "值班台" : "Duty desk";
            case PROTECTED -> zh ? "受保护人" : "Protected person";
            case RESPONDENT -> zh ? "被申请人" : "Respondent";
            case SUPERVISOR -> zh ? "上级" : "Supervisor";
        };
    }

    /**
     * A delivery status as the provider (Twilio) or the outbox reported it. In Chinese it is glossed, with the
     * provider's own word kept in brackets, since that word is what its records show; unknown words stay as they are.
     */
    static String deliveryStatus(String status, ReportLanguage lang) {
        if (lang != ReportLanguage.ZH) {
            return status;
        }
        String zh = switch (status) {
            case "queued", "accepted", "scheduled", "PENDING" -> "排队待发";
            case "sending", "SENDING" -> "发送中";
            case "sent", "SENT" -> "已交运营商";
            case "delivered" -> "已送达";
            case "undelivered" -> "未送达";
            case "failed", "FAILED" -> "失败";
            case "read" -> "已读";
            case "ringing" -> "振铃中";
            case "in-progress" -> "通话中";
            case "completed" -> "已接通";
            case "busy" -> "占线";
            case "no-answer" -> "无人接听";
            case "canceled" -> "已取消";
            default -> null;
        };
        return zh == null ? status : zh + "（" + status + "）";
    }

    /** Why the warning budget withheld a text to the protected person, as the console words it. */
    static String withheld(String reason, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (reason) {
            case "repeat" -> zh ? "未发送（预警短信限额）：重复提醒" : "Not sent (warning limit): a repeat warning";
            case "daily_cap" -> zh ? "未发送（预警短信限额）：已达 24 小时上限" : "Not sent (warning limit): the 24-hour limit";
            default -> (zh ? "未发送（预警短信限额）：" : "Not sent (warning limit): ") + reason;
        };
    }

    static String channel(OutgoingMessage.Kind k, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (k) {
            case SMS -> zh ? "短信" : "SMS";
            case VOICE -> zh ? "语音电话" : "Voice call";
        };
    }
}
