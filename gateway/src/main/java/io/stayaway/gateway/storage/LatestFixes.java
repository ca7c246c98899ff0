package io.stayaway.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The latest stored fix of each party of an order, read from {@code pings} for the devices in
 * {@code order_devices}, with the order's validity as stored (so a terminated order is seen even
 * though the in-memory registry no longer holds it). Thread-safe; blocks on JDBC, call it from a
 * worker thread.
 */
public final class LatestFixes {
    /** How far back the first, cheap look goes. */
    static final Duration RECENT = Duration.ofHours(48);

    private final DataSource dataSource;

    public LatestFixes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One stored fix. Immutable. */
    public record Fix(String deviceId, double lat, double lon, double acc, Instant ts, Instant receivedAt) {}

    /** The order's validity window and termination, as stored. Immutable. */
    public record Validity(Instant validFrom, Instant validUntil, Instant terminatedAt) {
        /** In force at {@code now}: started, not expired, not terminated. */
        public boolean activeAt(Instant now) {
            return terminatedAt == null && !now.isBefore(validFrom) && now.isBefore(validUntil);
        }
    }

    /** The newest fix of each party; a party without any stored fix is empty. Immutable. */
    public record PartyFixes(Optional<Fix> respondent, Optional<Fix> protectedPerson) {}

    /** The order's validity, or empty when no such order was ever stored. */
    public Optional<Validity> validity(String orderId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT valid_from, valid_until, terminated_at FROM orders WHERE id = ?")) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Validity(
                        rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), instant(rs.getTimestamp(3))));
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the validity of order " + orderId, e);
        }
    }

    /**
     * The newest fix (by fix time) of the respondent's device and of the protected party's device(s)
     * of {@code orderId} that is not dated after {@code now}; with several protected devices, the newest
     * fix among them. A fix dated ahead of the read (accepted within the ingestion's clock tolerance) is
     * not shown until its time comes: ranked by its own date it would hide every newer real fix until
     * then, and where the person is now is what the desk must see. Looks in the
     * last {@link #RECENT} first, which touches only the newest chunks of {@code pings};
     * only a party without a recent fix costs a search of its whole history.
     */
    public PartyFixes of(String orderId, Instant now) {
        PartyFixes recent = query(orderId, now.minus(RECENT), now);
        if (recent.respondent().isPresent() && recent.protectedPerson().isPresent()) {
            return recent;
        }
        PartyFixes all = query(orderId, null, now);
        return new PartyFixes(
                recent.respondent().or(all::respondent),
                recent.protectedPerson().or(all::protectedPerson));
    }

    private PartyFixes query(String orderId, Instant since, Instant now) {
        String sql = """
                SELECT od.role, p.device_id, p.lat, p.lon, p.acc, p.ts, p.received_at
                FROM order_devices od
                JOIN LATERAL (
                    SELECT device_id, lat, lon, acc, ts, received_at FROM pings
                    WHERE device_id = od.device_id AND ts <= ? %s ORDER BY ts DESC LIMIT 1) p ON true
                WHERE od.order_id = ?""".formatted(since == null ? "" : "AND ts >= ?");
        Fix respondent = null;
        Fix protectedPerson = null;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setTimestamp(i++, Timestamp.from(now));
            if (since != null) {
                ps.setTimestamp(i++, Timestamp.from(since));
            }
            ps.setString(i, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Fix fix = new Fix(
                            rs.getString(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getDouble(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getTimestamp(7).toInstant());
                    if ("respondent".equals(rs.getString(1))) {
                        respondent = newer(respondent, fix);
                    } else {
                        protectedPerson = newer(protectedPerson, fix);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the latest fixes of order " + orderId, e);
        }
        return new PartyFixes(Optional.ofNullable(respondent), Optional.ofNullable(protectedPerson));
    }

    private static Fix newer(Fix current, Fix candidate) {
        return current == null || candidate.ts().isAfter(current.ts()) ? candidate : current;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
