package io.stayaway.gateway.access;

import io.stayaway.gateway.devices.SecretHash;
import io.stayaway.gateway.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The people allowed to use the HTTP API, in PostgreSQL ({@code users}), and whether their tokens
 * still hold: disabling a user or changing a password bumps the user's credential generation, and a
 * token of an older generation is revoked, as is one whose role or scope is no longer the user's.
 * The standing is read from the database on every request, never cached: a change made at any gateway
 * of the database holds at every other at once (docs/http-api.md, "Several gateways on one database",
 * gives the measured cost). Thread-safe; every method blocks on JDBC and PBKDF2, so call it from a
 * worker thread.
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

    /**
     * Whether a user's tokens hold: the current credential generation, whether the account is disabled, its
     * role and scope; and whether an admin reset the password, so that the user must set their own before
     * anything else.
     */
    public record Standing(int generation, boolean disabled, Role role, String scope, boolean mustChangePassword) {
        /** Whether a token of {@code account} issued under {@code tokenGeneration} still works. */
        public boolean admits(UserAccount account, int tokenGeneration) {
            return !disabled
                    && tokenGeneration == generation
                    && account.role() == role
                    && java.util.Objects.equals(account.scope(), scope);
        }
    }

    /** A user as an admin sees it. */
    public record UserRecord(
            UserAccount account,
            Instant createdAt,
            Instant disabledAt,
            Instant passwordChangedAt,
            boolean mustChangePassword) {}

    /** What became of a request to disable a user. */
    public enum DisableOutcome {
        DISABLED,
        UNKNOWN_USER,
        ALREADY_DISABLED
    }

    public UserDirectory(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** True if the user was created, false if the name is taken. */
    public boolean create(UserAccount user, String password) {
        requireStrong(password);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                INSERT INTO users (username, password_hash, role, station, court, organisation, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (username) DO NOTHING""")) {
            ps.setString(1, user.username());
            ps.setString(2, SecretHash.hash(password, ITERATIONS));
            ps.setString(3, user.role().wireName());
            ps.setString(4, user.role() == Role.DESK ? user.scope() : null);
            ps.setString(5, user.role() == Role.COURT ? user.scope() : null);
            ps.setString(6, user.role() == Role.CASEWORKER ? user.scope() : null);
            ps.setTimestamp(7, Timestamp.from(clock.instant()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not create user " + user.username(), e);
        }
    }

    /** The user if the password is theirs and the account is not disabled. */
    public Optional<UserAccount> verify(String username, String password) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT password_hash, role, station, court, organisation FROM users WHERE username = ? AND disabled_at IS NULL")) {
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
                return Optional.of(new UserAccount(username, role, scopeOf(role, rs, 3)));
            }
        } catch (SQLException e) {
            throw new StorageException("could not look up user " + username, e);
        }
    }

    /** The user's standing as stored now; empty for an unknown user. */
    public Optional<Standing> standing(String username) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT token_generation, disabled_at IS NOT NULL, role, station, court, organisation, must_change_password FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Role role = Role.parse(rs.getString(3));
                return Optional.of(
                        new Standing(rs.getInt(1), rs.getBoolean(2), role, scopeOf(role, rs, 4), rs.getBoolean(7)));
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the standing of user " + username, e);
        }
    }

    /** Every user, by name. */
    public List<UserRecord> list() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT username, role, station, court, organisation, created_at, disabled_at, password_changed_at, must_change_password FROM users ORDER BY username");
                ResultSet rs = ps.executeQuery()) {
            List<UserRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(record(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not list users", e);
        }
    }

    public Optional<UserRecord> find(String username) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT username, role, station, court, organisation, created_at, disabled_at, password_changed_at, must_change_password FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read user " + username, e);
        }
    }

    private static UserRecord record(ResultSet rs) throws SQLException {
        Role role = Role.parse(rs.getString(2));
        return new UserRecord(
                new UserAccount(rs.getString(1), role, scopeOf(role, rs, 3)),
                rs.getTimestamp(6).toInstant(),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)),
                rs.getBoolean(9));
    }

    /** The role's scope from the columns station, court, organisation, the first of them at {@code stationColumn}. */
    private static String scopeOf(Role role, ResultSet rs, int stationColumn) throws SQLException {
        return switch (role) {
            case DESK -> rs.getString(stationColumn);
            case COURT -> rs.getString(stationColumn + 1);
            case CASEWORKER -> rs.getString(stationColumn + 2);
            case ADMIN -> null;
        };
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Disables the user: they can no longer log in, and every token they hold stops working. */
    public DisableOutcome disable(String username) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                UPDATE users SET disabled_at = ?, token_generation = token_generation + 1
                 WHERE username = ? AND disabled_at IS NULL""")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, username);
            if (ps.executeUpdate() == 1) {
                return DisableOutcome.DISABLED;
            }
        } catch (SQLException e) {
            throw new StorageException("could not disable user " + username, e);
        }
        return find(username).isPresent() ? DisableOutcome.ALREADY_DISABLED : DisableOutcome.UNKNOWN_USER;
    }

    /**
     * Sets a new password; every token the user holds stops working. {@code reset}: an admin set it, so the
     * user must set their own before anything else ({@link Standing#mustChangePassword}); a user setting
     * their own clears that. False for an unknown user.
     */
    public boolean changePassword(String username, String password, boolean reset) {
        requireStrong(password);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                UPDATE users SET password_hash = ?, password_changed_at = ?, token_generation = token_generation + 1,
                       must_change_password = ?
                 WHERE username = ?""")) {
            ps.setString(1, SecretHash.hash(password, ITERATIONS));
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setBoolean(3, reset);
            ps.setString(4, username);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not change the password of user " + username, e);
        }
    }

    /**
     * Creates the bootstrap admin if nobody exists yet, with {@code password} or, when that is null,
     * a random one. Returns the generated password (the caller shows it once), or empty when a
     * password was given or users already existed.
     */
    public Optional<String> ensureBootstrapAdmin(String password) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM users)");
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
