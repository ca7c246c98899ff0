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
 * Limits failed logins per username: after {@code maxFailures} within a minute, further attempts
 * for that name are refused until the oldest of them is a minute old. The failures are counted in
 * PostgreSQL ({@code login_failures}), so the attempts made at every gateway of the database count
 * together and a restart forgets none; each failure deletes the rows older than the window. The
 * instants are the gateways' clocks, so clock skew between gateways shifts the window by as much.
 * Thread-safe; every method blocks on JDBC (call from a worker thread).
 */
public final class LoginThrottle {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final int maxFailures;

    public LoginThrottle(DataSource dataSource, int maxFailures) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.dataSource = dataSource;
        this.maxFailures = maxFailures;
    }

    /** True while {@code username} has used up its failed attempts for the last minute. */
    public boolean blocked(String username, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM login_failures WHERE username = ? AND failed_at > ?")) {
            ps.setString(1, username);
            ps.setTimestamp(2, Timestamp.from(now.minus(WINDOW)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) >= maxFailures;
            }
        } catch (SQLException e) {
            throw new StorageException("could not count the failed logins of " + username, e);
        }
    }

    public void failed(String username, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO login_failures (username, failed_at) VALUES (?, ?)");
                PreparedStatement purge = c.prepareStatement("DELETE FROM login_failures WHERE failed_at <= ?")) {
            insert.setString(1, username);
            insert.setTimestamp(2, Timestamp.from(now));
            insert.executeUpdate();
            purge.setTimestamp(1, Timestamp.from(now.minus(WINDOW)));
            purge.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not count a failed login of " + username, e);
        }
    }

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
