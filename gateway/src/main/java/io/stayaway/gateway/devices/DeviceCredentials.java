package io.stayaway.gateway.devices;

import io.stayaway.gateway.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Per-device MQTT credentials for the embedded endpoint: a random secret issued once (only its
 * PBKDF2 hash is stored) and checked at CONNECT. Rotating or retiring a device revokes its secret and tells
 * the listeners ({@link #onRevoked}), so the endpoint ends a session opened with it. A check costs one PBKDF2
 * whether or not the device exists, so its time does not say which ids do. Thread-safe; every method blocks
 * on JDBC and PBKDF2, so call it from a worker thread.
 */
public final class DeviceCredentials {
    /** 192-bit random secrets cannot be guessed; the KDF cost guards a leaked table, not the wire. */
    private static final int SECRET_BYTES = 24;

    private static final int ITERATIONS = 10_000;

    /**
     * What an unknown, retired or never-issued id is checked against: a hash with the same parameters as a real
     * one, whose secret nobody knows, so refusing such an id costs the same PBKDF2 as refusing a wrong secret.
     */
    private static final String NO_SUCH_DEVICE = SecretHash.hash(SecretHash.newSecret(SECRET_BYTES), ITERATIONS);

    private final DataSource dataSource;
    private final List<Consumer<Revoked>> revokedListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong secretChecks = new AtomicLong();

    /** A device whose secret stopped working: rotated (a new one was issued) or retired. */
    public record Revoked(String deviceId, Why why) {
        public enum Why {
            ROTATED,
            RETIRED
        }
    }

    /**
     * Called (on the revoking thread, after the change is committed) for every device whose secret was rotated
     * or which was retired, e.g. to close its live MQTT session.
     */
    public void onRevoked(Consumer<Revoked> listener) {
        revokedListeners.add(listener);
    }

    public DeviceCredentials(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What issuing produced: the secret (shown once) or a refusal. */
    public sealed interface Issued permits Issued.Secret, Issued.AlreadyIssued, Issued.Retired {
        /** The new secret; never stored in clear, never logged. */
        record Secret(String deviceId, String password) implements Issued {
            @Override
            public String toString() {
                return "Secret[deviceId=" + deviceId + ", password=***]";
            }
        }

        record AlreadyIssued(String deviceId) implements Issued {}

        record Retired(String deviceId) implements Issued {}
    }

    /** Registers the device if new and issues its secret; with {@code rotate} replaces an existing one. */
    public Issued issue(String deviceId, boolean rotate) {
        String secret = SecretHash.newSecret(SECRET_BYTES);
        String hash = SecretHash.hash(secret, ITERATIONS);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("""
                    INSERT INTO devices (device_id) VALUES (?) ON CONFLICT DO NOTHING""")) {
                lock.setString(1, deviceId);
                lock.executeUpdate();
            }
            boolean replaces;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT password_hash, retired_at FROM devices WHERE device_id = ? FOR UPDATE")) {
                ps.setString(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getTimestamp(2) != null) {
                        c.rollback();
                        return new Issued.Retired(deviceId);
                    }
                    replaces = rs.getString(1) != null;
                    if (replaces && !rotate) {
                        c.rollback();
                        return new Issued.AlreadyIssued(deviceId);
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE devices SET password_hash = ? WHERE device_id = ?")) {
                ps.setString(1, hash);
                ps.setString(2, deviceId);
                ps.executeUpdate();
            }
            c.commit();
            if (replaces) {
                revoked(deviceId, Revoked.Why.ROTATED);
            }
            return new Issued.Secret(deviceId, secret);
        } catch (SQLException e) {
            throw new StorageException("could not issue credentials for device " + deviceId, e);
        }
    }

    /** Where a device stands in its life: never registered, in service, or retired for good. */
    public enum Status {
        UNKNOWN,
        IN_SERVICE,
        RETIRED
    }

    public Status status(String deviceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT retired_at IS NOT NULL FROM devices WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() ? Status.UNKNOWN : rs.getBoolean(1) ? Status.RETIRED : Status.IN_SERVICE;
            }
        } catch (SQLException e) {
            throw new StorageException("could not read device " + deviceId, e);
        }
    }

    /**
     * Retires the device for good: its MQTT credentials stop working at its next CONNECT and it can
     * never be issued new ones. Returns the status it had before (UNKNOWN and RETIRED change nothing).
     */
    public Status retire(String deviceId, java.time.Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE devices SET retired_at = ? WHERE device_id = ? AND retired_at IS NULL")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(now));
            ps.setString(2, deviceId);
            if (ps.executeUpdate() == 1) {
                revoked(deviceId, Revoked.Why.RETIRED);
                return Status.IN_SERVICE;
            }
        } catch (SQLException e) {
            throw new StorageException("could not retire device " + deviceId, e);
        }
        return status(deviceId);
    }

    private void revoked(String deviceId, Revoked.Why why) {
        Revoked r = new Revoked(deviceId, why);
        revokedListeners.forEach(l -> l.accept(r));
    }

    /**
     * True if the device exists, is not retired, and the secret matches its stored hash. An id without a usable
     * hash is checked against {@link #NO_SUCH_DEVICE}, so every answer costs one PBKDF2.
     */
    public boolean verify(String deviceId, String secret) {
        Optional<String> stored = storedHash(deviceId);
        boolean matches = matches(secret, stored.orElse(NO_SUCH_DEVICE));
        return stored.isPresent() && matches;
    }

    private boolean matches(String secret, String hash) {
        secretChecks.incrementAndGet();
        return SecretHash.verify(secret, hash);
    }

    /** Secrets checked with PBKDF2 (one per {@link #verify}, known device or not; metric {@code stayaway_mqtt_secret_checks}). */
    public long secretChecks() {
        return secretChecks.get();
    }

    private Optional<String> storedHash(String deviceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT password_hash FROM devices WHERE device_id = ? AND retired_at IS NULL")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read credentials of device " + deviceId, e);
        }
    }
}
