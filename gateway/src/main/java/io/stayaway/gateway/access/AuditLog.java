package io.stayaway.gateway.access;

import io.stayaway.gateway.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Locale;
import javax.sql.DataSource;

/** Appends to the {@code audit_log} table. Thread-safe; blocks on JDBC, so call it from a worker thread. */
public final class AuditLog {
    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(AuditEntry e) {
        try (Connection c = dataSource.getConnection()) {
            record(c, e);
        } catch (SQLException ex) {
            throw new StorageException("could not write the audit log (" + e.action() + ")", ex);
        }
    }

    /** Appends on the caller's connection, inside its transaction (the entry commits with what it audits). */
    static void record(Connection c, AuditEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (at, actor, role, action, resource, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(e.at()));
            ps.setString(2, e.actor());
            ps.setString(3, e.role() == null ? null : e.role().wireName());
            ps.setString(4, e.action());
            ps.setString(5, e.resource());
            ps.setString(6, e.outcome().name().toLowerCase(Locale.ROOT));
            ps.setString(7, e.reason());
            ps.executeUpdate();
        }
    }
}
