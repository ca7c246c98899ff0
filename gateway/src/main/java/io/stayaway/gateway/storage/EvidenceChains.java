package io.stayaway.gateway.storage;

import io.stayaway.alerts.evidence.ChainHash;
import io.stayaway.alerts.evidence.TelemetryRecord;
import io.stayaway.gateway.ingest.Telemetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links newly stored pings and events into their devices' hash chains (alerts' {@code chain_links},
 * rule in {@link ChainHash}), in storage order, inside the caller's transaction. The heads of the
 * chains involved are read {@code FOR UPDATE} (in the order checkpoints lock them, so neither waits on
 * the other in a cycle), so two writers can never fork a device's chain.
 */
final class EvidenceChains {
    private EvidenceChains() {
    }

    private static final class Head {
        long pos;
        byte[] link;

        Head(long pos, byte[] link) {
            this.pos = pos;
            this.link = link;
        }
    }

    static void append(Connection c, List<Telemetry> stored) throws SQLException {
        if (stored.isEmpty()) {
            return;
        }
        Map<String, Head> heads = new LinkedHashMap<>();
        for (Telemetry t : stored) {
            String chain = ChainHash.deviceChain(t.deviceId());
            heads.putIfAbsent(chain, new Head(0, ChainHash.genesis(chain)));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT chain, pos, link FROM chain_heads WHERE chain = ANY (?) ORDER BY chain COLLATE \"C\" FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("text", heads.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getBytes(3)));
                }
            }
        }
        int n = stored.size();
        String[] chains = new String[n];
        Long[] positions = new Long[n];
        String[] kinds = new String[n];
        String[] devices = new String[n];
        Long[] seqs = new Long[n];
        String[] times = new String[n];
        byte[][] recordHashes = new byte[n][];
        byte[][] links = new byte[n][];
        for (int i = 0; i < n; i++) {
            Telemetry t = stored.get(i);
            String kind = t instanceof Telemetry.Fix ? "ping" : "event";
            TelemetryRecord record = new TelemetryRecord(kind, t.deviceId(), t.seq(), t.ts(), t.receivedAt(), t.raw());
            byte[] recordHash = record.hash();
            Head head = heads.get(ChainHash.deviceChain(t.deviceId()));
            head.pos++;
            head.link = ChainHash.link(head.link, recordHash);
            chains[i] = ChainHash.deviceChain(t.deviceId());
            positions[i] = head.pos;
            kinds[i] = kind;
            devices[i] = t.deviceId();
            seqs[i] = t.seq();
            times[i] = record.ts().toString();
            recordHashes[i] = recordHash;
            links[i] = head.link;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO chain_links (chain, pos, kind, at, device_id, seq, ts, record_hash, link)
                SELECT u.chain, u.pos, u.kind, clock_timestamp(), u.device_id, u.seq, u.ts, u.record_hash, u.link
                FROM unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::int8[], ?::timestamptz[], ?::bytea[], ?::bytea[])
                     AS u(chain, pos, kind, device_id, seq, ts, record_hash, link)""")) {
            ps.setArray(1, c.createArrayOf("text", chains));
            ps.setArray(2, c.createArrayOf("int8", positions));
            ps.setArray(3, c.createArrayOf("text", kinds));
            ps.setArray(4, c.createArrayOf("text", devices));
            ps.setArray(5, c.createArrayOf("int8", seqs));
            ps.setArray(6, c.createArrayOf("text", times));
            ps.setArray(7, c.createArrayOf("bytea", recordHashes));
            ps.setArray(8, c.createArrayOf("bytea", links));
            ps.executeUpdate();
        }
        List<String> headChains = new ArrayList<>(heads.keySet());
        Long[] headPos = new Long[headChains.size()];
        byte[][] headLinks = new byte[headChains.size()][];
        for (int i = 0; i < headChains.size(); i++) {
            Head h = heads.get(headChains.get(i));
            headPos[i] = h.pos;
            headLinks[i] = h.link;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO chain_heads (chain, pos, link)
                SELECT * FROM unnest(?::text[], ?::int8[], ?::bytea[])
                ON CONFLICT (chain) DO UPDATE SET pos = excluded.pos, link = excluded.link""")) {
            ps.setArray(1, c.createArrayOf("text", headChains.toArray()));
            ps.setArray(2, c.createArrayOf("int8", headPos));
            ps.setArray(3, c.createArrayOf("bytea", headLinks));
            ps.executeUpdate();
        }
    }
}
