package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.AuditEntry;
import io.stayaway.gateway.access.AuditEntry.Outcome;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
import io.stayaway.gateway.access.PositionViews;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.storage.LatestFixes;
import io.stayaway.gateway.storage.LatestFixes.Fix;
import io.stayaway.gateway.storage.LatestFixes.Validity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/orders/:id/positions}: where both parties of an order last were, for the duty desk
 * that must act on it. The protected person's location is the most sensitive datum the system holds,
 * so the route answers only a desk user (the role check is mounted in front of it), only for an
 * order of their station, only while the order is in force; every answer and every refusal is
 * written to the audit log first, and if the audit cannot be written nothing is shown. The console's polls
 * of one open map share a viewing session ({@code ?view=UUID}, {@link PositionViews}): the session is audited
 * once, at its first read, and its later reads are counted. Event-loop only; JDBC runs on a worker through {@link ApiReplies}.
 */
final class PositionRoutes {
    static final String ACTION = "position.read";
    /** The query parameter naming the console's viewing session. */
    static final String VIEW = "view";

    private final OrderRegistry orders;
    private final LatestFixes fixes;
    private final AuditLog audit;
    private final LocationRefusals refusals;
    private final PositionViews views;
    private final Clock clock;

    PositionRoutes(
            OrderRegistry orders,
            LatestFixes fixes,
            PositionViews views,
            AuditLog audit,
            DenialLog denials,
            Clock clock) {
        this.orders = orders;
        this.fixes = fixes;
        this.views = views;
        this.audit = audit;
        this.refusals = new LocationRefusals(ACTION, audit, denials, clock);
        this.clock = clock;
    }

    /**
     * Answers the latest fix of each party, or 404 (also for another station's order: ids are not told)/409/400
     * with a JSON error. With {@code view} (the console's viewing session), only the session's first read is
     * audited; every read is counted in {@code position_views}.
     */
    void latest(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        String id = ctx.pathParam("id");
        String resource = "order/" + id;
        Optional<UUID> view;
        try {
            view = view(ctx);
        } catch (ApiError malformed) {
            refuse(ctx, caller, resource, malformed, "malformed view");
            return;
        }
        Optional<OrderDocument> order = orders.get(id);
        if (order.isEmpty()) {
            // Terminated orders leave the registry, so they are "no active order" too; whether another
            // station's order ever existed is not told.
            refuse(ctx, caller, resource, new ApiError(404, "not_found", "no active order " + id), "no active order");
            return;
        }
        if (!AccessGuard.covers(caller, order.get())) {
            refuse(ctx, caller, resource, new ApiError(404, "not_found", "no active order " + id), "out of scope");
            return;
        }
        Instant now = clock.instant();
        Future<Answer> read = ApiReplies.onWorker(ctx, () -> auditedRead(caller, id, resource, view, now));
        ApiReplies.then(ctx, read, answer -> {
            if (answer.refusal() != null) {
                refuse(ctx, caller, resource, answer.refusal(), answer.reason());
            } else {
                ApiReplies.json(ctx, 200, positions(id, now, answer.fixes()));
            }
        });
    }

    /** The fixes to show, or the refusal and its audited reason. Immutable. */
    private record Answer(LatestFixes.PartyFixes fixes, ApiError refusal, String reason) {}

    /** The {@code view} query parameter: absent, or one UUID in its canonical form. */
    private static Optional<UUID> view(RoutingContext ctx) {
        List<String> values = ctx.queryParams().getAll(VIEW);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String value = values.get(0);
        if (values.size() == 1) {
            try {
                UUID view = UUID.fromString(value);
                if (view.toString().equalsIgnoreCase(value)) {
                    return Optional.of(view);
                }
            } catch (IllegalArgumentException e) {
                // answered below
            }
        }
        throw ApiError.badField(VIEW, "view must be one UUID (the console's viewing session)");
    }

    /**
     * Blocking (worker): the parties' latest fixes if the order is in force at {@code now}. The read is audited
     * before it is made, or counted in its viewing session (audited at the session's first read): a read that
     * cannot be audited is not served.
     */
    private Answer auditedRead(UserAccount caller, String id, String resource, Optional<UUID> view, Instant now) {
        Optional<Validity> validity = fixes.validity(id);
        if (validity.isEmpty() || !validity.get().activeAt(now)) {
            return new Answer(
                    null,
                    new ApiError(
                            409,
                            "order_not_active",
                            "order " + id
                                    + " is not in force now (not yet valid, expired or terminated): positions are not shown"),
                    "order not active");
        }
        if (view.isEmpty()) {
            audit.record(
                    new AuditEntry(now, caller.username(), caller.role(), ACTION, resource, Outcome.ALLOWED, null));
        } else if (views.read(view.get(), caller, id, ACTION, resource, now) == PositionViews.Read.FOREIGN) {
            return new Answer(
                    null,
                    ApiError.badField(
                            VIEW, "view " + view.get() + " is another user's or another order's viewing session"),
                    "view of another user or order");
        }
        return new Answer(fixes.of(id, now), null, null);
    }

    private static JsonObject positions(String orderId, Instant readAt, LatestFixes.PartyFixes last) {
        return new JsonObject()
                .put("orderId", orderId)
                .put("readAt", readAt.toString())
                .put("respondent", last.respondent().map(PositionRoutes::json).orElse(null))
                .put(
                        "protected",
                        last.protectedPerson().map(PositionRoutes::json).orElse(null));
    }

    private static JsonObject json(Fix f) {
        return new JsonObject()
                .put("deviceId", f.deviceId())
                .put("lat", f.lat())
                .put("lon", f.lon())
                .put("acc", f.acc())
                .put("ts", f.ts().toString())
                .put("receivedAt", f.receivedAt().toString());
    }

    private void refuse(RoutingContext ctx, UserAccount caller, String resource, ApiError refusal, String reason) {
        refusals.refuse(ctx, caller, resource, refusal, reason);
    }
}
