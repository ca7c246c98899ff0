package io.stayaway.gateway.access;

import io.stayaway.gateway.devices.SecretHash;
import io.stayaway.gateway.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The people allowed to use the HTTP API, in PostgreSQL ({@code users}). Thread-safe; every method
 * blocks on JDBC and PBKDF2, so call it from a worker thread.
 */
public final class UserDirectory {
    /** OWASP's 2023 floor for PBKDF2-HMAC-SHA256 protecting people's passwords. */
    static final int ITERATIONS = 210_000;
    public static final String BOOTSTRAP_ADMIN = "admin";
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** A hash of nothing, verified when the user is unknown so that timing does not reveal which names exist. */
    private static final String DECOY_HASH = SecretHash.hash("decoy", ITERATIONS);

    private final DataSource dataSource;
    private final Clock clock;

    public UserDirectory(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** True if the user was created, false if the name is taken. */
    public boolean create(UserAccount user, String password) {
        requireStrong(password);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO users (username, password_hash, role, station, court, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""")) {
            ps.setString(1, user.username());
            ps.setString(2, SecretHash.hash(password, ITERATIONS));
            ps.setString(3, user.role().wireName());
            ps.setString(4, user.role() == Role.DESK ? user.scope() : null);
            ps.setString(5, user.role() == Role.COURT ? user.scope() : null);
            ps.setTimestamp(6, Timestamp.from(clock.instant()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not create user " + user.username(), e);
        }
    }

    /** The user if the password is theirs and the account is not disabled. */
    public Optional<UserAccount> verify(String username, String password) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT password_hash, role, station, court FROM users WHERE username = ? AND disabled_at IS NULL")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    SecretHash.verify(password, DECOY_HASH);
                    return Optional.empty();
                }
                if (!SecretHash.verify(password, rs.getString(1))) {
                    return Optional.empty();
                }
                Role role = Role.parse(rs.getString(2));
                String scope = role == Role.DESK ? rs.getString(3) : role == Role.COURT ? rs.getString(4) : null;
                return Optional.of(new UserAccount(username, role, scope));
            }
        } catch (SQLException e) {
            throw new StorageException("could not look up user " + username, e);
        }
    }

    /**
     * Creates the bootstrap admin if nobody exists yet, with {@code password} or, when that is null,
     * a random one. Returns the generated password (the caller shows it once), or empty when a
     * password was given or users already existed.
     */
    public Optional<String> ensureBootstrapAdmin(String password) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM users)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not count users", e);
        }
        String chosen = password != null ? password : SecretHash.newSecret(18);
        boolean created = create(new UserAccount(BOOTSTRAP_ADMIN, Role.ADMIN, null), chosen);
        return created && password == null ? Optional.of(chosen) : Optional.empty();
    }

    static void requireStrong(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 1024) {
            throw new IllegalArgumentException("a password must have " + MIN_PASSWORD_LENGTH + " to 1024 characters");
        }
    }
}
