package io.stayaway.alerts.checkin;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.MessageTemplates;
import io.stayaway.alerts.PollingWorker;
import io.stayaway.alerts.notify.NotificationChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety check-ins by SMS with the protected person (issue #19), assembled: the worker thread
 * ({@code check-ins}) that plans, texts and settles check-ins, the inbound-message webhook, and the read of an
 * order's check-in history. The gateway builds it once on the alerts schema, calls {@link #start()} and closes
 * it on shutdown. Start/close are thread-safe.
 */
public final class CheckIns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckIns.class);
    private final PollingWorker worker;
    private final CheckInWorker steps;
    private final CheckInDelivery delivery;
    private final InboundMessages inbound;

    private CheckIns(
            DataSource dataSource,
            NotificationChannel channel,
            Clock clock,
            AlertService alerts,
            CheckInOrders orders,
            CheckInSettings settings,
            CheckInSettings.Inbound inboundSettings) {
        Objects.requireNonNull(orders, "orders");
        this.delivery = new CheckInDelivery(channel, new MessageTemplates(), orders, settings);
        this.steps = new CheckInWorker(dataSource, clock, alerts, orders, settings, delivery);
        this.worker = new PollingWorker("check-ins", settings.poll(), this.steps::runOnce);
        this.inbound = inboundSettings == null
                ? null
                : new InboundMessages(dataSource, clock, alerts, orders, inboundSettings);
    }

    /**
     * Builds the module on a migrated alerts schema; nothing runs until {@link #start()}.
     *
     * @param inbound how Twilio's inbound messages are verified, or null for none: then no replies are taken and no
     *                check-in is sent ({@link #start()})
     */
    public static CheckIns create(
            DataSource dataSource,
            NotificationChannel channel,
            Clock clock,
            AlertService alerts,
            CheckInOrders orders,
            CheckInSettings settings,
            CheckInSettings.Inbound inbound) {
        return new CheckIns(dataSource, channel, clock, alerts, orders, settings, inbound);
    }

    /**
     * Starts the worker, unless replies cannot be taken (no inbound settings): a check-in asks her to reply 2 if she
     * needs help, so it is never sent where that reply would reach nobody.
     */
    public void start() {
        if (inbound == null) {
            LOG.warn("safety check-ins are off: replies cannot be taken (no inbound-message URL is configured)");
            return;
        }
        worker.start();
    }

    /** Asks the worker to look for work now (after an order change, for instance). */
    public void wake() {
        worker.wake();
    }

    /**
     * An order was created, amended or terminated (here or at another gateway): its check-ins are planned at once,
     * not at the next minute's planning.
     */
    public void ordersChanged() {
        steps.ordersChanged();
        worker.wake();
    }

    /** The inbound-message webhook, present when inbound settings were given. */
    public Optional<InboundMessages> inbound() {
        return Optional.ofNullable(inbound);
    }

    /** Check-ins texted so far by this process. */
    public long sentCount() {
        return delivery.sentCount();
    }

    /** Check-ins given up (Twilio refused them or every attempt failed): a metric to alarm on. */
    public long failedCount() {
        return delivery.failedCount();
    }

    @Override
    public void close() {
        worker.close();
    }

    /**
     * The order's check-ins, oldest slot first, each with the latest reply matched to it: the renewal review's
     * check-in history. Reads in the caller's connection (and transaction, for a consistent snapshot).
     */
    public static List<CheckInRecord> history(Connection c, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ci.id, ci.kind, ci.trigger_alert_id, ci.due_at, ci.sent_at, ci.state, r.body, r.received_at
                FROM check_ins ci
                LEFT JOIN LATERAL (SELECT body, received_at FROM check_in_replies
                                   WHERE check_in_id = ci.id ORDER BY received_at DESC, id DESC LIMIT 1) r ON true
                WHERE ci.order_id = ?
                ORDER BY ci.due_at, ci.created_at, ci.id""")) {
            ps.setString(1, orderId);
            List<CheckInRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CheckInRecord(
                            rs.getObject(1, UUID.class),
                            CheckInKind.fromWire(rs.getString(2)),
                            rs.getObject(3, UUID.class),
                            rs.getTimestamp(4).toInstant(),
                            instant(rs.getTimestamp(5)),
                            CheckInState.fromWire(rs.getString(6)),
                            rs.getString(7),
                            instant(rs.getTimestamp(8))));
                }
            }
            return out;
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
