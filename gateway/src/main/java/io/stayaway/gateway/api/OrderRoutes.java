package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.orders.DeviceInUseException;
import io.stayaway.gateway.orders.OrderChange;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderInput;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.orders.OrderValidationException;
import io.stayaway.gateway.orders.OrderVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders over HTTP (docs/http-api.md, "Orders"): an admin creates, amends and terminates them; desk and court
 * users read the orders of their station or court, caseworkers a summary of their organisation's. An
 * amendment is a new version governing fixes from its {@code effectiveFrom} (device time) on; earlier versions
 * stay readable. Creations, amendments and terminations are audited. Event-loop only; writes run on a worker
 * through {@link ApiReplies}.
 */
final class OrderRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OrderRoutes.class);
    /**
     * What an amendment may change: the rules, the validity, the caseworker organisation and the check-in
     * schedule, never the parties, court or duty desk.
     */
    static final Set<String> AMENDABLE =
            Set.of("validFrom", "validUntil", "zones", "suspensions", "corridors", "organisation", "checkIns");

    private static final int MAX_REASON = 2_000;

    private final OrderRegistry orders;
    private final AccessGuard guard;
    private final Clock clock;

    private OrderRoutes(OrderRegistry orders, AccessGuard guard, Clock clock) {
        this.orders = orders;
        this.guard = guard;
        this.clock = clock;
    }

    static OrderRoutes mount(Router router, OrderRegistry orders, AccessGuard guard, Clock clock) {
        OrderRoutes routes = new OrderRoutes(orders, guard, clock);
        router.post("/api/orders")
                .handler(guard.requireRole("create orders", Role.ADMIN))
                .handler(routes::create);
        router.get("/api/orders").handler(routes::list);
        router.get("/api/orders/:id")
                .handler(guard.requireRole("read orders", Role.ADMIN, Role.DESK, Role.COURT, Role.CASEWORKER))
                .handler(guard::orderInScope)
                .handler(routes::get);
        router.get("/api/orders/:id/versions")
                .handler(guard.requireRole("read orders", Role.ADMIN, Role.DESK, Role.COURT))
                .handler(guard::orderInScope)
                .handler(routes::versions);
        router.post("/api/orders/:id/amendments")
                .handler(guard.requireRole("amend orders", Role.ADMIN))
                .handler(guard::holdOrder)
                .handler(routes::amend);
        router.post("/api/orders/:id/terminate")
                .handler(guard.requireRole("terminate orders", Role.ADMIN))
                .handler(guard::holdOrder)
                .handler(routes::terminate);
        return routes;
    }

    private void create(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        OrderDocument doc = parse(HttpApi.bodyObject(ctx));
        String id = doc.order().id();
        Future<Void> created = ApiReplies.onWorker(ctx, () -> create(doc, admin))
                .compose(stored -> stored
                        ? guard.record(ctx, admin, "order.create", "order/" + id)
                        : Future.failedFuture(
                                new ApiError(409, "order_exists", "an order with id " + id + " already exists")));
        ApiReplies.json(ctx, 201, created.map(v -> view(orders.history(id).orElseThrow())));
    }

    /** Blocking: stores the order; a respondent device worn under another active order is 409, as at assignment. */
    private boolean create(OrderDocument doc, UserAccount admin) {
        try {
            return orders.create(doc, admin.username(), clock.instant());
        } catch (DeviceInUseException e) {
            throw new ApiError(
                    409,
                    "device_in_use",
                    e.getMessage(),
                    "parties[" + doc.parties().indexOf(doc.respondent()) + "].deviceId");
        }
    }

    /** {@code GET /api/orders[?status=active|terminated]}: the orders the caller may see, newest version of each. */
    private void list(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        String status = ctx.queryParams().get("status");
        if (status != null && !status.equals("active") && !status.equals("terminated")) {
            throw new ApiError(400, "invalid_parameter", "status must be active or terminated", "status");
        }
        JsonArray out = new JsonArray();
        orders.histories().stream()
                .filter(h -> AccessGuard.covers(caller, h))
                .filter(h -> status == null || h.active() == status.equals("active"))
                .sorted(Comparator.comparing(OrderHistory::id))
                .forEach(h -> out.add(viewFor(caller, h)));
        ApiReplies.json(
                ctx, 200, guard.record(ctx, caller, "order.list", "orders").map(new JsonObject().put("orders", out)));
    }

    private void get(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        OrderHistory h = known(ctx.pathParam("id"));
        ApiReplies.json(
                ctx,
                200,
                guard.record(ctx, caller, "order.read", "order/" + h.id()).map(v -> viewFor(caller, h)));
    }

    /** The order as {@code caller} may see it: a caseworker its summary ({@link CaseworkerView#order}), others all of it. */
    private static JsonObject viewFor(UserAccount caller, OrderHistory h) {
        return caller.role() == Role.CASEWORKER ? CaseworkerView.order(h) : view(h);
    }

    private void versions(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        OrderHistory h = known(ctx.pathParam("id"));
        JsonArray out = new JsonArray();
        for (OrderVersion v : h.versions()) {
            JsonObject version = new JsonObject()
                    .put("version", v.number())
                    .put("effectiveFrom", v.effectiveFrom().toString())
                    .put("recordedAt", v.recordedAt().toString())
                    .put("order", v.document().body());
            if (v.recordedBy() != null) {
                version.put("recordedBy", v.recordedBy());
            }
            out.add(version);
        }
        ApiReplies.json(
                ctx,
                200,
                guard.record(ctx, caller, "order.read", "order/" + h.id())
                        .map(new JsonObject().put("orderId", h.id()).put("versions", out)));
    }

    /**
     * {@code POST /api/orders/:id/amendments {"effectiveFrom"?, "validFrom"?, "validUntil"?, "zones"?,
     * "suspensions"?, "corridors"?}}: the fields given replace the current version's; the result is
     * validated as a whole order and stored as the next version.
     */
    private void amend(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        OrderHistory h = known(ctx.pathParam("id"));
        JsonObject body = HttpApi.bodyObject(ctx);
        for (String field : body.fieldNames()) {
            if (!field.equals("effectiveFrom") && !AMENDABLE.contains(field)) {
                throw new ApiError(
                        400,
                        "invalid_amendment",
                        field + " cannot be amended; an amendment changes " + AMENDABLE,
                        field);
            }
        }
        if (body.fieldNames().stream().noneMatch(AMENDABLE::contains)) {
            throw new ApiError(400, "invalid_amendment", "an amendment changes at least one of " + AMENDABLE, "zones");
        }
        Instant now = clock.instant();
        Instant effectiveFrom = effectiveFrom(body, now);
        JsonObject merged = h.current().document().body().copy();
        AMENDABLE.stream().filter(body::containsKey).forEach(f -> merged.put(f, body.getValue(f)));
        OrderDocument next = parse(merged);
        ApiReplies.json(ctx, 201, apply(ctx, admin, next, effectiveFrom, now, "order.amend"));
    }

    /**
     * Stores {@code next} as a new version; the order's {@link #view} once the change is audited, or
     * the refusal. Shared with device assignment.
     */
    Future<JsonObject> apply(
            RoutingContext ctx,
            UserAccount admin,
            OrderDocument next,
            Instant effectiveFrom,
            Instant now,
            String action) {
        String id = next.order().id();
        return ApiReplies.onWorker(ctx, () -> orders.amend(next, effectiveFrom, admin.username(), now))
                .compose(change -> {
                    if (change != OrderChange.APPLIED) {
                        return Future.failedFuture(refusal(id, change));
                    }
                    OrderHistory amended = orders.history(id).orElseThrow();
                    LOG.info(
                            "{} recorded version {} of order {}, in force from {} ({})",
                            admin.username(),
                            amended.current().number(),
                            id,
                            effectiveFrom,
                            action);
                    return guard.record(
                                    ctx,
                                    admin,
                                    action,
                                    "order/" + id + "/version/"
                                            + amended.current().number())
                            .map(v -> view(amended));
                });
    }

    private void terminate(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        OrderHistory h = known(ctx.pathParam("id"));
        JsonObject body = HttpApi.bodyObject(ctx);
        Object r = body.getValue("reason");
        if (!(r instanceof String reason) || reason.isBlank() || reason.length() > MAX_REASON) {
            throw new ApiError(
                    400, "invalid_termination", "reason is required (1 to " + MAX_REASON + " characters)", "reason");
        }
        if (OrderInput.controlCharacter(reason) >= 0) {
            throw new ApiError(400, "invalid_termination", "reason must not contain control characters", "reason");
        }
        Future<Void> terminated = ApiReplies.onWorker(
                        ctx, () -> orders.terminate(h.id(), admin.username(), reason, clock.instant()))
                .compose(change -> {
                    if (change != OrderChange.APPLIED) {
                        return Future.failedFuture(refusal(h.id(), change));
                    }
                    LOG.info("{} terminated order {}", admin.username(), h.id());
                    return guard.record(ctx, admin, "order.terminate", "order/" + h.id());
                });
        ApiReplies.json(
                ctx, 200, terminated.map(v -> view(orders.history(h.id()).orElseThrow())));
    }

    OrderHistory known(String id) {
        return orders.history(id).orElseThrow(() -> new ApiError(404, "not_found", "no order " + id));
    }

    static Instant effectiveFrom(JsonObject body, Instant now) {
        Object v = body.getValue("effectiveFrom");
        if (v == null) {
            return now;
        }
        try {
            Instant at = Instant.parse(v instanceof String s ? s : "");
            if (!at.isBefore(OrderInput.LATEST_DATE)) {
                throw new ApiError(
                        400,
                        "invalid_amendment",
                        "effectiveFrom must be before " + OrderInput.LATEST_DATE,
                        "effectiveFrom");
            }
            if (at.isBefore(now)) {
                throw new ApiError(
                        400,
                        "invalid_amendment",
                        "effectiveFrom must not be in the past (now is " + now + ")",
                        "effectiveFrom");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new ApiError(
                    400,
                    "invalid_amendment",
                    "effectiveFrom must be an ISO-8601 instant such as 2026-11-27T13:20:00Z",
                    "effectiveFrom");
        }
    }

    /** An order from the API, held to {@link OrderInput}'s limits; 400 naming the field at fault. */
    static OrderDocument parse(JsonObject body) {
        try {
            return OrderDocument.parseInput(body);
        } catch (OrderValidationException e) {
            throw new ApiError(400, "invalid_order", e.getMessage(), e.field());
        }
    }

    static ApiError refusal(String id, OrderChange change) {
        return switch (change) {
            case UNKNOWN_ORDER -> new ApiError(404, "not_found", "no order " + id);
            case ALREADY_TERMINATED -> new ApiError(409, "order_terminated", "order " + id + " is terminated");
            case NOT_AFTER_CURRENT_VERSION ->
                new ApiError(
                        400,
                        "invalid_amendment",
                        "effectiveFrom must be after the current version's and not in the past",
                        "effectiveFrom");
            case APPLIED -> throw new IllegalArgumentException("not a refusal");
        };
    }

    /** The current version's document with the order's version, status and times. */
    static JsonObject view(OrderHistory h) {
        OrderVersion current = h.current();
        JsonObject out = current.document()
                .body()
                .copy()
                .put("version", current.number())
                .put("effectiveFrom", current.effectiveFrom().toString())
                .put("createdAt", h.version(1).recordedAt().toString())
                .put("status", h.active() ? "active" : "terminated");
        if (!h.active()) {
            out.put("terminatedAt", h.terminatedAt().toString());
        }
        return out;
    }
}
