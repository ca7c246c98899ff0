package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.evidence.Checkpoint;
import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.alerts.evidence.CourtOrder.Party;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.evidence.bundle.BundleWriter;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.evidence.chain.Checkpoints;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The full history of an order in open formats (docs/evidence.md, "Full export"): every record of each party's
 * device since the order took effect, as chained (verifiable by the same offline verifier), the same
 * fixes and events as CSV, every alert of the order with its chain, the order and its zones as
 * GeoJSON, and the signed checkpoints. Streams from the database in pages and into the archive as it
 * goes: memory does not grow with the length of the order.
 */
public final class OrderExport {
    private final Checkpoints checkpoints;
    private final EvidenceKey key;

    public OrderExport(Checkpoints checkpoints, EvidenceKey key) {
        this.checkpoints = checkpoints;
        this.key = key;
    }

    /** Counts of what was exported. */
    public record Exported(long records, long fixes, long events, int alerts) {}

    public Exported write(Connection c, CourtOrder order, List<EvidenceService.OrderAt> versions, OutputStream out)
            throws SQLException, IOException {
        BundleWriter w = new BundleWriter(out, key);
        writeOrder(w, order, versions);
        Timestamp from = Timestamp.from(order.validFrom());
        Timestamp until = Timestamp.from(order.validUntil());
        long[] counts = new long[3];
        JsonArray devices = new JsonArray();
        for (Party p : order.parties()) {
            devices.add(writeDevice(c, w, p, from, until, counts));
        }
        List<String> alertIds = alertIds(c, order.id());
        for (String alertId : alertIds) {
            writeWholeChain(c, w, ChainHash.alertChain(alertId), "alert");
        }
        boolean orderChain = writeWholeChain(c, w, ChainHash.orderChain(order.id()), "order");
        w.file(
                "README.txt",
                AlertBundle.readme("pings-*.csv     every fix of each device while the order was in force\n"
                        + "events-*.csv    every device event (tamper, battery, GNSS, …)\n"
                        + "chains/alert_*  each alert of the order: its lifecycle and notifications as chained\n"
                        + "chains/order_*  the order's own chain: evidence accesses, safety check-ins and replies,\n"
                        + "                follow-up contacts"));
        w.finish(new JsonObject()
                .put("kind", "order-export")
                .put("orderId", order.id())
                .put("validFrom", order.validFrom().toString())
                .put("validUntil", order.validUntil().toString())
                .put("devices", devices)
                .put("alerts", alertIds.size())
                .put("orderChain", orderChain));
        w.close();
        return new Exported(counts[0], counts[1], counts[2], alertIds.size());
    }

    private static void writeOrder(BundleWriter w, CourtOrder order, List<EvidenceService.OrderAt> versions)
            throws IOException {
        w.file("order.json", OrderSummary.of(order).encodePrettily());
        w.file("zones.geojson", OrderSummary.zones(order).encodePrettily());
        JsonArray history = new JsonArray();
        for (EvidenceService.OrderAt v : versions) {
            history.add(OrderSummary.of(v.document())
                    .put("version", v.version())
                    .put("effectiveFrom", v.effectiveFrom().toString()));
        }
        w.file(
                "order-versions.json",
                new JsonObject()
                        .put(
                                "note",
                                "every version of the order; each governs fixes from its effectiveFrom (device time)")
                        .put("versions", history)
                        .encodePrettily());
    }

    /** One party's device chain since the order took effect, and its fixes and events as CSV; adds to {@code counts} (records, fixes, events). */
    private JsonObject writeDevice(
            Connection c, BundleWriter w, Party p, Timestamp from, Timestamp until, long[] counts)
            throws SQLException, IOException {
        String chain = ChainHash.deviceChain(p.deviceId());
        long first = firstPosition(c, p.deviceId(), from);
        long head = Checkpoints.head(c, chain);
        JsonObject device = new JsonObject().put("role", p.role().wireName()).put("deviceId", p.deviceId());
        if (first == 0 || head == 0) {
            return device.put("records", 0);
        }
        first = Math.max(1, first - 1);
        Checkpoint cp = checkpoints.covering(chain, head);
        long last = ChainRows.headIn(c, cp, chain);
        long[] n = new long[1];
        try (BundleWriter.ChainFile file = w.chain(chain, first - 1, ChainRows.linkAt(c, chain, first - 1), "export")) {
            ChainRows.write(c, chain, first, last, file, row -> n[0]++);
        }
        w.checkpoint(cp);
        counts[0] += n[0];
        counts[1] += csv(
                c,
                w,
                "pings-" + safe(p.deviceId()) + ".csv",
                """
                SELECT device_id, seq, ts, received_at, lat, lon, acc, speed, heading, battery FROM pings
                WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts, seq""",
                "device_id,seq,ts,received_at,lat,lon,acc_m,speed_mps,heading_deg,battery_pct",
                p.deviceId(),
                from,
                until);
        counts[2] += csv(
                c,
                w,
                "events-" + safe(p.deviceId()) + ".csv",
                """
                SELECT device_id, seq, ts, received_at, type, lat, lon FROM device_events
                WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts, seq""",
                "device_id,seq,ts,received_at,type,lat,lon",
                p.deviceId(),
                from,
                until);
        return device.put("records", n[0]);
    }

    private static List<String> alertIds(Connection c, String orderId) throws SQLException {
        List<String> alertIds = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM alerts WHERE order_id = ? ORDER BY opened_at, id")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alertIds.add(rs.getString(1));
                }
            }
        }
        return alertIds;
    }

    /**
     * A whole chain (an alert's, the order's) up to a signed checkpoint; nothing for a chain with no record (an
     * alert raised before chains were kept). True when the chain was written.
     */
    private boolean writeWholeChain(Connection c, BundleWriter w, String chain, String purpose)
            throws SQLException, IOException {
        long head = Checkpoints.head(c, chain);
        if (head == 0) {
            return false;
        }
        Checkpoint cp = checkpoints.covering(chain, head);
        try (BundleWriter.ChainFile file = w.chain(chain, 0, ChainHash.genesis(chain), purpose)) {
            ChainRows.write(c, chain, 1, ChainRows.headIn(c, cp, chain), file, row -> {});
        }
        w.checkpoint(cp);
        return true;
    }

    /** The first position of the device's chain with a fix time at or after {@code from}; 0 when none. */
    private static long firstPosition(Connection c, String deviceId, Timestamp from) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT min(pos) FROM chain_links WHERE device_id = ? AND chain = ? AND ts >= ?")) {
            ps.setString(1, deviceId);
            ps.setString(2, ChainHash.deviceChain(deviceId));
            ps.setTimestamp(3, from);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Streams a query into a CSV file of the archive; returns the rows written. */
    private static long csv(
            Connection c,
            BundleWriter w,
            String name,
            String sql,
            String header,
            String deviceId,
            Timestamp from,
            Timestamp until)
            throws SQLException, IOException {
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(5_000);
            ps.setString(1, deviceId);
            ps.setTimestamp(2, from);
            ps.setTimestamp(3, until);
            OutputStream file = w.open(name);
            Writer out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16);
            out.write(header);
            out.write('\n');
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        if (i > 1) {
                            out.write(',');
                        }
                        Object v = rs.getObject(i);
                        if (v instanceof Timestamp t) {
                            out.write(t.toInstant().toString());
                        } else if (v instanceof Double d) {
                            out.write(String.format(Locale.ROOT, "%s", d));
                        } else if (v != null) {
                            out.write(v.toString().replace(",", ";"));
                        }
                    }
                    out.write('\n');
                    rows++;
                }
            }
            out.close();
        }
        return rows;
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
