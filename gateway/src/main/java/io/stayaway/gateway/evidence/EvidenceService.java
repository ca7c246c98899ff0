package io.stayaway.gateway.evidence;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.evidence.BundleWriter;
import io.stayaway.alerts.evidence.ChainHash;
import io.stayaway.alerts.evidence.Checkpoints;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.report.ComplianceModel;
import io.stayaway.alerts.evidence.report.EvidenceHashes;
import io.stayaway.alerts.evidence.report.EvidenceReport;
import io.stayaway.alerts.evidence.report.EvidenceReportModel;
import io.stayaway.alerts.evidence.report.ReportLanguage;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.Party;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Court evidence (README, "Evidence for courts"): evidence bundles per alert, the chain-of-custody
 * record of every access, and the order's compliance report and full export. Blocking: call from a
 * worker thread. Bundles are deterministic: they depend only on stored data and the alert-chain
 * position they are built through, never on the time of export.
 */
public final class EvidenceService {
    /** Telemetry before and after the episode that a bundle includes. */
    public static final Duration MARGIN = Duration.ofMinutes(15);

    private final DataSource dataSource;
    private final Checkpoints checkpoints;
    private final AlertService alerts;
    private final Clock clock;

    private final Duration freshness;

    /** @param freshness how old a fix may be and still count as monitoring (the communication-loss time) */
    public EvidenceService(DataSource dataSource, Checkpoints checkpoints, AlertService alerts, Duration freshness, Clock clock) {
        this.freshness = freshness;
        this.dataSource = dataSource;
        this.checkpoints = checkpoints;
        this.alerts = alerts;
        this.clock = clock;
    }

    public EvidenceKey key() {
        return checkpoints.key();
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Signs a checkpoint now (after a retention run, so its record is signed at once); failures are logged, the next tick retries. */
    public void signNow() {
        try {
            checkpoints.checkpoint();
        } catch (SQLException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(EvidenceService.class).error("could not sign a checkpoint now (retried at the next tick): {}", e.toString());
        }
    }

    /** An alert and the version of its order in force when its episode began (also for terminated orders). */
    public record Subject(UUID alertId, OrderDocument order, int orderVersion, Instant orderVersionFrom) {
    }

    public Optional<Subject> subject(UUID alertId) {
        return alerts.get(alertId).flatMap(alert -> orderAt(alert.orderId(), alert.eventTime())
                .map(o -> new Subject(alertId, o.document(), o.version(), o.effectiveFrom())));
    }

    /** One version of an order: its document, number, and the device time from which it governs fixes. */
    public record OrderAt(OrderDocument document, int version, Instant effectiveFrom) {
    }

    /**
     * The version of an order in force at device time {@code t} (the evaluator judged the episode by
     * it); the first version when {@code t} precedes them all. Amendments take effect now or later, so
     * the answer for a past episode never changes.
     */
    public Optional<OrderAt> orderAt(String orderId, Instant t) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT body, version, effective_from FROM order_versions WHERE order_id = ?
                ORDER BY (effective_from <= ?) DESC, CASE WHEN effective_from <= ? THEN -version ELSE version END LIMIT 1""")) {
            ps.setString(1, orderId);
            ps.setTimestamp(2, java.sql.Timestamp.from(t));
            ps.setTimestamp(3, java.sql.Timestamp.from(t));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new OrderAt(OrderDocument.parse(new JsonObject(rs.getString(1))), rs.getInt(2), rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EvidenceException("could not read order " + orderId, e);
        }
    }

    /** Every version of an order, oldest first. */
    List<OrderAt> versions(Connection c, String orderId) throws SQLException {
        List<OrderAt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT body, version, effective_from FROM order_versions WHERE order_id = ? ORDER BY version")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OrderAt(OrderDocument.parse(new JsonObject(rs.getString(1))), rs.getInt(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return out;
    }

    /** The order as stored, including terminated ones. */
    public Optional<OrderDocument> order(String orderId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT body FROM orders WHERE id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(OrderDocument.parse(new JsonObject(rs.getString(1)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EvidenceException("could not read order " + orderId, e);
        }
    }

    /** The current head of a chain (0 when it has no record). */
    public long head(String chain) {
        try (Connection c = dataSource.getConnection()) {
            return ChainRows.head(c, chain);
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
             PreparedStatement ps = c.prepareStatement("SELECT chain_append(?, 'custody', chain_record('custody', 'evidence_access', ?::jsonb))")) {
            ps.setString(1, chain);
            ps.setString(2, row.encode());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new EvidenceException("could not record the access to " + resource + "; the evidence is not released without it", e);
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
        AlertRecords records = new AlertRecords(through);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            BundleWriter w = new BundleWriter(out, key());
            String alertChain = ChainHash.alertChain(alertId);
            Checkpoints.Checkpoint alertCheckpoint = checkpoints.covering(alertChain, through);
            long last = ChainRows.headIn(c, alertCheckpoint, alertChain);
            List<EvidenceHashes.ChainHead> heads = new ArrayList<>();
            try (BundleWriter.ChainFile file = w.chain(alertChain, 0, ChainHash.genesis(alertChain), "alert")) {
                heads.add(new EvidenceHashes.ChainHead(alertChain, ChainHash.hex(ChainRows.write(c, alertChain, 1, last, file, records::add))));
            }
            w.checkpoint(alertCheckpoint);
            Checkpoints.Checkpoint latest = alertCheckpoint;
            JsonObject alert = records.alert();
            Instant start = Instant.parse(alert.getString("event_time"));
            Instant end = alert.getString("ended_at") != null ? Instant.parse(alert.getString("ended_at")) : Instant.parse(records.lastAt());
            Instant from = start.minus(MARGIN).truncatedTo(ChronoUnit.SECONDS);
            Instant to = end.plus(MARGIN).truncatedTo(ChronoUnit.SECONDS);
            EpisodeData data = new EpisodeData(subject.order(), from, to);
            for (Party p : subject.order().parties()) {
                Optional<WindowEnd> windowEnd = writeWindow(c, w, p, from, to, data);
                if (windowEnd.isPresent()) {
                    heads.add(new EvidenceHashes.ChainHead(p.deviceId(), windowEnd.get().headLink()));
                    if (windowEnd.get().checkpoint().id() > latest.id()) {
                        latest = windowEnd.get().checkpoint();
                    }
                }
            }
            w.file("order.json", OrderSummary.of(subject.order()).put("version", subject.orderVersion())
                    .put("versionEffectiveFrom", subject.orderVersionFrom().toString()).encodePrettily());
            w.file("zones.geojson", OrderSummary.zones(subject.order()).encodePrettily());
            w.file("alert.json", records.json().encodePrettily());
            w.file("custody.json", records.custodyJson().encodePrettily());
            w.file("tracks.geojson", data.tracksGeoJson().encodePrettily());
            List<EpisodeData.Point> timeline = data.timeline();
            w.file("timeline.csv", data.timelineCsv(timeline));
            w.file("health.json", data.healthJson().encodePrettily());
            EvidenceReports.Quoted quoted = new EvidenceReports.Quoted(w.evidenceDigest(), key().keyId(), latest.id(), latest.at(), heads);
            EvidenceReportModel report = EvidenceReports.model(data, timeline, records, quoted);
            for (ReportLanguage lang : ReportLanguage.values()) {
                w.file("report." + lang.name().toLowerCase(java.util.Locale.ROOT) + ".html", EvidenceReport.render(report, lang));
            }
            w.file("README.txt", readme("report.*.html   the human-readable report (en, zh)"));
            w.finish(new JsonObject()
                    .put("kind", "alert-evidence")
                    .put("alertId", alertId.toString())
                    .put("orderId", subject.order().order().id())
                    .put("alertChainThrough", through)
                    .put("window", new JsonObject().put("from", from.toString()).put("to", to.toString())));
            w.close();
            c.commit();
        } catch (SQLException e) {
            throw new EvidenceException("could not read the evidence of alert " + alertId, e);
        }
    }

    /**
     * Streams the full export of an order to {@code out}; pages through the database in one read-only
     * transaction, so memory stays bounded whatever the order's length.
     */
    public void writeOrderExport(OrderDocument order, OutputStream out) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            new OrderExport(checkpoints, key()).write(c, order, versions(c, order.order().id()), out);
            c.commit();
        } catch (SQLException e) {
            throw new EvidenceException("could not read the history of order " + order.order().id(), e);
        }
    }

    /** The compliance report of an order over [from, to): coverage, gaps, alerts and outcomes, incidents, delivery. */
    public ComplianceModel compliance(OrderDocument order, Instant from, Instant to) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            ComplianceModel model = Compliance.compute(c, order, from, to, freshness);
            c.commit();
            return model;
        } catch (SQLException e) {
            throw new EvidenceException("could not compute the compliance of order " + order.order().id(), e);
        }
    }

    /** The chain file of one party's device over the window: the record before it, the window, and on to a signed checkpoint. */
    private record WindowEnd(Checkpoints.Checkpoint checkpoint, String headLink) {
    }

    private Optional<WindowEnd> writeWindow(Connection c, BundleWriter w, Party party, Instant from, Instant to, EpisodeData data) throws SQLException, IOException {
        String chain = ChainHash.deviceChain(party.deviceId());
        OptionalLong[] range = ChainRows.positionsIn(c, party.deviceId(), from, to);
        if (range[0].isEmpty()) {
            data.noRecords(party);
            return Optional.empty();
        }
        long first = Math.max(1, range[0].getAsLong() - 1);
        Checkpoints.Checkpoint cp = checkpoints.covering(chain, range[1].getAsLong());
        long last = ChainRows.headIn(c, cp, chain);
        byte[] head;
        try (BundleWriter.ChainFile file = w.chain(chain, first - 1, ChainRows.linkAt(c, chain, first - 1), "telemetry-window")) {
            head = ChainRows.write(c, chain, first, last, file, row -> data.telemetry(party, row));
        }
        w.checkpoint(cp);
        return Optional.of(new WindowEnd(cp, ChainHash.hex(head)));
    }

    /** The archive's README; {@code contents} describes the files particular to this kind of archive. */
    static String readme(String contents) {
        return """
                Stayaway evidence archive
                =========================
                manifest.json   every file with its SHA-256, signed with the operator's Ed25519 key (manifest.sig,
                                public key in signing-key.pem; compare its key id with the one the operator publishes)
                chains/*.chain  records exactly as chained: "position TAB link TAB record" per line; a device's
                                record holds the device's message byte for byte (base64 "raw"), its receive time,
                                device id and sequence number; link = SHA-256(previous link || SHA-256(record))
                checkpoints/    signed heads of the chains, which the chain files end at
                %s

                Verify offline, without the operator's systems:
                    java -jar gateway-0.1.0-SNAPSHOT.jar verify THIS.zip [--key PUBLISHED-KEY.pem]
                """.formatted(contents);
    }

    /** The evidence could not be read or its access not recorded. */
    public static final class EvidenceException extends RuntimeException {
        public EvidenceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
