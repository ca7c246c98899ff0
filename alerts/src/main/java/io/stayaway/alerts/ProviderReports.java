package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Applies the provider's delivery reports (Twilio status callbacks) to notifications on the caller's
 * connection. Reports may arrive out of order, so a status never replaces a later one; a report may
 * arrive before the dispatcher has recorded the SID, so it is kept unattached and applied when the
 * SID is recorded. A failure report of a message that had been accepted makes it FAILED and starts
 * the same follow-up as a refused send. Stateless.
 */
final class ProviderReports {
    /** Final failures: Messages API {@code failed}/{@code undelivered}, Calls API {@code failed}/{@code busy}/{@code no-answer}. */
    private static final Set<String> FAILURES = Set.of("failed", "undelivered", "busy", "no-answer");

    private ProviderReports() {}

    /** How far along delivery a status is; a report never moves a notification back. */
    static int progress(String status) {
        if (status == null) {
            return -1;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "accepted", "scheduled", "queued", "initiated" -> 0;
            case "sending", "ringing" -> 1;
            case "sent", "in-progress" -> 2;
            default -> 3;
        };
    }

    static boolean isFailure(String status) {
        return FAILURES.contains(status.toLowerCase(Locale.ROOT));
    }

    /** Appends a report; {@code notificationId} is null when no notification has this SID yet. */
    static void append(Connection c, UUID notificationId, String sid, String status, String errorCode, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notification_status_reports (notification_id, provider_sid, provider_status, error_code, received_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            ps.setObject(1, notificationId);
            ps.setString(2, sid);
            ps.setString(3, status);
            ps.setString(4, errorCode);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /**
     * Applies one report to a notification locked by the caller.
     *
     * @return the follow-up the report set in motion
     */
    static DeliveryFollowUp.Action apply(
            Connection c, UUID notificationId, String status, String errorCode, EscalationPolicy policy, Instant now)
            throws SQLException {
        String state;
        String current;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT state, provider_status FROM notifications WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, notificationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return DeliveryFollowUp.Action.NONE;
                }
                state = rs.getString(1);
                current = rs.getString(2);
            }
        }
        if (progress(status) < progress(current)) {
            return DeliveryFollowUp.Action.NONE;
        }
        boolean newlyFailed = isFailure(status) && !"FAILED".equals(state);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE notifications SET provider_status = ?, provider_status_at = ?,
                                         state = CASE WHEN ? THEN 'FAILED' ELSE state END,
                                         last_error = CASE WHEN ? THEN ? ELSE last_error END
                WHERE id = ?""")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setBoolean(3, newlyFailed);
            ps.setBoolean(4, newlyFailed);
            ps.setString(5, "provider reported " + status + (errorCode == null ? "" : " (error " + errorCode + ")"));
            ps.setObject(6, notificationId);
            ps.executeUpdate();
        }
        return newlyFailed
                ? DeliveryFollowUp.afterFinalFailure(c, notificationId, policy, now)
                : DeliveryFollowUp.Action.NONE;
    }

    /** Attaches and applies reports that arrived before the SID was recorded, oldest first. */
    static List<DeliveryFollowUp.Action> applyEarly(
            Connection c, UUID notificationId, String sid, EscalationPolicy policy, Instant now) throws SQLException {
        record Early(String status, String errorCode) {}
        List<Early> early = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT provider_status, error_code FROM notification_status_reports
                WHERE provider_sid = ? AND notification_id IS NULL ORDER BY id FOR UPDATE""")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    early.add(new Early(rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (early.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE notification_status_reports SET notification_id = ? WHERE provider_sid = ? AND notification_id IS NULL")) {
            ps.setObject(1, notificationId);
            ps.setString(2, sid);
            ps.executeUpdate();
        }
        List<DeliveryFollowUp.Action> actions = new ArrayList<>();
        for (Early e : early) {
            actions.add(apply(c, notificationId, e.status(), e.errorCode(), policy, now));
        }
        return actions;
    }
}
