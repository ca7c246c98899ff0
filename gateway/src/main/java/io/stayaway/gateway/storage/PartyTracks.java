package io.stayaway.gateway.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The stored fixes of each party of an order in a time range, oldest first, read from {@code pings}
 * for every device the party wore on the order ({@code order_devices}, replaced devices included, so
 * a device swap does not cut the track). Both ends of the range bound {@code ts}, so only the time
 * chunks of {@code pings} that the range touches are read. Thread-safe; blocks on JDBC, call it
 * from a worker thread.
 */
public final class PartyTracks {
    private final DataSource dataSource;

    public PartyTracks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One fix of a track. Immutable. */
    public record TrackFix(Instant ts, double lat, double lon, double acc) {}

    /** Each party's fixes in the range, by fix time ascending; a party without a fix has an empty list. Immutable. */
    public record Tracks(List<TrackFix> respondent, List<TrackFix> protectedPerson) {
        public Tracks {
            respondent = List.copyOf(respondent);
            protectedPerson = List.copyOf(protectedPerson);
        }
    }

    /** The fixes of {@code orderId}'s parties with {@code from <= ts <= to}. */
    public Tracks of(String orderId, Instant from, Instant to) {
        String sql = """
                SELECT od.role, p.ts, p.lat, p.lon, p.acc
                FROM order_devices od
                JOIN pings p ON p.device_id = od.device_id
                WHERE od.order_id = ? AND p.ts >= ? AND p.ts <= ?
                ORDER BY p.ts, p.device_id, p.seq""";
        List<TrackFix> respondent = new ArrayList<>();
        List<TrackFix> protectedPerson = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orderId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TrackFix fix = new TrackFix(
                            rs.getTimestamp(2).toInstant(), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
                    ("respondent".equals(rs.getString(1)) ? respondent : protectedPerson).add(fix);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the track of order " + orderId, e);
        }
        return new Tracks(respondent, protectedPerson);
    }

    /**
     * At most {@code max} fixes of {@code fixes}, evenly spaced by position, the first and the last always
     * kept; {@code fixes} itself when it is short enough.
     */
    public static List<TrackFix> thin(List<TrackFix> fixes, int max) {
        if (max < 2) {
            throw new IllegalArgumentException("a thinned track keeps at least its first and last fix, max " + max);
        }
        int n = fixes.size();
        if (n <= max) {
            return fixes;
        }
        List<TrackFix> kept = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            kept.add(fixes.get((int) Math.round((double) i * (n - 1) / (max - 1))));
        }
        return kept;
    }
}
