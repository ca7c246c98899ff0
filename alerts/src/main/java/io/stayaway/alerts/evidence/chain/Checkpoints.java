package io.stayaway.alerts.evidence.chain;

import io.stayaway.alerts.evidence.Checkpoint;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Signed checkpoints of the evidence chains. A checkpoint lists the head (position and link) of every
 * chain that moved since the previous one, names the previous checkpoint by the SHA-256 of its body,
 * and is signed with the server's Ed25519 key; the body's bytes are exactly what is signed, stored and
 * exported. Checkpoints are made one at a time (table lock), numbered 1, 2, 3 …
 */
public final class Checkpoints {
    public static final String FORMAT = "stayaway-checkpoint/1";

    private final DataSource dataSource;
    private final EvidenceKey key;
    private final Clock clock;

    public Checkpoints(DataSource dataSource, EvidenceKey key, Clock clock) {
        this.dataSource = dataSource;
        this.key = key;
        this.clock = clock;
    }

    public EvidenceKey key() {
        return key;
    }

    /** Signs the heads of every chain that moved since the last checkpoint; empty when none moved. */
    public Optional<Checkpoint> checkpoint() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Checkpoint> made = checkpoint(c);
                c.commit();
                return made;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** As {@link #checkpoint()}, inside the caller's transaction. */
    public Optional<Checkpoint> checkpoint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("LOCK TABLE checkpoints IN EXCLUSIVE MODE")) {
            ps.execute();
        }
        List<Head> heads = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT chain, pos, link FROM chain_heads WHERE pos > signed_pos ORDER BY chain COLLATE \"C\" FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                heads.add(new Head(rs.getString(1), rs.getLong(2), rs.getBytes(3)));
            }
        }
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        long id = 1;
        String previous = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, body FROM checkpoints ORDER BY id DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                id = rs.getLong(1) + 1;
                previous = ChainHash.hex(ChainHash.sha256(rs.getBytes(2)));
            }
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Checkpoint made = sign(key, id, at, previous, heads);
        byte[] body = made.body();
        byte[] signature = made.signature();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO checkpoints (id, at, key_id, body, signature) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, key.keyId());
            ps.setBytes(4, body);
            ps.setBytes(5, signature);
            ps.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO checkpoint_heads (checkpoint_id, chain, pos, link) VALUES (?, ?, ?, ?)");
                PreparedStatement upd = c.prepareStatement("UPDATE chain_heads SET signed_pos = ? WHERE chain = ?")) {
            for (Head h : heads) {
                ins.setLong(1, id);
                ins.setString(2, h.chain());
                ins.setLong(3, h.pos());
                ins.setBytes(4, h.link());
                ins.addBatch();
                upd.setLong(1, h.pos());
                upd.setString(2, h.chain());
                upd.addBatch();
            }
            ins.executeBatch();
            upd.executeBatch();
        }
        return Optional.of(made);
    }

    /** The current head position of a chain (0 when it has no record), read in {@code c}. */
    public static long head(Connection c, String chain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pos FROM chain_heads WHERE chain = ?")) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The head of one chain as a checkpoint signs it. */
    public record Head(String chain, long pos, byte[] link) {}

    /** Builds and signs a checkpoint body (heads in the order given: callers sort them by chain). */
    public static Checkpoint sign(EvidenceKey key, long id, Instant at, String previous, List<Head> heads) {
        JsonArray headList = new JsonArray();
        for (Head h : heads) {
            headList.add(
                    new JsonObject().put("chain", h.chain()).put("pos", h.pos()).put("link", ChainHash.hex(h.link())));
        }
        byte[] body = new JsonObject()
                .put("format", FORMAT)
                .put("id", id)
                .put("at", at.toString())
                .put("keyId", key.keyId())
                .put("previous", previous)
                .put("heads", headList)
                .encode()
                .getBytes(StandardCharsets.UTF_8);
        return new Checkpoint(id, at, key.keyId(), body, key.sign(body), heads.size());
    }

    /**
     * The earliest checkpoint that signs {@code chain} at position {@code pos} or later, making one
     * now when none does yet (so evidence can always be proved up to a signature).
     */
    public Checkpoint covering(String chain, long pos) throws SQLException {
        Optional<Checkpoint> found = findCovering(chain, pos);
        if (found.isPresent()) {
            return found.get();
        }
        checkpoint();
        return findCovering(chain, pos)
                .orElseThrow(() -> new IllegalStateException("no checkpoint covers " + chain + " at " + pos));
    }

    /** Checkpoints after {@code afterId}, oldest first, at most {@code limit}. */
    public List<Checkpoint> list(long afterId, int limit) throws SQLException {
        List<Checkpoint> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, at, key_id, body, signature FROM checkpoints WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Checkpoint(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3),
                            rs.getBytes(4),
                            rs.getBytes(5),
                            -1));
                }
            }
        }
        return out;
    }

    private Optional<Checkpoint> findCovering(String chain, long pos) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                SELECT k.id, k.at, k.key_id, k.body, k.signature
                FROM checkpoint_heads h JOIN checkpoints k ON k.id = h.checkpoint_id
                WHERE h.chain = ? AND h.pos >= ? ORDER BY h.pos, k.id LIMIT 1""")) {
            ps.setString(1, chain);
            ps.setLong(2, pos);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Checkpoint(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getBytes(4),
                        rs.getBytes(5),
                        -1));
            }
        }
    }
}
