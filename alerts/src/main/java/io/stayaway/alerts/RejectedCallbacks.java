package io.stayaway.alerts;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The record of requests claiming to come from Twilio that failed the signature check ({@code rejected_callbacks}):
 * status callbacks and inbound messages alike, with the URL they were checked against, the signature, the sender and
 * the form fields. Thread-safe; blocks on JDBC.
 */
public final class RejectedCallbacks {
    private RejectedCallbacks() {}

    /** Appends one refusal. */
    public static void record(
            DataSource dataSource,
            Instant now,
            URI url,
            String signature,
            Map<String, String> params,
            String remoteAddress,
            String reason)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                INSERT INTO rejected_callbacks (received_at, url, signature, remote_address, params, reason) VALUES (?, ?, ?, ?, ?, ?)""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, url.toString());
            ps.setString(3, signature);
            ps.setString(4, remoteAddress);
            ps.setString(5, formEncoded(params));
            ps.setString(6, reason);
            ps.executeUpdate();
        }
    }

    /** The form fields sorted by name and form-encoded, as kept with a refusal. */
    static String formEncoded(Map<String, String> params) {
        return new TreeMap<>(params)
                .entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }
}
