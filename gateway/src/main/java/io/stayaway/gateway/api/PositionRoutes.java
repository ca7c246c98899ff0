package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.AuditEntry;
import io.stayaway.gateway.access.AuditEntry.Outcome;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
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
import java.util.Optional;

/**
 * {@code GET /api/orders/:id/positions}: where both parties of an order last were, for the duty desk
 * that must act on it. The protected person's location is the most sensitive datum the system holds,
 * so the route answers only a desk user (the role check is mounted in front of it), only for an
 * order of their station, only while the order is in force; every answer and every refusal is
 * written to the audit log first, and if the audit cannot be written nothing is shown.
 * Event-loop only; JDBC runs on a worker through {@link ApiReplies}.
 */
final class PositionRoutes {
    static final String ACTION = "position.read";

    private final OrderRegistry orders;
    private final LatestFixes fixes;
    private final AuditLog audit;
    private final DenialLog denials;
    private final Clock clock;

    PositionRoutes(OrderRegistry orders, LatestFixes fixes, AuditLog audit, DenialLog denials, Clock clock) {
        this.orders = orders;
        this.fixes = fixes;
        this.audit = audit;
        this.denials = denials;
        this.clock = clock;
    }

    /** Answers the latest fix of each party, or 404 (also for another station's order: ids are not told)/409 with a JSON error. */
    void latest(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        String id = ctx.pathParam("id");
        String resource = "order/" + id;
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
        Future<Optional<LatestFixes.PartyFixes>> read =
                ApiReplies.onWorker(ctx, () -> auditedRead(caller, id, resource, now));
        ApiReplies.then(ctx, read, result -> {
            if (result.isEmpty()) {
                refuse(
                        ctx,
                        caller,
                        resource,
                        new ApiError(
                                409,
                                "order_not_active",
                                "order " + id
                                        + " is not in force now (not yet valid, expired or terminated): positions are not shown"),
                        "order not active");
            } else {
                ApiReplies.json(ctx, 200, positions(id, now, result.get()));
            }
        });
    }

    /**
     * Blocking (worker): the parties' latest fixes if the order is in force at {@code now}, empty if not. The
     * read is audited before it is made: a read that cannot be audited is not served.
     */
    private Optional<LatestFixes.PartyFixes> auditedRead(UserAccount caller, String id, String resource, Instant now) {
        Optional<Validity> validity = fixes.validity(id);
        if (validity.isEmpty() || !validity.get().activeAt(now)) {
            return Optional.empty();
        }
        audit.record(new AuditEntry(now, caller.username(), caller.role(), ACTION, resource, Outcome.ALLOWED, null));
        return Optional.of(fixes.of(id, now));
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

    /** Logs (rate-limited) and audits a refusal, then answers it; an audit failure is answered 500. */
    private void refuse(RoutingContext ctx, UserAccount caller, String resource, ApiError refusal, String reason) {
        Instant now = clock.instant();
        denials.record(
                "user " + caller.username(),
                refusal.status(),
                "GET " + ctx.request().path(),
                reason,
                now);
        AuditEntry entry =
                new AuditEntry(now, caller.username(), caller.role(), ACTION, resource, Outcome.DENIED, reason);
        Future<Void> audited = ApiReplies.onWorker(ctx, () -> {
            audit.record(entry);
            return null;
        });
        ApiReplies.then(ctx, audited, v -> ApiReplies.fail(ctx, refusal));
    }
}
