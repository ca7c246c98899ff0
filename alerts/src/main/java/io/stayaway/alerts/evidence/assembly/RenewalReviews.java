package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.checkin.CheckInRecord;
import io.stayaway.alerts.checkin.CheckIns;
import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.alerts.evidence.report.ComplianceModel;
import io.stayaway.alerts.evidence.report.RenewalReviewModel;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.AlertLine;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.CheckInLine;
import io.stayaway.alerts.evidence.report.RenewalReviewModel.FollowUpLine;
import io.stayaway.alerts.followup.FollowUpContact;
import io.stayaway.alerts.followup.FollowUps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what an order's renewal review shows (issue 19) in one read-only transaction: the alerts of the
 * order, its check-ins and the follow-up contacts, beside the compliance of its life so far. Stateless.
 */
public final class RenewalReviews {
    private RenewalReviews() {}

    /** The review of {@code order} as of {@code now}, its compliance computed over [validFrom, min(now, validUntil)). */
    public static RenewalReviewModel assemble(
            Connection c,
            CourtOrder order,
            ComplianceModel compliance,
            Instant now,
            List<CheckInLine> checkIns,
            List<FollowUpLine> followUps)
            throws SQLException {
        return new RenewalReviewModel(
                order.id(),
                order.court(),
                organisation(c, order.id()),
                order.validFrom(),
                order.validUntil(),
                now,
                compliance,
                alerts(c, order.id()),
                checkIns,
                followUps);
    }

    /** The follow-up organisation the order is assigned to now (its current document's {@code organisation}), or null. */
    static String organisation(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body ->> 'organisation' FROM orders WHERE id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Every alert of the order, oldest first. */
    static List<AlertLine> alerts(Connection c, String orderId) throws SQLException {
        List<AlertLine> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT opened_at, type, severity, state, outcome, ended_at FROM alerts
                 WHERE order_id = ? ORDER BY opened_at, id""")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String outcome = rs.getString(5);
                    out.add(new AlertLine(
                            rs.getTimestamp(1).toInstant(),
                            AlertType.valueOf(rs.getString(2)),
                            Severity.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
                            AlertState.valueOf(rs.getString(4)),
                            outcome == null ? null : Outcome.valueOf(outcome),
                            instant(rs.getTimestamp(6))));
                }
            }
        }
        return out;
    }

    /** The order's safety check-ins, oldest first, with her replies as she sent them. */
    public static List<CheckInLine> checkIns(Connection c, String orderId) throws SQLException {
        List<CheckInLine> out = new ArrayList<>();
        for (CheckInRecord r : CheckIns.history(c, orderId)) {
            out.add(new CheckInLine(
                    r.dueAt(), r.sentAt(), r.kind().wireName(), r.state().wireName(), r.repliedAt(), r.replyBody()));
        }
        return out;
    }

    /** The follow-up contacts recorded for the order, oldest first. */
    public static List<FollowUpLine> followUps(Connection c, String orderId) throws SQLException {
        List<FollowUpLine> out = new ArrayList<>();
        for (FollowUpContact f : FollowUps.list(c, orderId)) {
            out.add(new FollowUpLine(
                    f.at(), f.kind().wireName(), f.outcome().wireName(), f.note(), f.recordedBy(), f.organisation()));
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
