package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.evidence.Checkpoint;
import io.stayaway.alerts.evidence.TelemetryRecord;
import io.stayaway.alerts.evidence.bundle.BundleWriter;
import io.stayaway.alerts.evidence.chain.ChainHash;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Reads chain links back from storage, position by position, rebuilding each telemetry record from the
 * row it points at (or taking an alert-chain record as stored), and writes them to a chain file. A
 * record whose row retention removed is written by hash only. Streams: rows are fetched in pages.
 */
final class ChainRows {
    private ChainRows() {}

    /** One chained record as read back; telemetry fields are null for alert-chain records. */
    record Row(
            long pos,
            String kind,
            byte[] link,
            byte[] record,
            boolean removed,
            String deviceId,
            Instant ts,
            Instant receivedAt,
            Double lat,
            Double lon,
            Double acc,
            Integer battery,
            String eventType) {}

    interface Sink {
        void accept(Row row) throws IOException;
    }

    /** The link at {@code pos} (the genesis link for 0). */
    static byte[] linkAt(Connection c, String chain, long pos) throws SQLException {
        if (pos == 0) {
            return ChainHash.genesis(chain);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT link FROM chain_links WHERE chain = ? AND pos = ?")) {
            ps.setString(1, chain);
            ps.setLong(2, pos);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("chain " + chain + " has no position " + pos);
                }
                return rs.getBytes(1);
            }
        }
    }

    /** The first and last position of a device's records whose fix time lies in [from, to]; empty when none. */
    static OptionalLong[] positionsIn(Connection c, String deviceId, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT min(pos), max(pos) FROM chain_links WHERE device_id = ? AND chain = ? AND ts >= ? AND ts <= ?")) {
            ps.setString(1, deviceId);
            ps.setString(2, ChainHash.deviceChain(deviceId));
            ps.setTimestamp(3, java.sql.Timestamp.from(from));
            ps.setTimestamp(4, java.sql.Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                if (rs.wasNull()) {
                    return new OptionalLong[] {OptionalLong.empty(), OptionalLong.empty()};
                }
                return new OptionalLong[] {OptionalLong.of(min), OptionalLong.of(rs.getLong(2))};
            }
        }
    }

    /**
     * Writes positions {@code first..last} of {@code chain} into {@code file} (whose header says it starts
     * after {@code first - 1}), passing each row to {@code also}; returns the link at {@code last}. The
     * connection must not be in auto-commit mode, so the rows are fetched in pages.
     */
    static byte[] write(Connection c, String chain, long first, long last, BundleWriter.ChainFile file, Sink also)
            throws SQLException, IOException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT l.pos, l.kind, l.link, l.record_hash, l.record, l.device_id, l.seq, l.ts,
                       coalesce(p.received_at, e.received_at), coalesce(p.raw, e.raw),
                       coalesce(p.lat, e.lat), coalesce(p.lon, e.lon), p.acc, p.battery, e.type
                FROM chain_links l
                LEFT JOIN pings p ON l.kind = 'ping' AND p.device_id = l.device_id AND p.seq = l.seq AND p.ts = l.ts
                LEFT JOIN device_events e ON l.kind = 'event' AND e.device_id = l.device_id AND e.seq = l.seq AND e.ts = l.ts
                WHERE l.chain = ? AND l.pos BETWEEN ? AND ?
                ORDER BY l.pos""")) {
            ps.setFetchSize(2_000);
            ps.setString(1, chain);
            ps.setLong(2, first);
            ps.setLong(3, last);
            byte[] link = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    if (row.removed()) {
                        file.elided(row.pos(), row.link(), rs.getBytes(4));
                    } else {
                        file.record(row.pos(), row.link(), row.record());
                    }
                    also.accept(row);
                    link = row.link();
                }
            }
            if (link == null) {
                throw new IllegalStateException("chain " + chain + " has no positions " + first + ".." + last);
            }
            return link;
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        long pos = rs.getLong(1);
        String kind = rs.getString(2);
        byte[] link = rs.getBytes(3);
        byte[] stored = rs.getBytes(5);
        if (stored != null) {
            return new Row(pos, kind, link, stored, false, null, null, null, null, null, null, null, null);
        }
        String deviceId = rs.getString(6);
        Instant ts = rs.getTimestamp(8).toInstant();
        byte[] raw = rs.getBytes(10);
        if (raw == null) {
            return new Row(pos, kind, link, null, true, deviceId, ts, null, null, null, null, null, null);
        }
        Instant receivedAt = rs.getTimestamp(9).toInstant();
        byte[] record = new TelemetryRecord(kind, deviceId, rs.getLong(7), ts, receivedAt, raw).canonical();
        Double lat = (Double) rs.getObject(11);
        Double lon = (Double) rs.getObject(12);
        Double acc = (Double) rs.getObject(13);
        Object battery = rs.getObject(14);
        return new Row(
                pos,
                kind,
                link,
                record,
                false,
                deviceId,
                ts,
                receivedAt,
                lat,
                lon,
                acc,
                battery == null ? null : ((Number) battery).intValue(),
                rs.getString(15));
    }

    /** The position at which checkpoint {@code cp} signs {@code chain}. */
    static long headIn(Connection c, Checkpoint cp, String chain) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT pos FROM checkpoint_heads WHERE checkpoint_id = ? AND chain = ?")) {
            ps.setLong(1, cp.id());
            ps.setString(2, chain);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("checkpoint " + cp.id() + " does not sign " + chain);
                }
                return rs.getLong(1);
            }
        }
    }
}
