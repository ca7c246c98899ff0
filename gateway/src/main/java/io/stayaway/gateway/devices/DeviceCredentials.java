package io.stayaway.gateway.devices;

import io.stayaway.gateway.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Per-device MQTT credentials for the embedded endpoint: a random secret issued once (only its
 * PBKDF2 hash is stored) and checked at CONNECT. Thread-safe; every method blocks on JDBC and
 * PBKDF2, so call it from a worker thread.
 */
public final class DeviceCredentials {
    /** 192-bit random secrets cannot be guessed; the KDF cost guards a leaked table, not the wire. */
    private static final int SECRET_BYTES = 24;

    private static final int ITERATIONS = 10_000;

    private final DataSource dataSource;
    private final java.util.List<java.util.function.Consumer<String>> retiredListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Called (on the retiring thread) with the id of every device retired, e.g. to close its live MQTT session. */
    public void onRetired(java.util.function.Consumer<String> listener) {
        retiredListeners.add(listener);
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
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT password_hash, retired_at FROM devices WHERE device_id = ? FOR UPDATE")) {
                ps.setString(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getTimestamp(2) != null) {
                        c.rollback();
                        return new Issued.Retired(deviceId);
                    }
                    if (rs.getString(1) != null && !rotate) {
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
                retiredListeners.forEach(l -> l.accept(deviceId));
                return Status.IN_SERVICE;
            }
        } catch (SQLException e) {
            throw new StorageException("could not retire device " + deviceId, e);
        }
        return status(deviceId);
    }

    /** True if the device exists, is not retired, and the secret matches its stored hash. */
    public boolean verify(String deviceId, String secret) {
        return storedHash(deviceId).map(h -> SecretHash.verify(secret, h)).orElse(false);
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
