package io.stayaway.alerts.http;

import io.stayaway.alerts.AlertNotFoundException;
import io.stayaway.alerts.InvalidTransitionException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an API route answers, for the alert routes and the gateway's: blocking work (JDBC, PBKDF2)
 * runs on a worker thread, the result goes out as JSON with a status, and a failure as an
 * {@link ApiError} body (openapi.yaml, {@code Error}) with its documented status. A failure that is
 * no known refusal is logged and answered 500; no stack trace reaches a client. Stateless; the
 * answering runs on the request's event loop.
 */
public final class ApiReplies {
    private static final Logger LOG = LoggerFactory.getLogger(ApiReplies.class);

    private ApiReplies() {}

    /** Runs {@code work} on a worker thread and answers {@code status} with the JSON it returns, or its failure. */
    public static void respond(RoutingContext ctx, int status, Callable<? extends JsonObject> work) {
        json(ctx, status, onWorker(ctx, work));
    }

    /** Runs {@code work} on a worker thread, unordered (one request's work never waits for another's). */
    public static <T> Future<T> onWorker(RoutingContext ctx, Callable<T> work) {
        return ctx.vertx().executeBlocking(work, false);
    }

    /** Answers {@code status} with the body once it is there, or the failure. */
    public static void json(RoutingContext ctx, int status, Future<? extends JsonObject> body) {
        then(ctx, body, b -> json(ctx, status, b));
    }

    /**
     * Goes on with the result ({@code next} answers or passes the request on), or answers the failure.
     * A failure thrown by {@code next} itself is answered too: Vert.x would only report it to the
     * context, and the client would wait for an answer that never comes.
     */
    public static <T> void then(RoutingContext ctx, Future<T> result, Handler<T> next) {
        result.onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
                return;
            }
            try {
                next.handle(ar.result());
            } catch (RuntimeException failure) {
                fail(ctx, failure);
            }
        });
    }

    /** Answers {@code status} with {@code body}, unless the response has been answered already. */
    public static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }

    /** Answers a failure: an {@link ApiError} as itself, a known refusal with its status, anything else 500 (logged). */
    public static void fail(RoutingContext ctx, Throwable failure) {
        ApiError e = refusal(ctx, failure);
        JsonObject body = new JsonObject().put("error", e.code()).put("message", e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        json(ctx, e.status(), body);
    }

    private static ApiError refusal(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ApiError e) {
            return e;
        }
        if (failure instanceof AlertNotFoundException e) {
            return new ApiError(404, "not_found", e.getMessage());
        }
        if (failure instanceof InvalidTransitionException e) {
            return new ApiError(409, "invalid_transition", e.getMessage());
        }
        LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
        return new ApiError(500, "internal", "the request could not be completed; it has been logged");
    }
}
