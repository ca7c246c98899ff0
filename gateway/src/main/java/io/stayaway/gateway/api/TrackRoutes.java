package io.stayaway.gateway.api;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.AlertDetail;
import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.AuditEntry;
import io.stayaway.gateway.access.AuditEntry.Outcome;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.orders.Party;
import io.stayaway.gateway.storage.LatestFixes;
import io.stayaway.gateway.storage.LatestFixes.Validity;
import io.stayaway.gateway.storage.PartyTracks;
import io.stayaway.gateway.storage.PartyTracks.TrackFix;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/alerts/:id/track}: both parties' fixes around an alert, for the desk to replay what
 * happened on the map. Guarded like {@link PositionRoutes}, for the same reason (the protected person's
 * whereabouts): desk role only, only for an alert whose order is of the caller's station (404 otherwise,
 * like an unknown alert: ids out of scope are not told), only while the order is in force (409); every
 * answer and every refusal is audited ({@link #ACTION}, {@code alert/{id}}) before anything is shown.
 * Event-loop only; JDBC runs on a worker through {@link ApiReplies}.
 */
final class TrackRoutes {
    static final String ACTION = "track.read";
    /** How far before the episode's start the track begins. */
    static final Duration LEAD = Duration.ofMinutes(5);
    /** The longest track answered: the span ending at the track's end. */
    static final Duration MAX_SPAN = Duration.ofMinutes(60);
    /** The most fixes answered per party; more are thinned evenly. */
    static final int MAX_FIXES = 2000;

    private final OrderRegistry orders;
    private final AlertService alerts;
    private final LatestFixes fixes;
    private final PartyTracks tracks;
    private final AuditLog audit;
    private final LocationRefusals refusals;
    private final Clock clock;

    TrackRoutes(
            OrderRegistry orders,
            AlertService alerts,
            LatestFixes fixes,
            PartyTracks tracks,
            AuditLog audit,
            DenialLog denials,
            Clock clock) {
        this.orders = orders;
        this.alerts = alerts;
        this.fixes = fixes;
        this.tracks = tracks;
        this.audit = audit;
        this.refusals = new LocationRefusals(ACTION, audit, denials, clock);
        this.clock = clock;
    }

    /**
     * The span of an alert's track: from {@link #LEAD} before its episode began (the earlier of its device
     * time and its opening) to its resolution, or {@code now} while it is not resolved; at most {@link #MAX_SPAN}
     * ending at that end ({@code capped}). Immutable.
     */
    record Window(Instant from, Instant to, boolean capped) {
        static Window of(Alert alert, Instant resolvedAt, Instant now) {
            Instant began = alert.eventTime().isBefore(alert.openedAt()) ? alert.eventTime() : alert.openedAt();
            Instant to = resolvedAt == null || resolvedAt.isAfter(now) ? now : resolvedAt;
            Instant from = began.minus(LEAD);
            if (from.isBefore(to.minus(MAX_SPAN))) {
                return new Window(to.minus(MAX_SPAN), to, true);
            }
            return new Window(from.isAfter(to) ? to : from, to, false);
        }
    }

    /** The track's answer, or the refusal and its audited reason. Immutable. */
    private record Answer(JsonObject track, ApiError refusal, String reason) {
        static Answer refused(ApiError refusal, String reason) {
            return new Answer(null, refusal, reason);
        }
    }

    /** Answers the track, or 400/403/404/409 with a JSON error. */
    void replay(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        String raw = ctx.pathParam("id");
        String resource = "alert/" + raw;
        if (caller.role() != Role.DESK) {
            ApiError forbidden = new ApiError(
                    403, "forbidden", "the " + caller.role().wireName() + " role may not replay an alert's track");
            refuse(ctx, caller, resource, forbidden, "role " + caller.role().wireName());
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            refuse(ctx, caller, resource, ApiError.badField("id", "alert id must be a UUID"), "malformed alert id");
            return;
        }
        Instant now = clock.instant();
        Future<Answer> answer = ApiReplies.onWorker(ctx, () -> auditedRead(caller, id, resource, now));
        ApiReplies.then(ctx, answer, a -> {
            if (a.refusal() != null) {
                refuse(ctx, caller, resource, a.refusal(), a.reason());
            } else {
                ApiReplies.json(ctx, 200, a.track());
            }
        });
    }

    /** Blocking (worker): the track if the caller may see it now, audited before it is read. */
    private Answer auditedRead(UserAccount caller, UUID id, String resource, Instant now) {
        ApiError unknown = new ApiError(404, "not_found", "no alert " + id);
        Optional<AlertDetail> detail = alerts.detail(id);
        if (detail.isEmpty()) {
            return Answer.refused(unknown, "unknown alert");
        }
        Alert alert = detail.get().alert();
        String orderId = alert.orderId();
        Optional<OrderHistory> order = orders.history(orderId).or(() -> orders.refresh(orderId));
        if (order.isEmpty() || !AccessGuard.covers(caller, order.get())) {
            return Answer.refused(unknown, "out of scope (order " + orderId + ")");
        }
        Optional<Validity> validity = fixes.validity(orderId);
        if (validity.isEmpty() || !validity.get().activeAt(now)) {
            return Answer.refused(
                    new ApiError(
                            409,
                            "order_not_active",
                            "order " + orderId
                                    + " is not in force now (not yet valid, expired or terminated): its track is not shown"),
                    "order not active");
        }
        Window window = Window.of(alert, resolvedAt(detail.get()), now);
        audit.record(new AuditEntry(now, caller.username(), caller.role(), ACTION, resource, Outcome.ALLOWED, null));
        PartyTracks.Tracks read = tracks.of(orderId, window.from(), window.to());
        OrderDocument current = order.get().current().document();
        return new Answer(
                new JsonObject()
                        .put("alertId", id.toString())
                        .put("orderId", orderId)
                        .put("from", window.from().toString())
                        .put("to", window.to().toString())
                        .put("readAt", now.toString())
                        .put("capped", window.capped())
                        .put("respondent", party(deviceOf(current, Party.Role.RESPONDENT), read.respondent()))
                        .put("protected", party(deviceOf(current, Party.Role.PROTECTED), read.protectedPerson())),
                null,
                null);
    }

    /** When the alert was resolved (its lifecycle's RESOLVED record), or null while it is not. */
    private static Instant resolvedAt(AlertDetail detail) {
        return detail.lifecycle().stream()
                .filter(t -> t.to() == AlertState.RESOLVED)
                .map(AlertDetail.Transition::at)
                .findFirst()
                .orElse(null);
    }

    /** The device the party wears in the order's current version (the first, for several protected devices), or null. */
    private static String deviceOf(OrderDocument order, Party.Role role) {
        return order.parties().stream()
                .filter(p -> p.role() == role)
                .map(Party::deviceId)
                .findFirst()
                .orElse(null);
    }

    private static JsonObject party(String deviceId, List<TrackFix> track) {
        List<TrackFix> shown = PartyTracks.thin(track, MAX_FIXES);
        JsonArray out = new JsonArray();
        for (TrackFix f : shown) {
            out.add(new JsonObject()
                    .put("ts", f.ts().toString())
                    .put("lat", f.lat())
                    .put("lon", f.lon())
                    .put("acc", f.acc()));
        }
        JsonObject party = new JsonObject().put("deviceId", deviceId).put("fixes", out);
        if (shown.size() < track.size()) {
            party.put("thinned", true);
        }
        return party;
    }

    private void refuse(RoutingContext ctx, UserAccount caller, String resource, ApiError refusal, String reason) {
        refusals.refuse(ctx, caller, resource, refusal, reason);
    }
}
