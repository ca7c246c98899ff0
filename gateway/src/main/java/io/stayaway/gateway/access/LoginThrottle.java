package io.stayaway.gateway.access;

import io.stayaway.gateway.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Limits password guesses: at most {@code perUser} failures per username within a minute, and at most
 * {@code allUsers} failures within a minute across every username (a guesser spraying one password over
 * many names), after which every attempt is refused until the oldest failure is a minute old. An attempt
 * is counted <em>before</em> its password is checked ({@link #reserve}): the reservation is a failure
 * until {@link #succeeded} takes it back, so parallel guesses cannot all pass the check before any of
 * them is counted. Logins and the {@code currentPassword} of a password change draw on the same budget.
 * The failures are counted in PostgreSQL ({@code login_failures}), so the attempts made at every gateway of
 * the database count together and a restart forgets none; the check and the reservation are one
 * transaction under an advisory lock, so two gateways cannot both take the last attempt. The instants are
 * the gateways' clocks, so clock skew between gateways shifts the window by as much. Thread-safe; every
 * method blocks on JDBC (call from a worker thread).
 */
public final class LoginThrottle {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** The advisory lock key of reservations (any fixed number no other part of the gateway uses). */
    static final long LOCK_KEY = 0x5354_4159_4C4F_4731L;

    private final DataSource dataSource;
    private final int perUser;
    private final int allUsers;

    /** Whether an attempt may go on to the password check, and if not, whose budget is spent. */
    public enum Verdict {
        RESERVED,
        USER_BLOCKED,
        ALL_BLOCKED
    }

    /** A reservation's verdict and, when refused, how long until an attempt is possible again (at least 1 s). */
    public record Reservation(Verdict verdict, Duration retryAfter) {
        public boolean reserved() {
            return verdict == Verdict.RESERVED;
        }
    }

    public LoginThrottle(DataSource dataSource, int perUser, int allUsers) {
        if (perUser < 1 || allUsers < 1) {
            throw new IllegalArgumentException("the failure limits must be at least 1");
        }
        this.dataSource = dataSource;
        this.perUser = perUser;
        this.allUsers = allUsers;
    }

    /**
     * Counts an attempt for {@code username} as a failure now, before its password is checked, unless the
     * user's or everybody's failures of the last minute are at their limit (then nothing is counted).
     */
    public Reservation reserve(String username, Instant now) {
        Timestamp since = Timestamp.from(now.minus(WINDOW));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")")) {
                    lock.execute();
                }
                Reservation r = decide(c, username, since, now);
                if (r.reserved()) {
                    try (PreparedStatement insert = c.prepareStatement(
                                    "INSERT INTO login_failures (username, failed_at) VALUES (?, ?)");
                            PreparedStatement purge =
                                    c.prepareStatement("DELETE FROM login_failures WHERE failed_at <= ?")) {
                        insert.setString(1, username);
                        insert.setTimestamp(2, Timestamp.from(now));
                        insert.executeUpdate();
                        purge.setTimestamp(1, since);
                        purge.executeUpdate();
                    }
                }
                c.commit();
                return r;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not count an attempt to log in as " + username, e);
        }
    }

    /** The verdict from the failures since {@code since}: the user's own first, then everybody's. */
    private Reservation decide(Connection c, String username, Timestamp since, Instant now) throws SQLException {
        Window own = window(c, "username = ? AND ", username, since);
        if (own.count() >= perUser) {
            return new Reservation(Verdict.USER_BLOCKED, retryAfter(own.oldest(), now));
        }
        Window all = window(c, "", null, since);
        if (all.count() >= allUsers) {
            return new Reservation(Verdict.ALL_BLOCKED, retryAfter(all.oldest(), now));
        }
        return new Reservation(Verdict.RESERVED, Duration.ZERO);
    }

    private record Window(long count, Instant oldest) {}

    private static Window window(Connection c, String filter, String username, Timestamp since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), min(failed_at) FROM login_failures WHERE " + filter + "failed_at > ?")) {
            int i = 1;
            if (username != null) {
                ps.setString(i++, username);
            }
            ps.setTimestamp(i, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp oldest = rs.getTimestamp(2);
                return new Window(rs.getLong(1), oldest == null ? null : oldest.toInstant());
            }
        }
    }

    private static Duration retryAfter(Instant oldest, Instant now) {
        Duration left = oldest == null ? WINDOW : Duration.between(now, oldest.plus(WINDOW));
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        return Duration.ofSeconds(seconds);
    }

    /** The password was right: the user's failures, the reservation of this attempt included, are forgotten. */
    public void succeeded(String username) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE username = ?")) {
            ps.setString(1, username);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not clear the failed logins of " + username, e);
        }
    }
}
