package io.stayaway.alerts.checkin;

import com.twilio.security.RequestValidator;
import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.RaisedAlert;
import io.stayaway.alerts.RejectedCallbacks;
import io.stayaway.alerts.notify.PhoneMask;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the text messages Twilio posts to our number's messaging webhook ({@code POST /twilio/inbound}).
 * Each request is checked with the SDK's {@link RequestValidator} against {@code X-Twilio-Signature} and the
 * configured public URL; one that fails is refused and kept in {@code rejected_callbacks}. A genuine message
 * is stored once per MessageSid in {@code check_in_replies} and matched to the order by her number
 * ({@link ReplyMatch}): {@code 1} marks her check-in safe, {@code 2} raises CHECK_IN_HELP to the desk before
 * the request is answered, STOP (and Twilio's other opt-out words) stops every check-in to the number, START
 * lifts that. Thread-safe; blocks on JDBC, so call it from a worker thread.
 */
public final class InboundMessages {
    private static final Logger LOG = LoggerFactory.getLogger(InboundMessages.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final AlertService alerts;
    private final CheckInOrders orders;
    private final RequestValidator validator;
    private final CheckInSettings.Inbound settings;

    /** What became of a request; the HTTP layer maps it to a status code. */
    public enum Result {
        /** Verified and stored (200, empty TwiML). */
        STORED,
        /** Verified, and this MessageSid was stored before: Twilio retried (200, empty TwiML). */
        DUPLICATE,
        /** Verified but without MessageSid or From (400). */
        MALFORMED,
        /** The signature is missing or wrong; recorded in rejected_callbacks (403). */
        REJECTED
    }

    InboundMessages(
            DataSource dataSource,
            Clock clock,
            AlertService alerts,
            CheckInOrders orders,
            CheckInSettings.Inbound settings) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.alerts = alerts;
        this.orders = orders;
        this.settings = settings;
        this.validator = new RequestValidator(settings.authToken());
    }

    /**
     * Handles one inbound message.
     *
     * @param signature     the {@code X-Twilio-Signature} header, or null
     * @param params        the form fields of the POST body
     * @param remoteAddress who sent it, for the record of refusals
     */
    public Result receive(String signature, Map<String, String> params, String remoteAddress) {
        Instant now = clock.instant();
        String url = settings.publicUrl().toString();
        if (signature == null || signature.isBlank() || !validator.validate(url, params, signature)) {
            String reason = signature == null || signature.isBlank()
                    ? "missing X-Twilio-Signature"
                    : "signature does not match";
            recordRejection(now, signature, params, remoteAddress, reason);
            LOG.warn("inbound message from {} refused: {}", remoteAddress, reason);
            return Result.REJECTED;
        }
        String sid = params.getOrDefault("MessageSid", params.get("SmsSid"));
        String from = params.get("From");
        if (sid == null || sid.isBlank() || from == null || from.isBlank()) {
            return Result.MALFORMED;
        }
        String body = params.getOrDefault("Body", "");
        ReplyMeaning meaning = ReplyMeaning.of(body);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Result result = store(c, sid, from, params.get("To"), body, meaning, now);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException s && "23505".equals(s.getSQLState())) {
                    return Result.DUPLICATE;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new CheckInStoreException("could not store inbound message " + sid, e);
        }
    }

    private Result store(
            Connection c, String sid, String from, String to, String body, ReplyMeaning meaning, Instant now)
            throws SQLException {
        if (ReplyMatch.replyStored(c, sid)) {
            return Result.DUPLICATE;
        }
        ReplyMatch match = ReplyMatch.find(c, orders, from, now);
        UUID alertId = null;
        if (meaning == ReplyMeaning.HELP) {
            alertId = raiseHelp(sid, from, match, now);
        }
        ReplyMatch.insertReply(c, sid, from, to, body, meaning, match, alertId, now);
        switch (meaning) {
            case SAFE, HELP -> match.markReplied(c, meaning, now);
            case OPT_OUT -> ReplyMatch.optOut(c, from, sid, now);
            case OPT_IN -> ReplyMatch.optIn(c, from);
            case OTHER -> {
                // stored and chained; its meaning is for a person to read
            }
        }
        LOG.info(
                "inbound message {} from {}: {}, order {}",
                sid,
                PhoneMask.mask(from),
                meaning.wireName(),
                match.orderId() == null ? "none" : match.orderId());
        return Result.STORED;
    }

    /**
     * Raises CHECK_IN_HELP for the matched order at once (dedupe key {@code check-in-help:<MessageSid>}, so a
     * retried request raises one alert). A 2 from a number matched to no order raises nothing (there is nobody
     * to tell); it is stored and logged as an error.
     */
    private UUID raiseHelp(String sid, String from, ReplyMatch match, Instant now) {
        Optional<CheckInOrder> order = match.orderId() == null ? Optional.empty() : orders.find(match.orderId());
        if (order.isEmpty()) {
            LOG.error(
                    "HELP reply {} from {} matches no order in force: no alert could be raised",
                    sid,
                    PhoneMask.mask(from));
            return null;
        }
        RaisedAlert raised = alerts.raise(
                new AlertTrigger(
                        "check-in-help:" + sid,
                        match.orderId(),
                        AlertType.CHECK_IN_HELP,
                        null,
                        null,
                        "protected",
                        now,
                        null,
                        false,
                        null,
                        null,
                        match.checkInId() == null
                                ? "the protected person texted 2 (needs help)"
                                : "the protected person replied 2 (needs help) to safety check-in "
                                        + match.checkInId()),
                order.get().contacts());
        return raised.alert().id();
    }

    private void recordRejection(
            Instant now, String signature, Map<String, String> params, String remoteAddress, String reason) {
        try {
            RejectedCallbacks.record(dataSource, now, settings.publicUrl(), signature, params, remoteAddress, reason);
        } catch (SQLException e) {
            throw new CheckInStoreException("could not record a refused inbound message from " + remoteAddress, e);
        }
    }
}
