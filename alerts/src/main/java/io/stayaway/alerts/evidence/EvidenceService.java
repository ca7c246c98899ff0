package io.stayaway.alerts.evidence;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.evidence.assembly.AlertBundle;
import io.stayaway.alerts.evidence.assembly.Compliance;
import io.stayaway.alerts.evidence.assembly.OrderExport;
import io.stayaway.alerts.evidence.assembly.RenewalReviews;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.evidence.chain.CheckpointSchedule;
import io.stayaway.alerts.evidence.chain.Checkpoints;
import io.stayaway.alerts.evidence.report.ComplianceModel;
import io.stayaway.alerts.evidence.report.RenewalReviewModel;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * Court evidence (docs/evidence.md): evidence bundles per alert, the chain-of-custody
 * record of every access, and the order's compliance report and full export. Blocking: call from a
 * worker thread. Bundles are deterministic: they depend only on stored data and the alert-chain
 * position they are built through, never on the time of export.
 */
public final class EvidenceService {
    private final DataSource dataSource;
    private final Checkpoints checkpoints;
    private final AlertService alerts;
    private final CourtOrder.Reader orders;
    private final Clock clock;

    private final Duration freshness;

    /**
     * @param key       signs checkpoints and archives
     * @param orders    reads an order as the gateway stores it
     * @param freshness how old a fix may be and still count as monitoring (the communication-loss time)
     */
    public EvidenceService(
            DataSource dataSource,
            EvidenceKey key,
            CourtOrder.Reader orders,
            AlertService alerts,
            Duration freshness,
            Clock clock) {
        this.freshness = freshness;
        this.dataSource = dataSource;
        this.checkpoints = new Checkpoints(dataSource, key, clock);
        this.orders = orders;
        this.alerts = alerts;
        this.clock = clock;
    }

    public EvidenceKey key() {
        return checkpoints.key();
    }

    /** The signed checkpoints after {@code afterId}, oldest first, at most {@code limit}. */
    public List<Checkpoint> checkpoints(long afterId, int limit) throws SQLException {
        return checkpoints.list(afterId, limit);
    }

    /** Signs the heads of every chain that moved since the last checkpoint; empty when none moved. */
    public Optional<Checkpoint> checkpoint() throws SQLException {
        return checkpoints.checkpoint();
    }

    /**
     * Starts signing checkpoints every {@code interval}, at each UTC day end, and once more when the
     * returned handle is closed (at shutdown), on a thread of its own.
     */
    public AutoCloseable scheduleCheckpoints(Duration interval) {
        return new CheckpointSchedule(checkpoints, interval, clock);
    }

    /** The name of an alert's chain: its lifecycle, notifications and the accesses to its evidence. */
    public static String alertChain(UUID alertId) {
        return ChainHash.alertChain(alertId);
    }

    /** Signs a checkpoint now (after a retention run, so its record is signed at once); failures are logged, the next tick retries. */
    public void signNow() {
        try {
            checkpoints.checkpoint();
        } catch (SQLException | RuntimeException e) {
            LoggerFactory.getLogger(EvidenceService.class)
                    .error("could not sign a checkpoint now (retried at the next tick): {}", e.toString());
        }
    }

    /** An alert and the version of its order in force when its episode began (also for terminated orders). */
    public record Subject(UUID alertId, CourtOrder order, int orderVersion, Instant orderVersionFrom) {}

    public Optional<Subject> subject(UUID alertId) {
        return alerts.get(alertId)
                .flatMap(alert -> orderAt(alert.orderId(), alert.eventTime())
                        .map(o -> new Subject(alertId, o.document(), o.version(), o.effectiveFrom())));
    }

    /** One version of an order: its document, number, and the device time from which it governs fixes. */
    public record OrderAt(CourtOrder document, int version, Instant effectiveFrom) {}

    /**
     * The version of an order in force at device time {@code t} (the evaluator judged the episode by
     * it); the first version when {@code t} precedes them all. Amendments take effect now or later, so
     * the answer for a past episode never changes.
     */
    public Optional<OrderAt> orderAt(String orderId, Instant t) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT body, version, effective_from FROM order_versions WHERE order_id = ?
                ORDER BY (effective_from <= ?) DESC, CASE WHEN effective_from <= ? THEN -version ELSE version END LIMIT 1""")) {
            ps.setString(1, orderId);
            ps.setTimestamp(2, Timestamp.from(t));
            ps.setTimestamp(3, Timestamp.from(t));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new OrderAt(
                                orders.read(new JsonObject(rs.getString(1))),
                                rs.getInt(2),
                                rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EvidenceException("could not read order " + orderId, e);
        }
    }

    /** Every version of an order, oldest first. */
    List<OrderAt> versions(Connection c, String orderId) throws SQLException {
        List<OrderAt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT body, version, effective_from FROM order_versions WHERE order_id = ? ORDER BY version")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OrderAt(
                            orders.read(new JsonObject(rs.getString(1))),
                            rs.getInt(2),
                            rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return out;
    }

    /** The order as stored, including terminated ones. */
    public Optional<CourtOrder> order(String orderId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT body FROM orders WHERE id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(orders.read(new JsonObject(rs.getString(1)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EvidenceException("could not read order " + orderId, e);
        }
    }

    /** The current head of a chain (0 when it has no record). */
    public long head(String chain) {
        try (Connection c = dataSource.getConnection()) {
            return Checkpoints.head(c, chain);
        } catch (SQLException e) {
            throw new EvidenceException("could not read chain " + chain, e);
        }
    }

    /**
     * Records one access to evidence in its chain (an alert's, or an order's for compliance reports
     * and exports): who, with which role, what, and why. Returns the record's position.
     */
    public long recordAccess(String chain, String actor, String role, String action, String resource, String reason) {
        JsonObject row = new JsonObject()
                .put("at", clock.instant().truncatedTo(ChronoUnit.MICROS).toString())
                .put("actor", actor)
                .put("role", role)
                .put("action", action)
                .put("resource", resource)
                .put("reason", reason);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT chain_append(?, 'custody', chain_record('custody', 'evidence_access', ?::jsonb))")) {
            ps.setString(1, chain);
            ps.setString(2, row.encode());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new EvidenceException(
                    "could not record the access to " + resource + "; the evidence is not released without it", e);
        }
    }

    /**
     * Writes the evidence bundle of an alert, built through position {@code through} of the alert's
     * chain (the same position gives the same bytes).
     */
    public void writeAlertBundle(Subject subject, long through, OutputStream out) throws IOException {
        UUID alertId = subject.alertId();
        if (through < 1) {
            throw new IllegalArgumentException("alert " + alertId + " has no chained record to build evidence from");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            new AlertBundle(checkpoints, key()).write(c, subject, through, out);
            c.commit();
        } catch (SQLException e) {
            throw new EvidenceException("could not read the evidence of alert " + alertId, e);
        }
    }

    /**
     * Streams the full export of an order to {@code out}; pages through the database in one read-only
     * transaction, so memory stays bounded whatever the order's length.
     */
    public void writeOrderExport(CourtOrder order, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            new OrderExport(checkpoints, key()).write(c, order, versions(c, order.id()), out);
            c.commit();
        } catch (SQLException e) {
            throw new EvidenceException("could not read the history of order " + order.id(), e);
        }
    }

    /** The compliance report of an order over [from, to): coverage, gaps, alerts and outcomes, incidents, delivery. */
    public ComplianceModel compliance(CourtOrder order, Instant from, Instant to) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            ComplianceModel model = Compliance.compute(c, order, from, to, freshness);
            c.commit();
            return model;
        } catch (SQLException e) {
            throw new EvidenceException("could not compute the compliance of order " + order.id(), e);
        }
    }

    /**
     * The renewal review of {@code order} as of {@code now}: its compliance from {@code validFrom} to the earlier of
     * {@code now} and {@code validUntil}, its alerts, check-ins and follow-up contacts, read in one transaction.
     */
    public RenewalReviewModel renewalReview(CourtOrder order, Instant now) {
        Instant end = order.validUntil().isBefore(now) ? order.validUntil() : now;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            ComplianceModel life = Compliance.compute(c, order, order.validFrom(), end, freshness);
            RenewalReviewModel model = RenewalReviews.assemble(
                    c,
                    order,
                    life,
                    now,
                    RenewalReviews.checkIns(c, order.id()),
                    RenewalReviews.followUps(c, order.id()));
            c.commit();
            return model;
        } catch (SQLException e) {
            throw new EvidenceException("could not prepare the renewal review of order " + order.id(), e);
        }
    }

    /** The evidence could not be read or its access not recorded. */
    public static final class EvidenceException extends RuntimeException {
        public EvidenceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
