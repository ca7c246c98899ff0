package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The duty officers' actions on an alert (acknowledge, dispatch, resolve), enforced by
 * {@link AlertLifecycle}. Each action locks the alert row ({@code SELECT … FOR UPDATE}), so of two
 * officers acting at once exactly one wins and the other is refused; each accepted action appends one
 * {@code alert_transitions} record and stops any pending escalation. Thread-safe; blocks on JDBC.
 */
public final class AlertWorkflow {
    /** Longest note an officer may leave, in characters. */
    public static final int MAX_NOTE_LENGTH = 2000;

    private final DataSource dataSource;
    private final Clock clock;
    private final AlertEvents events;

    public AlertWorkflow(DataSource dataSource, Clock clock, AlertEvents events) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.events = events;
    }

    /** The officer takes the alert: escalation stops. Allowed from OPEN and NOTIFIED. */
    public Alert acknowledge(UUID alertId, String officer, String note) {
        return move(alertId, officer, AlertState.ACKNOWLEDGED, note, null);
    }

    /** A unit is sent; the note names it. Allowed from ACKNOWLEDGED. */
    public Alert dispatch(UUID alertId, String officer, String unit) {
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("the unit sent must be named");
        }
        return move(alertId, officer, AlertState.DISPATCHED, unit, null);
    }

    /** The alert is closed with its outcome. Allowed from ACKNOWLEDGED and DISPATCHED. */
    public Alert resolve(UUID alertId, String officer, Outcome outcome, String note) {
        Objects.requireNonNull(outcome, "outcome");
        return move(alertId, officer, AlertState.RESOLVED, note, outcome);
    }

    private Alert move(UUID alertId, String officer, AlertState to, String note, Outcome outcome) {
        Objects.requireNonNull(alertId, "alertId");
        if (officer == null || officer.isBlank()) {
            throw new IllegalArgumentException("the acting officer must be named");
        }
        if (note != null && note.length() > MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("note is longer than " + MAX_NOTE_LENGTH + " characters");
        }
        Instant now = clock.instant();
        Alert moved;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                AlertState from = lockState(c, alertId);
                if (!AlertLifecycle.officerMayMove(from, to)) {
                    throw new InvalidTransitionException(alertId, from, to);
                }
                setState(c, alertId, to, outcome, now);
                AlertService.insertTransition(c, alertId, from, to, officer, now, note, outcome);
                moved = AlertRows.load(c, alertId).orElseThrow();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AlertStoreException("could not move alert " + alertId + " to " + to, e);
        }
        events.publish(AlertChange.Kind.TRANSITIONED, moved);
        return moved;
    }

    private static AlertState lockState(Connection c, UUID alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM alerts WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AlertNotFoundException(alertId);
                }
                return AlertState.valueOf(rs.getString(1));
            }
        }
    }

    /** Every officer move leaves OPEN/NOTIFIED behind, so no escalation stays due. */
    private static void setState(Connection c, UUID alertId, AlertState to, Outcome outcome, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alerts SET state = ?, updated_at = ?, escalate_at = NULL, escalate_reason = NULL,
                                  outcome = COALESCE(?, outcome)
                WHERE id = ?""")) {
            ps.setString(1, to.name());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, outcome == null ? null : outcome.name());
            ps.setObject(4, alertId);
            ps.executeUpdate();
        }
    }
}
