package io.stayaway.alerts.http;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.AlertCursor;
import io.stayaway.alerts.AlertNotFoundException;
import io.stayaway.alerts.AlertPage;
import io.stayaway.alerts.AlertQuery;
import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.AlertWorkflow;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.TwilioWebhook;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The alerts module's HTTP routes (alerts/README.md, "HTTP routes"), mounted by the gateway on its
 * router. Handlers run on the event loop and do every database call on a worker through
 * {@link ApiReplies}. The acting officer comes from the gateway's {@code actorOf} (its
 * authentication), never from the request body. Errors are JSON
 * {@code {"error": code, "message": text, "field": path}}; no stack trace reaches a client.
 */
public final class AlertRoutes {
    private static final long MAX_BODY_BYTES = 64 * 1024;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final AlertService alerts;
    private final AlertWorkflow workflow;
    private final TwilioWebhook webhook;
    private final Function<RoutingContext, String> actorOf;
    private final Function<RoutingContext, Set<String>> scopeOf;

    private AlertRoutes(
            AlertService alerts,
            AlertWorkflow workflow,
            TwilioWebhook webhook,
            Function<RoutingContext, String> actorOf,
            Function<RoutingContext, Set<String>> scopeOf) {
        this.alerts = alerts;
        this.workflow = workflow;
        this.webhook = webhook;
        this.actorOf = actorOf;
        this.scopeOf = scopeOf;
    }

    /**
     * Adds {@code GET /api/alerts}, {@code GET /api/alerts/:id},
     * {@code POST /api/alerts/:id/acknowledge|dispatch|resolve} and, when {@code webhook} is not null,
     * {@code POST /twilio/status}.
     *
     * @param actorOf the authenticated officer's name for a request, or null when there is none (answered 401)
     */
    public static void mount(
            Router router,
            AlertService alerts,
            AlertWorkflow workflow,
            TwilioWebhook webhook,
            Function<RoutingContext, String> actorOf) {
        mount(router, alerts, workflow, webhook, actorOf, ctx -> null);
    }

    /**
     * As {@link #mount(Router, AlertService, AlertWorkflow, TwilioWebhook, Function)}, with {@code scopeOf}
     * naming the orders whose alerts a request may list (null: no restriction), so that
     * {@code GET /api/alerts} without {@code orderId} lists exactly the caller's orders.
     */
    public static void mount(
            Router router,
            AlertService alerts,
            AlertWorkflow workflow,
            TwilioWebhook webhook,
            Function<RoutingContext, String> actorOf,
            Function<RoutingContext, Set<String>> scopeOf) {
        AlertRoutes routes = new AlertRoutes(alerts, workflow, webhook, actorOf, scopeOf);
        BodyHandler body = BodyHandler.create().setBodyLimit(MAX_BODY_BYTES);
        router.get("/api/alerts").handler(routes::list);
        router.get("/api/alerts/:id").handler(routes::get);
        router.post("/api/alerts/:id/acknowledge").handler(body).handler(routes::acknowledge);
        router.post("/api/alerts/:id/dispatch").handler(body).handler(routes::dispatch);
        router.post("/api/alerts/:id/resolve").handler(body).handler(routes::resolve);
        if (webhook != null) {
            router.post("/twilio/status").handler(body).handler(routes::statusCallback);
        }
    }

    private void list(RoutingContext ctx) {
        AlertQuery query;
        try {
            query = query(ctx.queryParams());
        } catch (ApiError e) {
            ApiReplies.fail(ctx, e);
            return;
        }
        Set<String> scope = scopeOf.apply(ctx);
        AlertQuery scoped = scope == null ? query : query.within(scope);
        ApiReplies.respond(ctx, 200, () -> pageJson(alerts.page(scoped)));
    }

    private static JsonObject pageJson(AlertPage page) {
        JsonArray out = new JsonArray();
        page.alerts().forEach(a -> out.add(AlertJson.of(a)));
        return new JsonObject()
                .put("alerts", out)
                .put("nextCursor", page.next() == null ? null : page.next().token());
    }

    private void get(RoutingContext ctx) {
        UUID id = alertId(ctx);
        if (id == null) {
            return;
        }
        ApiReplies.respond(
                ctx, 200, () -> AlertJson.of(alerts.detail(id).orElseThrow(() -> new AlertNotFoundException(id))));
    }

    private void acknowledge(RoutingContext ctx) {
        act(ctx, (id, officer, body) -> {
            String note = note(body, false);
            return () -> workflow.acknowledge(id, officer, note);
        });
    }

    private void dispatch(RoutingContext ctx) {
        act(ctx, (id, officer, body) -> {
            String unit = note(body, true);
            return () -> workflow.dispatch(id, officer, unit);
        });
    }

    private void resolve(RoutingContext ctx) {
        act(ctx, (id, officer, body) -> {
            Outcome outcome = outcome(body);
            String note = note(body, false);
            return () -> workflow.resolve(id, officer, outcome, note);
        });
    }

    /** Reads the request for an officer's action; throws {@link ApiError} for a bad one. */
    @FunctionalInterface
    private interface Action {
        Callable<Alert> prepare(UUID alertId, String officer, JsonObject body);
    }

    private void act(RoutingContext ctx, Action action) {
        UUID id = alertId(ctx);
        if (id == null) {
            return;
        }
        String officer = actorOf.apply(ctx);
        if (officer == null || officer.isBlank()) {
            ApiReplies.fail(ctx, new ApiError(401, "unauthenticated", "no authenticated officer for this request"));
            return;
        }
        Callable<Alert> work;
        try {
            work = action.prepare(id, officer, bodyObject(ctx));
        } catch (ApiError e) {
            ApiReplies.fail(ctx, e);
            return;
        }
        ApiReplies.respond(ctx, 200, () -> AlertJson.of(work.call()));
    }

    private void statusCallback(RoutingContext ctx) {
        TwilioRequest request = TwilioRequest.of(ctx);
        ApiReplies.then(
                ctx,
                ApiReplies.onWorker(
                        ctx, () -> webhook.receive(request.signature(), request.params(), request.remoteAddress())),
                result -> {
                    switch (result) {
                        case APPLIED, KEPT_FOR_LATER ->
                            ctx.response().setStatusCode(204).end();
                        case MALFORMED ->
                            ApiReplies.fail(
                                    ctx,
                                    new ApiError(
                                            400,
                                            "invalid_callback",
                                            "a status callback needs MessageSid or CallSid and a status"));
                        case REJECTED ->
                            ApiReplies.fail(
                                    ctx,
                                    new ApiError(
                                            403,
                                            "bad_signature",
                                            "X-Twilio-Signature does not verify",
                                            "X-Twilio-Signature"));
                    }
                });
    }

    private static AlertQuery query(MultiMap q) {
        Instant from = instantParam(q, "from");
        Instant to = instantParam(q, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiError.badField("to", "to must be after from");
        }
        String cursor = q.get("cursor");
        AlertCursor after;
        try {
            after = cursor == null || cursor.isEmpty() ? null : AlertCursor.parse(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("cursor", "cursor must be a nextCursor value from a previous page");
        }
        return new AlertQuery(
                text(q, "orderId"),
                enumParam(q, "type", AlertType.class),
                enumParam(q, "state", AlertState.class),
                enumParam(q, "severity", Severity.class),
                from,
                to,
                limit(q),
                after);
    }

    private static String text(MultiMap q, String name) {
        String v = q.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static Instant instantParam(MultiMap q, String name) {
        String v = text(q, name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiError.badField(name, name + " must be an ISO-8601 instant such as 2026-11-27T13:20:00Z");
        }
    }

    private static int limit(MultiMap q) {
        String v = text(q, "limit");
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(v);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below like an out-of-range number
        }
        throw ApiError.badField("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static <E extends Enum<E>> E enumParam(MultiMap q, String name, Class<E> type) {
        String v = text(q, name);
        if (v == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badField(name, name + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static UUID alertId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            ApiReplies.fail(ctx, ApiError.badField("id", "alert id must be a UUID"));
            return null;
        }
    }

    /** The JSON body, or an empty object when there is none (acknowledge needs no body). */
    private static JsonObject bodyObject(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        try {
            JsonObject body = ctx.body().asJsonObject();
            return body == null ? new JsonObject() : body;
        } catch (DecodeException | ClassCastException e) {
            throw new ApiError(400, "invalid_json", "request body must be a JSON object");
        }
    }

    private static String note(JsonObject body, boolean required) {
        Object v = body.getValue("note");
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof String s) || (required && s.isBlank())) {
            throw ApiError.badField("note", required ? "note must name the unit sent" : "note must be a string");
        }
        if (s.length() > AlertWorkflow.MAX_NOTE_LENGTH) {
            throw ApiError.badField("note", "note must be at most " + AlertWorkflow.MAX_NOTE_LENGTH + " characters");
        }
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ApiError.badField("note", "note must not contain control characters (U+0000-U+001F, U+007F)");
        }
        return s;
    }

    private static Outcome outcome(JsonObject body) {
        Object v = body.getValue("outcome");
        if (!(v instanceof String s)) {
            throw ApiError.badField("outcome", "outcome is required, one of " + Arrays.toString(Outcome.values()));
        }
        try {
            return Outcome.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badField("outcome", "outcome must be one of " + Arrays.toString(Outcome.values()));
        }
    }
}
