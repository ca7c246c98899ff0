package io.stayaway.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes location data past its retention (dropping whole TimescaleDB chunks where it can), keeping a protected person's positions for a shorter
 * time than a respondent's (her whereabouts are the most sensitive data held), and refused raw
 * messages after the shorter period too, and records every removal in {@code retention_log}. Runs
 * on its own thread, hourly and at start-up.
 */
public final class RetentionPolicy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPolicy.class);
    /** The advisory lock key of retention runs (any fixed number no other part of the gateway uses). */
    static final long LOCK_KEY = 0x5354_4159_5245_544EL;

    private final DataSource dataSource;
    private final Duration protectedRetention;
    private final Duration respondentRetention;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retention");
        t.setDaemon(true);
        return t;
    });

    private final Runnable afterRemoval;

    /** @param afterRemoval called after a run that removed something (the gateway signs a checkpoint then) */
    public RetentionPolicy(
            DataSource dataSource,
            Duration protectedRetention,
            Duration respondentRetention,
            Clock clock,
            Runnable afterRemoval) {
        this.afterRemoval = afterRemoval;
        if (protectedRetention.compareTo(respondentRetention) > 0) {
            throw new IllegalArgumentException("protected persons' data must not be kept longer than respondents'");
        }
        this.dataSource = dataSource;
        this.protectedRetention = protectedRetention;
        this.respondentRetention = respondentRetention;
        this.clock = clock;
    }

    public void start() {
        timer.scheduleAtFixedRate(this::runLogged, 0, 1, TimeUnit.HOURS);
    }

    private void runLogged() {
        try {
            run();
        } catch (SQLException | RuntimeException e) {
            LOG.error("retention run failed (data kept; retried next hour): {}", e.getMessage());
        }
    }

    /**
     * One pass over pings and device events for both roles; returns the rows removed. In a cluster every node
     * runs it hourly, and one at a time does the work: a run that finds another node's run in progress (its
     * transaction-scoped advisory lock) leaves it to that one and removes nothing.
     */
    public long run() throws SQLException {
        Instant now = clock.instant();
        long removed = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            if (!runAlone(c)) {
                c.rollback();
                return 0;
            }
            for (String table : new String[] {"pings", "device_events"}) {
                removed += remove(c, table, "protected", now.minus(protectedRetention), now, """
                        DELETE FROM %s WHERE ts < ? AND device_id IN (SELECT device_id FROM order_devices WHERE role = 'protected')""");
                removed += removeRespondents(c, table, now.minus(respondentRetention), now);
            }
            // Refused messages are kept for investigation, not as evidence: as long as a protected person's data.
            removed += removeRejected(c, now.minus(protectedRetention), now);
            c.commit();
        }
        if (removed > 0) {
            afterRemoval.run();
            LOG.info(
                    "retention removed {} record(s) (protected persons older than {} days, others older than {} days)",
                    removed,
                    protectedRetention.toDays(),
                    respondentRetention.toDays());
        }
        return removed;
    }

    /** Takes the cluster-wide retention lock for this transaction; false when another run holds it. */
    private static boolean runAlone(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(" + LOCK_KEY + ")");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long remove(Connection c, String table, String role, Instant olderThan, Instant now, String sql)
            throws SQLException {
        return remove(c, table, role, olderThan, now, 0, sql);
    }

    /** Deletes with {@code sql} and logs (and chains) the deleted rows plus {@code alreadyRemoved}, if any. */
    private static long remove(
            Connection c, String table, String role, Instant olderThan, Instant now, long alreadyRemoved, String sql)
            throws SQLException {
        long n = alreadyRemoved;
        try (PreparedStatement ps = c.prepareStatement(sql.formatted(table))) {
            ps.setTimestamp(1, Timestamp.from(olderThan));
            n += ps.executeUpdate();
        }
        if (n > 0) {
            try (PreparedStatement log = c.prepareStatement(
                    "INSERT INTO retention_log (run_at, table_name, role, older_than, rows_removed) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                log.setTimestamp(1, Timestamp.from(now));
                log.setString(2, table);
                log.setString(3, role);
                log.setTimestamp(4, Timestamp.from(olderThan));
                log.setLong(5, n);
                chain(c, log);
            }
        }
        return n;
    }

    /**
     * Respondents' (and unassigned devices') records past the longer retention. Whole chunks of the hypertable that end
     * before the limit go with {@code drop_chunks}, which is cheap however large they are; what is left before the
     * limit in the chunk that straddles it is deleted row by row. Protected persons' records in those chunks went
     * earlier in the run (their retention is never longer), so every row of a dropped chunk is a respondent's. The
     * rows of the dropped chunks are counted before they go, so the log says how many records left.
     */
    private static long removeRespondents(Connection c, String table, Instant olderThan, Instant now)
            throws SQLException {
        long inChunks = 0;
        List<String> chunks = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT show_chunks(?::regclass, older_than => ?::timestamptz)::text")) {
            ps.setString(1, table);
            ps.setTimestamp(2, Timestamp.from(olderThan));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunks.add(rs.getString(1));
                }
            }
        }
        for (String chunk : chunks) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + chunk);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                inChunks += rs.getLong(1);
            }
        }
        if (!chunks.isEmpty()) {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT drop_chunks(?::regclass, older_than => ?::timestamptz)")) {
                ps.setString(1, table);
                ps.setTimestamp(2, Timestamp.from(olderThan));
                ps.executeQuery().close();
            }
        }
        return remove(c, table, "respondent", olderThan, now, inChunks, """
                DELETE FROM %s WHERE ts < ? AND device_id NOT IN (SELECT device_id FROM order_devices WHERE role = 'protected')""");
    }

    private static long removeRejected(Connection c, Instant olderThan, Instant now) throws SQLException {
        long n;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rejected_messages WHERE received_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(olderThan));
            n = ps.executeUpdate();
        }
        if (n > 0) {
            try (PreparedStatement log = c.prepareStatement(
                    "INSERT INTO retention_log (run_at, table_name, role, older_than, rows_removed) VALUES (?, 'rejected_messages', 'any', ?, ?) RETURNING id")) {
                log.setTimestamp(1, Timestamp.from(now));
                log.setTimestamp(2, Timestamp.from(olderThan));
                log.setLong(3, n);
                chain(c, log);
            }
        }
        return n;
    }

    /**
     * Runs the retention_log insert and links the new row into the 'retention' evidence chain in the
     * same transaction; the checkpoint made after the run signs it (the removed records' hashes stay
     * in their devices' chains, so the evidence around them still verifies).
     */
    private static void chain(Connection c, PreparedStatement insert) throws SQLException {
        long id;
        try (var rs = insert.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT chain_append('retention', 'retention', chain_record('retention', 'retention_log', to_jsonb(r)))
                FROM (SELECT id, run_at AT TIME ZONE 'UTC' AS run_at_utc, table_name, role, older_than AT TIME ZONE 'UTC' AS older_than_utc, rows_removed
                      FROM retention_log WHERE id = ?) r""")) {
            ps.setLong(1, id);
            ps.executeQuery().close();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
