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
 * Turns triggers into alerts and owes their notifications: the alert row, its first lifecycle record,
 * the contacts it was raised with, its escalation timer and every notification row are written in one
 * transaction (transactional outbox), so an alert can never exist without its notifications being
 * due. Also the read side: lists, pages and the detail read model. Thread-safe; every method blocks
 * on JDBC, so call it from a worker thread, never an event loop.
 */
public final class AlertService {
    static final String SYSTEM_ACTOR = "system";

    private final DataSource dataSource;
    private final MessageTemplates templates;
    private final Clock clock;
    private final AlertEvents events;
    private final EscalationPolicy escalation;
    private final WarningBudget warningBudget;

    /**
     * @param outboxSignal called after a commit that added notifications, so the dispatcher wakes at once
     */
    public AlertService(DataSource dataSource, MessageTemplates templates, Clock clock, Runnable outboxSignal) {
        this(
                dataSource,
                templates,
                clock,
                eventsWaking(outboxSignal),
                EscalationPolicy.defaults(),
                WarningBudget.defaults());
    }

    /**
     * The service as {@link Alerting} builds it: sharing the module's signals and escalation policy, with the
     * protected person's warning budget.
     */
    public AlertService(
            DataSource dataSource,
            MessageTemplates templates,
            Clock clock,
            AlertEvents events,
            EscalationPolicy escalation,
            WarningBudget warningBudget) {
        this.dataSource = dataSource;
        this.templates = templates;
        this.clock = clock;
        this.events = events;
        this.escalation = escalation;
        this.warningBudget = java.util.Objects.requireNonNull(warningBudget, "warningBudget");
    }

    private static AlertEvents eventsWaking(Runnable outboxSignal) {
        AlertEvents events = new AlertEvents();
        events.onOutboxWork(outboxSignal);
        return events;
    }

    /** Registers a listener for committed changes (see {@link AlertListener} for the calling thread). */
    public void addListener(AlertListener listener) {
        events.addListener(listener);
    }

    public void removeListener(AlertListener listener) {
        events.removeListener(listener);
    }

    /**
     * Raises the alert for a trigger, or updates the existing one with the same dedupe key
     * (end time, closer distance): one episode is one alert. Notifications are owed only when the
     * alert is created; a critical alert also gets its acknowledgement deadline.
     */
    public RaisedAlert raise(AlertTrigger trigger, OrderContacts contacts) {
        Instant now = clock.instant();
        RaisedAlert raised;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                raised = raiseInTransaction(c, trigger, contacts, now);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AlertStoreException(
                    "could not raise alert " + trigger.dedupeKey() + " for order " + trigger.orderId(), e);
        }
        if (raised.created()) {
            events.wakeOutbox();
        }
        events.publish(raised.created() ? AlertChange.Kind.CREATED : AlertChange.Kind.UPDATED, raised.alert());
        return raised;
    }

    private RaisedAlert raiseInTransaction(Connection c, AlertTrigger trigger, OrderContacts contacts, Instant now)
            throws SQLException {
        Instant ackDeadline = escalation.escalatesUnacknowledged(trigger.type().defaultSeverity())
                ? now.plus(escalation.acknowledgeWithin())
                : null;
        Optional<UUID> created = insertAlert(c, trigger, contacts, ackDeadline, now);
        if (created.isEmpty()) {
            updateAlert(c, trigger, now);
            return new RaisedAlert(findByDedupeKey(c, trigger.dedupeKey()).orElseThrow(), false);
        }
        UUID alertId = created.get();
        insertTransition(c, alertId, null, AlertState.OPEN, SYSTEM_ACTOR, now, trigger.explanation(), null);
        rememberContacts(c, alertId, contacts);
        boolean budgeted = WarningBudget.isWarning(trigger.type())
                && !contacts.protectedPersons().isEmpty();
        if (budgeted) {
            WarningTexts.lockOrder(c, trigger.orderId());
        }
        for (Recipient recipient : NotificationPlan.recipients(trigger.type(), contacts)) {
            owe(c, alertId, trigger, contacts, recipient, budgeted, now);
        }
        return new RaisedAlert(AlertRows.load(c, alertId).orElseThrow(), true);
    }

    /**
     * Writes the SMS one recipient is owed for a new alert; a warning text to the protected person that the
     * budget withholds is written as a suppressed row instead (its reason chained as evidence). The desk's and
     * the respondent's texts are never budgeted.
     */
    private void owe(
            Connection c,
            UUID alertId,
            AlertTrigger trigger,
            OrderContacts contacts,
            Recipient recipient,
            boolean budgeted,
            Instant now)
            throws SQLException {
        String body = templates.render(
                trigger.type(),
                recipient.role(),
                recipient.language(),
                trigger.orderId(),
                trigger.eventTime(),
                contacts.timeZone(),
                trigger.ruleId(),
                trigger.minDistanceMetres(),
                contacts.station());
        String key =
                alertId + ":" + recipient.role().wireName() + ":" + recipient.phone() + ":" + Outbox.SMS + ":initial";
        if (budgeted && recipient.role() == Recipient.RecipientRole.PROTECTED) {
            WarningBudget.Judgement judgement = warningBudget.judge(
                    trigger.type(), now, WarningTexts.sentTo(c, trigger.orderId(), recipient.phone(), now));
            if (judgement.suppressed()) {
                WarningTexts.suppress(
                        c, alertId, key, recipient, body, warningBudget, judgement, contacts.timeZone(), now);
                return;
            }
        }
        Outbox.add(
                c,
                alertId,
                key,
                Outbox.SMS,
                recipient.role().wireName(),
                recipient.phone(),
                recipient.language().toLanguageTag(),
                body,
                Outbox.Purpose.INITIAL,
                now);
    }

    /** Alerts matching the query, newest first (first page only; see {@link #page}). */
    public List<Alert> list(AlertQuery query) {
        return page(query).alerts();
    }

    /** One page of alerts matching the query, newest first, with the cursor of the next page. */
    public AlertPage page(AlertQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM alerts WHERE true");
        List<Object> args = new ArrayList<>();
        filter(sql, args, "order_id = ?", query.orderId());
        if (query.withinOrders() != null) {
            sql.append(" AND order_id = ANY (?)");
            args.add(query.withinOrders().toArray(new String[0]));
        }
        filter(sql, args, "type = ?", query.type() == null ? null : query.type().name());
        filter(
                sql,
                args,
                "state = ?",
                query.state() == null ? null : query.state().name());
        filter(
                sql,
                args,
                "severity = ?",
                query.severity() == null ? null : query.severity().wireName());
        filter(sql, args, "opened_at >= ?", query.from() == null ? null : Timestamp.from(query.from()));
        filter(sql, args, "opened_at < ?", query.to() == null ? null : Timestamp.from(query.to()));
        if (query.after() != null) {
            sql.append(" AND (opened_at, id) < (?, ?)");
            args.add(Timestamp.from(query.after().openedAt()));
            args.add(query.after().id());
        }
        sql.append(" ORDER BY opened_at DESC, id DESC LIMIT ?");
        args.add(query.limit() + 1);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof String[] ids) {
                    ps.setArray(i + 1, c.createArrayOf("text", ids));
                } else {
                    ps.setObject(i + 1, args.get(i));
                }
            }
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRows.alert(rs));
                }
            }
            if (out.size() <= query.limit()) {
                return new AlertPage(out, null);
            }
            List<Alert> page = out.subList(0, query.limit());
            return new AlertPage(page, AlertCursor.after(page.get(page.size() - 1)));
        } catch (SQLException e) {
            throw new AlertStoreException("could not list alerts", e);
        }
    }

    /**
     * The newest {@code perOrder} alerts of each order of {@code orderIds}, in one query: the orders in the
     * given sequence, each one's alerts newest first, as {@link #list} answers them order by order. The
     * per-order read is a lateral index scan of {@code alerts_order_opened}, so an order's older alerts are
     * never read.
     */
    public List<Alert> latestOfEach(List<String> orderIds, int perOrder) {
        if (perOrder <= 0 || perOrder > 500) {
            throw new IllegalArgumentException("perOrder must be 1..500, got " + perOrder);
        }
        if (orderIds.isEmpty()) {
            return List.of();
        }
        String sql = """
                SELECT a.* FROM unnest(?::text[]) WITH ORDINALITY AS o(order_id, n)
                CROSS JOIN LATERAL (
                    SELECT * FROM alerts WHERE alerts.order_id = o.order_id
                    ORDER BY opened_at DESC, id DESC LIMIT ?) a
                ORDER BY o.n, a.opened_at DESC, a.id DESC""";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", orderIds.toArray(new String[0])));
            ps.setInt(2, perOrder);
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRows.alert(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AlertStoreException("could not read the latest alerts of " + orderIds.size() + " orders", e);
        }
    }

    private static void filter(StringBuilder sql, List<Object> args, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            args.add(value);
        }
    }

    public Optional<Alert> get(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            return AlertRows.load(c, id);
        } catch (SQLException e) {
            throw new AlertStoreException("could not read alert " + id, e);
        }
    }

    /** The alert with its lifecycle, notifications and escalations, read in one snapshot. */
    public Optional<AlertDetail> detail(UUID id) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                Optional<Alert> alert = AlertRows.load(c, id);
                if (alert.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new AlertDetail(
                        alert.get(),
                        DetailRows.lifecycle(c, id),
                        DetailRows.notifications(c, id),
                        DetailRows.escalations(c, id)));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new AlertStoreException("could not read alert " + id, e);
        }
    }

    private static Optional<UUID> insertAlert(
            Connection c, AlertTrigger t, OrderContacts contacts, Instant escalateAt, Instant now) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alerts (id, dedupe_key, order_id, type, severity, state, rule_id, device_id, party,
                                    event_time, ended_at, late, min_distance_m, accuracy_m, explanation, opened_at, updated_at,
                                    time_zone, station, escalate_at, escalate_reason)
                VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
            ps.setString(17, contacts.timeZone().getId());
            ps.setString(18, contacts.station());
            ps.setTimestamp(19, escalateAt == null ? null : Timestamp.from(escalateAt));
            ps.setString(20, escalateAt == null ? null : EscalationReason.ACK_TIMEOUT.name());
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

    /** Keeps the contacts the alert was raised with, so escalation after a restart knows whom to call. */
    private static void rememberContacts(Connection c, UUID alertId, OrderContacts contacts) throws SQLException {
        List<Recipient> all = new ArrayList<>(contacts.desk());
        all.addAll(contacts.protectedPersons());
        if (contacts.respondent() != null) {
            all.add(contacts.respondent());
        }
        if (contacts.supervisor() != null) {
            all.add(contacts.supervisor());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_recipients (alert_id, role, phone, language) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Recipient r : all) {
                ps.setObject(1, alertId);
                ps.setString(2, r.role().wireName());
                ps.setString(3, r.phone());
                ps.setString(4, r.language().toLanguageTag());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void insertTransition(
            Connection c,
            UUID alertId,
            AlertState from,
            AlertState to,
            String actor,
            Instant at,
            String note,
            Outcome outcome)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_transitions (alert_id, from_state, to_state, actor, at, note, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, alertId);
            ps.setString(2, from == null ? null : from.name());
            ps.setString(3, to.name());
            ps.setString(4, actor);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setString(6, note);
            ps.setString(7, outcome == null ? null : outcome.name());
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
