package io.stayaway.alerts.evidence.report;

/** Which side of the order a device belongs to. */
public enum Party {
    /** The person the order restrains (被申请人). */
    RESPONDENT,
    /** The person the order protects (受保护人). */
    PROTECTED
}
