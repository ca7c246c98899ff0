package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.evidence.Checkpoint;
import io.stayaway.alerts.evidence.CourtOrder.Party;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.stayaway.alerts.evidence.bundle.BundleWriter;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.evidence.chain.Checkpoints;
import io.stayaway.alerts.evidence.report.EvidenceHashes;
import io.stayaway.alerts.evidence.report.EvidenceReport;
import io.stayaway.alerts.evidence.report.EvidenceReportModel;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The evidence bundle of one alert (docs/evidence.md, "Evidence bundle"): the alert's chain through a given
 * position, both parties' device chains over the episode with a margin, the order, the derived files
 * (tracks, timeline, health) and the human-readable reports, all in one signed archive. Deterministic:
 * the same chain position gives the same bytes. Blocking; one instance per bundle.
 */
public final class AlertBundle {
    /** Telemetry before and after the episode that a bundle includes. */
    public static final Duration MARGIN = Duration.ofMinutes(15);

    private final Checkpoints checkpoints;
    private final EvidenceKey key;

    public AlertBundle(Checkpoints checkpoints, EvidenceKey key) {
        this.checkpoints = checkpoints;
        this.key = key;
    }

    /** The chain file of one party's device over the window: the record before it, the window, and on to a signed checkpoint. */
    private record WindowEnd(Checkpoint checkpoint, String headLink) {}

    /**
     * Writes the bundle of {@code subject}'s alert built through position {@code through} of its chain, reading
     * in {@code c} (not in auto-commit mode, so rows are fetched in pages).
     */
    public void write(Connection c, EvidenceService.Subject subject, long through, OutputStream out)
            throws SQLException, IOException {
        UUID alertId = subject.alertId();
        AlertRecords records = new AlertRecords(through);
        BundleWriter w = new BundleWriter(out, key);
        String alertChain = ChainHash.alertChain(alertId);
        Checkpoint alertCheckpoint = checkpoints.covering(alertChain, through);
        long last = ChainRows.headIn(c, alertCheckpoint, alertChain);
        List<EvidenceHashes.ChainHead> heads = new ArrayList<>();
        try (BundleWriter.ChainFile file = w.chain(alertChain, 0, ChainHash.genesis(alertChain), "alert")) {
            heads.add(new EvidenceHashes.ChainHead(
                    alertChain, ChainHash.hex(ChainRows.write(c, alertChain, 1, last, file, records::add))));
        }
        w.checkpoint(alertCheckpoint);
        Checkpoint latest = alertCheckpoint;
        JsonObject alert = records.alert();
        Instant start = Instant.parse(alert.getString("event_time"));
        Instant end = alert.getString("ended_at") != null
                ? Instant.parse(alert.getString("ended_at"))
                : Instant.parse(records.lastAt());
        Instant from = start.minus(MARGIN).truncatedTo(ChronoUnit.SECONDS);
        Instant to = end.plus(MARGIN).truncatedTo(ChronoUnit.SECONDS);
        EpisodeData data = new EpisodeData(subject.order(), from, to);
        for (Party p : subject.order().parties()) {
            Optional<WindowEnd> windowEnd = writeWindow(c, w, p, from, to, data);
            if (windowEnd.isPresent()) {
                heads.add(new EvidenceHashes.ChainHead(
                        p.deviceId(), windowEnd.get().headLink()));
                if (windowEnd.get().checkpoint().id() > latest.id()) {
                    latest = windowEnd.get().checkpoint();
                }
            }
        }
        writeFiles(
                w,
                subject,
                records,
                data,
                new EvidenceReports.Quoted(w.evidenceDigest(), key.keyId(), latest.id(), latest.at(), heads));
        w.finish(new JsonObject()
                .put("kind", "alert-evidence")
                .put("alertId", alertId.toString())
                .put("orderId", subject.order().id())
                .put("alertChainThrough", through)
                .put("window", new JsonObject().put("from", from.toString()).put("to", to.toString())));
        w.close();
    }

    /** The files derived from the chained records: order, zones, alert, custody, tracks, timeline, health, reports, README. */
    private static void writeFiles(
            BundleWriter w,
            EvidenceService.Subject subject,
            AlertRecords records,
            EpisodeData data,
            EvidenceReports.Quoted quoted)
            throws IOException {
        w.file(
                "order.json",
                OrderSummary.of(subject.order())
                        .put("version", subject.orderVersion())
                        .put("versionEffectiveFrom", subject.orderVersionFrom().toString())
                        .encodePrettily());
        w.file("zones.geojson", OrderSummary.zones(subject.order()).encodePrettily());
        w.file("alert.json", records.json().encodePrettily());
        w.file("custody.json", records.custodyJson().encodePrettily());
        w.file("tracks.geojson", data.tracksGeoJson().encodePrettily());
        List<EpisodeData.Point> timeline = data.timeline();
        w.file("timeline.csv", data.timelineCsv(timeline));
        w.file("health.json", data.healthJson().encodePrettily());
        EvidenceReportModel report = EvidenceReports.model(data, timeline, records, quoted);
        for (ReportLanguage lang : ReportLanguage.values()) {
            w.file("report." + lang.name().toLowerCase(Locale.ROOT) + ".html", EvidenceReport.render(report, lang));
        }
        w.file("README.txt", readme("report.*.html   the human-readable report (en, zh)"));
    }

    private Optional<WindowEnd> writeWindow(
            Connection c, BundleWriter w, Party party, Instant from, Instant to, EpisodeData data)
            throws SQLException, IOException {
        String chain = ChainHash.deviceChain(party.deviceId());
        OptionalLong[] range = ChainRows.positionsIn(c, party.deviceId(), from, to);
        if (range[0].isEmpty()) {
            data.noRecords(party);
            return Optional.empty();
        }
        long first = Math.max(1, range[0].getAsLong() - 1);
        Checkpoint cp = checkpoints.covering(chain, range[1].getAsLong());
        long last = ChainRows.headIn(c, cp, chain);
        byte[] head;
        try (BundleWriter.ChainFile file =
                w.chain(chain, first - 1, ChainRows.linkAt(c, chain, first - 1), "telemetry-window")) {
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
}
