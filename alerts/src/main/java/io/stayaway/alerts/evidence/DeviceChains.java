package io.stayaway.alerts.evidence;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import de.bytefish.pgbulkinsert.util.PostgreSqlUtils;
import io.stayaway.alerts.evidence.chain.ChainHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Links newly stored pings and events into their devices' hash chains ({@code chain_links}, rule in
 * {@link ChainHash}), in the order given, inside the caller's transaction: the telemetry writer calls it
 * in the transaction that stores the records, so no record is stored unchained. The heads of the chains
 * involved are read {@code FOR UPDATE} (in the order checkpoints lock them, so neither waits on the other
 * in a cycle), so two writers can never fork a device's chain. Stateless.
 */
public final class DeviceChains {
    private DeviceChains() {}

    /** One new row of {@code chain_links}. */
    private record Link(String chain, long pos, TelemetryRecord record, byte[] recordHash, byte[] link) {}

    /**
     * The columns of a link as the binary COPY writes them; {@code at} takes its default, the server's clock at the
     * append (V7). COPY is the cheapest way in: one link per stored ping.
     */
    private static final class LinkColumns extends AbstractMapping<Link> {
        LinkColumns() {
            super("", "chain_links");
            mapText("chain", Link::chain);
            mapLong("pos", Link::pos);
            mapText("kind", l -> l.record().kind());
            mapText("device_id", l -> l.record().deviceId());
            mapLong("seq", l -> l.record().seq());
            mapTimeStampTz(
                    "ts", l -> ZonedDateTime.ofInstant(l.record().ts().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
            mapByteArray("record_hash", Link::recordHash);
            mapByteArray("link", Link::link);
        }
    }

    private static final PgBulkInsert<Link> LINKS = new PgBulkInsert<>(new LinkColumns());

    private static final class Head {
        long pos;
        byte[] link;

        Head(long pos, byte[] link) {
            this.pos = pos;
            this.link = link;
        }
    }

    /** Appends {@code stored} (in storage order) to their devices' chains, in {@code c}'s transaction. */
    public static void append(Connection c, List<TelemetryRecord> stored) throws SQLException {
        if (stored.isEmpty()) {
            return;
        }
        Map<String, Head> heads = lockHeads(c, stored);
        List<Link> links = new ArrayList<>(stored.size());
        for (TelemetryRecord record : stored) {
            byte[] recordHash = record.hash();
            String chain = ChainHash.deviceChain(record.deviceId());
            Head head = heads.get(chain);
            head.pos++;
            head.link = ChainHash.link(head.link, recordHash);
            links.add(new Link(chain, head.pos, record, recordHash, head.link));
        }
        LINKS.saveAll(PostgreSqlUtils.getPGConnection(c), links);
        storeHeads(c, heads);
    }

    /**
     * The heads of the records' chains, locked; a chain not yet started begins at its genesis link. A missing
     * head is inserted first (position 0, the genesis link, committed only with the records that follow it), so
     * that there is always a row to lock: two writers starting the same chain at once (two gateways of a
     * cluster) then take turns instead of both writing position 1. Rows are taken in the order checkpoints lock
     * them, so neither waits on the other in a cycle.
     */
    private static Map<String, Head> lockHeads(Connection c, List<TelemetryRecord> stored) throws SQLException {
        Map<String, Head> heads = new LinkedHashMap<>();
        for (TelemetryRecord r : stored) {
            String chain = ChainHash.deviceChain(r.deviceId());
            heads.putIfAbsent(chain, new Head(0, ChainHash.genesis(chain)));
        }
        List<String> chains = new ArrayList<>(heads.keySet());
        chains.sort(java.util.Comparator.naturalOrder());
        byte[][] genesis = new byte[chains.size()][];
        for (int i = 0; i < chains.size(); i++) {
            genesis[i] = heads.get(chains.get(i)).link;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO chain_heads (chain, pos, link)
                SELECT chain, 0, link FROM unnest(?::text[], ?::bytea[]) AS g(chain, link) ORDER BY chain COLLATE "C"
                ON CONFLICT (chain) DO NOTHING""")) {
            ps.setArray(1, c.createArrayOf("text", chains.toArray()));
            ps.setArray(2, c.createArrayOf("bytea", genesis));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT chain, pos, link FROM chain_heads WHERE chain = ANY (?) ORDER BY chain COLLATE \"C\" FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("text", heads.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getBytes(3)));
                }
            }
        }
        return heads;
    }

    private static void storeHeads(Connection c, Map<String, Head> heads) throws SQLException {
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
