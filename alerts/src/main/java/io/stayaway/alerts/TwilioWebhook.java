package io.stayaway.alerts;

import com.twilio.security.RequestValidator;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Twilio status callbacks for our messages and calls. Each is checked with the SDK's
 * {@link RequestValidator} against the {@code X-Twilio-Signature} header and the public URL Twilio
 * was given as {@code StatusCallback}; a callback that fails the check is refused and kept in
 * {@code rejected_callbacks}. A genuine one is appended to {@code notification_status_reports} and
 * applied to its notification; a final failure of a desk message escalates the alert. Thread-safe;
 * blocks on JDBC, so call it from a worker thread.
 */
public final class TwilioWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhook.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final RequestValidator validator;
    private final URI publicUrl;
    private final AlertEvents events;
    private final EscalationPolicy escalation;

    /** What became of a callback; the HTTP layer maps it to a status code. */
    public enum Result {
        /** Verified and applied to its notification (200). */
        APPLIED,
        /** Verified and kept, but no notification has this SID yet; applied when the dispatcher records it (200). */
        KEPT_FOR_LATER,
        /** Verified but without a SID or a status (400). */
        MALFORMED,
        /** The signature is missing or wrong; recorded in rejected_callbacks (403). */
        REJECTED
    }

    /**
     * @param authToken the Twilio auth token that signs callbacks (a secret: never logged)
     * @param publicUrl the exact URL given to Twilio as StatusCallback, as Twilio calls it (scheme, host, path, query)
     */
    public TwilioWebhook(
            DataSource dataSource,
            Clock clock,
            String authToken,
            URI publicUrl,
            AlertEvents events,
            EscalationPolicy escalation) {
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("the Twilio auth token is required to verify status callbacks");
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.validator = new RequestValidator(authToken);
        this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
        this.events = events;
        this.escalation = escalation;
    }

    public URI publicUrl() {
        return publicUrl;
    }

    /**
     * Handles one callback.
     *
     * @param signature     the {@code X-Twilio-Signature} header, or null
     * @param params        the form fields of the POST body
     * @param remoteAddress who sent it, for the record of refusals
     */
    public Result receive(String signature, Map<String, String> params, String remoteAddress) {
        Instant now = clock.instant();
        if (signature == null || signature.isBlank() || !validator.validate(publicUrl.toString(), params, signature)) {
            String reason = signature == null || signature.isBlank()
                    ? "missing X-Twilio-Signature"
                    : "signature does not match";
            recordRejection(now, signature, params, remoteAddress, reason);
            LOG.warn("status callback from {} refused: {}", remoteAddress, reason);
            return Result.REJECTED;
        }
        String sid = firstPresent(params, "MessageSid", "CallSid");
        String status = firstPresent(params, "MessageStatus", "CallStatus", "SmsStatus");
        if (sid == null || status == null) {
            return Result.MALFORMED;
        }
        return apply(sid, status, params.get("ErrorCode"), now);
    }

    private Result apply(String sid, String status, String errorCode, Instant now) {
        DeliveryFollowUp.Action followUp = DeliveryFollowUp.Action.NONE;
        Optional<Alert> changed = Optional.empty();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Target> target = notificationBySid(c, sid);
                ProviderReports.append(c, target.map(Target::notificationId).orElse(null), sid, status, errorCode, now);
                if (target.isPresent()) {
                    followUp =
                            ProviderReports.apply(c, target.get().notificationId(), status, errorCode, escalation, now);
                    changed = AlertRows.load(c, target.get().alertId());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AlertStoreException("could not record status " + status + " of " + sid, e);
        }
        DeliveryFollowUp.signal(followUp, events);
        changed.ifPresent(a -> events.publish(AlertChange.Kind.DELIVERY, a));
        return changed.isPresent() ? Result.APPLIED : Result.KEPT_FOR_LATER;
    }

    private record Target(UUID notificationId, UUID alertId) {}

    private static Optional<Target> notificationBySid(Connection c, String sid) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, alert_id FROM notifications WHERE provider_sid = ?")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Target(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                        : Optional.empty();
            }
        }
    }

    private void recordRejection(
            Instant now, String signature, Map<String, String> params, String remoteAddress, String reason) {
        try {
            RejectedCallbacks.record(dataSource, now, publicUrl, signature, params, remoteAddress, reason);
        } catch (SQLException e) {
            throw new AlertStoreException("could not record a refused status callback from " + remoteAddress, e);
        }
    }

    private static String firstPresent(Map<String, String> params, String... names) {
        for (String name : names) {
            String v = params.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
