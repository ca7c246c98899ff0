package io.stayaway.gateway.api;

import io.stayaway.alerts.AlertQuery;
import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.followup.FollowUpContact;
import io.stayaway.alerts.followup.FollowUpValidationException;
import io.stayaway.alerts.followup.FollowUps;
import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.storage.StorageException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follow-up supervision over HTTP (docs/http-api.md, "Caseworkers and follow-up contacts"): an order's alert
 * list without places or devices ({@code GET /api/orders/:id/alerts}, every role in scope), and its follow-up
 * contacts, which a caseworker of the order's organisation records and caseworkers, court and admin read.
 * Every allowed read and write is audited, every refusal by {@link AccessGuard}. Event-loop only; JDBC runs on a
 * worker through {@link ApiReplies}.
 */
final class SupervisionRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisionRoutes.class);
    /** The most alerts {@code GET /api/orders/:id/alerts} lists, newest first (the alert list's page limit). */
    static final int MAX_ALERTS = 500;

    private static final Set<String> FOLLOW_UP_FIELDS = Set.of("kind", "at", "outcome", "note");

    private final OrderRegistry orders;
    private final AlertService alerts;
    private final DataSource data;
    private final AccessGuard guard;
    private final Clock clock;

    private SupervisionRoutes(
            OrderRegistry orders, AlertService alerts, DataSource data, AccessGuard guard, Clock clock) {
        this.orders = orders;
        this.alerts = alerts;
        this.data = data;
        this.guard = guard;
        this.clock = clock;
    }

    static void mount(
            Router router, OrderRegistry orders, AlertService alerts, DataSource data, AccessGuard guard, Clock clock) {
        SupervisionRoutes routes = new SupervisionRoutes(orders, alerts, data, guard, clock);
        router.get("/api/orders/:id/alerts")
                .handler(
                        guard.requireRole("read an order's alerts", Role.ADMIN, Role.DESK, Role.COURT, Role.CASEWORKER))
                .handler(guard::orderInScope)
                .handler(routes::alerts);
        router.get("/api/orders/:id/follow-ups")
                .handler(guard.requireRole("read follow-up contacts", Role.CASEWORKER, Role.COURT, Role.ADMIN))
                .handler(guard::orderInScope)
                .handler(routes::followUps);
        router.post("/api/orders/:id/follow-ups")
                .handler(guard.requireRole("record follow-up contacts", Role.CASEWORKER))
                .handler(guard::orderInScope)
                .handler(routes::record);
    }

    /** {@code GET /api/orders/:id/alerts}: the newest {@link #MAX_ALERTS} alerts of the order, {@link CaseworkerView#alert}. */
    private void alerts(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        String id = ctx.pathParam("id");
        Future<JsonObject> listed = guard.record(ctx, caller, "alert.list", "order/" + id)
                .compose(v -> ApiReplies.onWorker(ctx, () -> alerts.list(new AlertQuery(id, null, null, MAX_ALERTS))))
                .map(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(a -> out.add(CaseworkerView.alert(a)));
                    return new JsonObject().put("orderId", id).put("alerts", out);
                });
        ApiReplies.json(ctx, 200, listed);
    }

    /** {@code GET /api/orders/:id/follow-ups}: every contact, oldest first. */
    private void followUps(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        String id = ctx.pathParam("id");
        Future<JsonObject> listed = guard.record(ctx, caller, "follow_up.list", "order/" + id)
                .compose(v -> ApiReplies.onWorker(ctx, () -> list(id)))
                .map(list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(f -> out.add(CaseworkerView.followUp(f)));
                    return new JsonObject().put("orderId", id).put("followUps", out);
                });
        ApiReplies.json(ctx, 200, listed);
    }

    /**
     * {@code POST /api/orders/:id/follow-ups {"kind","at","outcome","note"?}} (a caseworker of the order's
     * organisation): stores the contact (chained into {@code order:<id>} by trigger), then audits it; 201 with
     * the contact.
     */
    private void record(RoutingContext ctx) {
        UserAccount caseworker = AccessGuard.caller(ctx);
        OrderHistory order =
                orders.history(ctx.pathParam("id")).orElseThrow(() -> AccessGuard.noOrder(ctx.pathParam("id")));
        if (!order.active()) {
            throw new ApiError(409, "order_terminated", "order " + order.id() + " is terminated");
        }
        FollowUpContact contact = parse(HttpApi.bodyObject(ctx), order.id(), caseworker, clock.instant());
        Future<JsonObject> recorded = ApiReplies.onWorker(ctx, () -> {
                    store(contact);
                    return null;
                })
                .compose(v -> {
                    LOG.info(
                            "{} recorded a follow-up {} on order {} ({})",
                            caseworker.username(),
                            contact.kind().wireName(),
                            order.id(),
                            contact.outcome().wireName());
                    return guard.record(
                            ctx, caseworker, "follow_up.record", "order/" + order.id() + "/follow-up/" + contact.id());
                })
                .map(v -> CaseworkerView.followUp(contact));
        ApiReplies.json(ctx, 201, recorded);
    }

    /** A contact from the request body, recorded now by {@code caseworker} for their organisation; 400 naming the field. */
    static FollowUpContact parse(JsonObject body, String orderId, UserAccount caseworker, Instant now) {
        for (String field : body.fieldNames()) {
            if (!FOLLOW_UP_FIELDS.contains(field)) {
                throw new ApiError(400, "invalid_follow_up", field + " is not a field of a follow-up contact", field);
            }
        }
        try {
            return new FollowUpContact(
                    UUID.randomUUID(),
                    orderId,
                    FollowUpContact.Kind.parse(text(body, "kind")),
                    at(text(body, "at")),
                    FollowUpContact.Outcome.parse(text(body, "outcome")),
                    text(body, "note"),
                    caseworker.username(),
                    caseworker.scope(),
                    now);
        } catch (FollowUpValidationException e) {
            throw new ApiError(400, "invalid_follow_up", e.getMessage(), e.field());
        }
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw new FollowUpValidationException(field, field + " must be a string");
        }
        return (String) v;
    }

    private static Instant at(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new FollowUpValidationException("at", "at must be an ISO-8601 instant such as 2026-12-01T09:30:00Z");
        }
    }

    private void store(FollowUpContact contact) {
        try (Connection c = data.getConnection()) {
            FollowUps.record(c, contact);
        } catch (SQLException e) {
            throw new StorageException("could not record a follow-up contact on order " + contact.orderId(), e);
        }
    }

    private java.util.List<FollowUpContact> list(String orderId) {
        try (Connection c = data.getConnection()) {
            return FollowUps.list(c, orderId);
        } catch (SQLException e) {
            throw new StorageException("could not read the follow-up contacts of order " + orderId, e);
        }
    }
}
