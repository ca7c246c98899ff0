package io.stayaway.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Turns triggers into alerts and owes their notifications: the alert row, its first lifecycle record
 * and every notification row are written in one transaction (transactional outbox), so an alert can
 * never exist without its notifications being due. Thread-safe; every method blocks on JDBC, so call
 * it from a worker thread, never an event loop.
 */
public final class AlertService {
    static final String SYSTEM_ACTOR = "system";

    private final DataSource dataSource;
    private final MessageTemplates templates;
    private final Clock clock;
    private final Runnable outboxSignal;

    /**
     * @param outboxSignal called after a commit that added notifications, so the dispatcher wakes at once
     */
    public AlertService(DataSource dataSource, MessageTemplates templates, Clock clock, Runnable outboxSignal) {
        this.dataSource = dataSource;
        this.templates = templates;
        this.clock = clock;
        this.outboxSignal = outboxSignal;
    }

    /**
     * Raises the alert for a trigger, or updates the existing one with the same dedupe key
     * (end time, closer distance). Notifications are owed only when the alert is created.
     */
    public RaisedAlert raise(AlertTrigger trigger, OrderContacts contacts) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<UUID> created = insertAlert(c, trigger, now);
                if (created.isEmpty()) {
                    updateAlert(c, trigger, now);
                    Alert existing = findByDedupeKey(c, trigger.dedupeKey()).orElseThrow();
                    c.commit();
                    return new RaisedAlert(existing, false);
                }
                UUID alertId = created.get();
                insertTransition(c, alertId, null, AlertState.OPEN, SYSTEM_ACTOR, now, trigger.explanation());
                for (Recipient recipient : NotificationPlan.recipients(trigger.type(), contacts)) {
                    String body = templates.render(trigger.type(), recipient.role(), recipient.language(), trigger.orderId(),
                            trigger.eventTime(), contacts.timeZone(), trigger.ruleId(), trigger.minDistanceMetres(), contacts.station());
                    insertNotification(c, alertId, "sms", recipient, body, now);
                }
                Alert alert = findByDedupeKey(c, trigger.dedupeKey()).orElseThrow();
                c.commit();
                outboxSignal.run();
                return new RaisedAlert(alert, true);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AlertStoreException("could not raise alert " + trigger.dedupeKey() + " for order " + trigger.orderId(), e);
        }
    }

    public List<Alert> list(AlertQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM alerts WHERE true");
        List<Object> args = new ArrayList<>();
        if (query.orderId() != null) {
            sql.append(" AND order_id = ?");
            args.add(query.orderId());
        }
        if (query.type() != null) {
            sql.append(" AND type = ?");
            args.add(query.type().name());
        }
        if (query.state() != null) {
            sql.append(" AND state = ?");
            args.add(query.state().name());
        }
        sql.append(" ORDER BY opened_at DESC, id LIMIT ?");
        args.add(query.limit());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Alert> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(AlertRows.alert(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new AlertStoreException("could not list alerts", e);
        }
    }

    public Optional<Alert> get(UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM alerts WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(AlertRows.alert(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AlertStoreException("could not read alert " + id, e);
        }
    }

    private static Optional<UUID> insertAlert(Connection c, AlertTrigger t, Instant now) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alerts (id, dedupe_key, order_id, type, severity, state, rule_id, device_id, party,
                                    event_time, ended_at, late, min_distance_m, accuracy_m, explanation, opened_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (dedupe_key) DO NOTHING""")) {
            ps.setObject(1, id);
            ps.setString(2, t.dedupeKey());
            ps.setString(3, t.orderId());
            ps.setString(4, t.type().name());
            ps.setString(5, t.type().defaultSeverity().wireName());
            ps.setString(6, t.ruleId());
            ps.setString(7, t.deviceId());
            ps.setString(8, t.party());
            ps.setTimestamp(9, Timestamp.from(t.eventTime()));
            ps.setTimestamp(10, t.endedAt() == null ? null : Timestamp.from(t.endedAt()));
            ps.setBoolean(11, t.late());
            setDouble(ps, 12, t.minDistanceMetres());
            setDouble(ps, 13, t.accuracyMetres());
            ps.setString(14, t.explanation());
            ps.setTimestamp(15, Timestamp.from(now));
            ps.setTimestamp(16, Timestamp.from(now));
            return ps.executeUpdate() == 1 ? Optional.of(id) : Optional.empty();
        }
    }

    private static void updateAlert(Connection c, AlertTrigger t, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alerts SET ended_at = COALESCE(?, ended_at),
                                  min_distance_m = CASE WHEN ? IS NULL THEN min_distance_m
                                                        WHEN min_distance_m IS NULL THEN ?
                                                        ELSE LEAST(min_distance_m, ?) END,
                                  explanation = COALESCE(?, explanation),
                                  updated_at = ?
                WHERE dedupe_key = ?""")) {
            ps.setTimestamp(1, t.endedAt() == null ? null : Timestamp.from(t.endedAt()));
            setDouble(ps, 2, t.minDistanceMetres());
            setDouble(ps, 3, t.minDistanceMetres());
            setDouble(ps, 4, t.minDistanceMetres());
            ps.setString(5, t.explanation());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setString(7, t.dedupeKey());
            ps.executeUpdate();
        }
    }

    static void insertTransition(Connection c, UUID alertId, AlertState from, AlertState to, String actor, Instant at, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_transitions (alert_id, from_state, to_state, actor, at, note) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, alertId);
            ps.setString(2, from == null ? null : from.name());
            ps.setString(3, to.name());
            ps.setString(4, actor);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setString(6, note);
            ps.executeUpdate();
        }
    }

    private static void insertNotification(Connection c, UUID alertId, String channel, Recipient r, String body, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO notifications (id, alert_id, idempotency_key, channel, recipient_role, to_number, language, body,
                                           state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, alertId);
            ps.setString(3, alertId + ":" + r.role().wireName() + ":" + r.phone() + ":" + channel + ":initial");
            ps.setString(4, channel);
            ps.setString(5, r.role().wireName());
            ps.setString(6, r.phone());
            ps.setString(7, r.language().toLanguageTag());
            ps.setString(8, body);
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setTimestamp(10, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static Optional<Alert> findByDedupeKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM alerts WHERE dedupe_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(AlertRows.alert(rs)) : Optional.empty();
            }
        }
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
