package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.evidence.ReportLanguage;

/** Fixed wording of the renewal review in English and Simplified Chinese (see {@link Term}). Immutable. */
enum ReviewTerm {
    TITLE("Protection order renewal review", "人身安全保护令续期审查"),
    COURT("Court", "作出法院"),
    ORGANISATION("Follow-up organisation", "跟进回访单位"),
    NOT_ASSIGNED("not assigned", "未指定"),
    VALIDITY("In force", "有效期"),
    ENDS_IN("Ends in", "距到期"),
    ENDED("ended", "已到期"),
    PREPARED("Prepared", "生成时间"),
    AT_A_GLANCE("At a glance", "概况"),
    CRITICAL_ALERTS("Critical alerts", "严重警报"),
    CONFIRMED_BREACHES("Confirmed breaches", "确认违令"),
    CHECK_INS_SENT("Safety check-ins sent", "已发送安全回访"),
    CHECK_INS_SAFE("answered safe", "回复安全"),
    CHECK_INS_HELP("asked for help", "请求帮助"),
    CHECK_INS_UNANSWERED("unanswered", "未回复"),
    FOLLOW_UPS("Follow-up contacts", "跟进回访记录"),
    LAST_CONTACT("Last follow-up contact", "最近一次回访"),
    LIFE_NOTE(
            "The sections below cover the order's whole life so far, from the start of its validity to the time this review was prepared.",
            "以下各部分涵盖保护令自生效至本审查生成时的全部期间。"),
    ALERT_LIST("Every alert", "全部警报"),
    OPENED("Raised", "发出时间"),
    EPISODE_END("Ended", "结束时间"),
    STATE("State", "状态"),
    CHECK_INS("Safety check-ins with the protected person", "与受保护人的安全回访"),
    CHECK_IN_NOTE(
            "A check-in asks the protected person by SMS to reply 1 if she is safe or 2 if she needs help. Her replies are recorded as she sent them.",
            "安全回访以短信请受保护人回复 1（安全）或 2（需要帮助），回复内容按原样记录。"),
    DUE("Due", "计划时间"),
    SENT_AT("Sent", "发送时间"),
    KIND("Kind", "类别"),
    RESULT("Result", "结果"),
    REPLY("Reply", "回复"),
    RECORDED_BY("Recorded by", "记录人"),
    WHEN("When", "时间"),
    DECISION("Recommendation", "审查意见"),
    DECISION_RENEW("Renew the order", "建议续期"),
    DECISION_LAPSE("Let the order lapse", "建议到期终止"),
    DECISION_VARY("Renew with changes", "建议变更后续期"),
    REVIEWER("Reviewed by", "审查人"),
    SIGNATURE("Signature and date", "签名及日期"),
    FOOTER(
            "Prepared from the order's recorded evidence. Every alert, check-in, reply and follow-up contact listed here is held in a hash chain signed by the monitoring service; the order export and each alert's evidence bundle can be verified offline.",
            "本审查依据保护令的已记录证据生成。所列警报、回访、回复及跟进记录均保存在由监控服务签名的哈希链中；保护令导出文件及各警报证据包可离线验证。");

    private final String en;
    private final String zh;

    ReviewTerm(String en, String zh) {
        this.en = en;
        this.zh = zh;
    }

    String in(ReportLanguage lang) {
        return lang == ReportLanguage.ZH ? zh : en;
    }

    /** A check-in's kind as stored ({@code scheduled}, {@code after_alert}); an unknown one as it is. */
    static String checkInKind(String kind, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (kind) {
            case "scheduled" -> zh ? "定期回访" : "Scheduled";
            case "after_alert" -> zh ? "严重警报后回访" : "After a critical alert";
            default -> kind;
        };
    }

    /** A check-in's state as stored; an unknown one as it is. */
    static String checkInState(String state, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (state) {
            case "pending" -> zh ? "待发送" : "Not yet sent";
            case "sent" -> zh ? "已发送，待回复" : "Sent, awaiting a reply";
            case "replied_safe" -> zh ? "回复安全" : "Replied: safe";
            case "replied_help" -> zh ? "回复需要帮助" : "Replied: needs help";
            case "missed" -> zh ? "逾期未回复（已警报）" : "No reply in time (alert raised)";
            case "no_reply" -> zh ? "未回复" : "No reply";
            case "opted_out" -> zh ? "已退订，未发送" : "Not sent: she opted out";
            case "failed" -> zh ? "发送失败" : "Could not be sent";
            case "merged" -> zh ? "未单独发送（已有严重警报后回访）" : "Not sent: an after-alert check-in was due";
            case "cancelled" -> zh ? "未发送（保护令已结束）" : "Not sent: the order ended first";
            default -> state;
        };
    }

    /** A follow-up contact's kind ({@code visit}, {@code call}); an unknown one as it is. */
    static String followUpKind(String kind, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (kind) {
            case "visit" -> zh ? "上门走访" : "Visit";
            case "call" -> zh ? "电话回访" : "Call";
            default -> kind;
        };
    }

    /** A follow-up contact's outcome as stored; an unknown one as it is. */
    static String followUpOutcome(String outcome, ReportLanguage lang) {
        boolean zh = lang == ReportLanguage.ZH;
        return switch (outcome) {
            case "reached_safe" -> zh ? "已联系，安全" : "Reached, safe";
            case "reached_concerns" -> zh ? "已联系，有担忧" : "Reached, with concerns";
            case "not_reached" -> zh ? "未能联系" : "Not reached";
            default -> outcome;
        };
    }
}
