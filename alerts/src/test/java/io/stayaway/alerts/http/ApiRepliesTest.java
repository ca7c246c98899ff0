package io.stayaway.alerts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stayaway.alerts.AlertNotFoundException;
import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.InvalidTransitionException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** How every route answers, on a real Vert.x HTTP server on an ephemeral port called with a real HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRepliesTest {
    private static final UUID ALERT = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Vertx vertx;
    private URI base;

    @BeforeAll
    void start() throws Exception {
        log.start();
        ((Logger) LoggerFactory.getLogger(ApiReplies.class)).addAppender(log);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/ok")
                .handler(ctx -> ApiReplies.respond(ctx, 201, () -> {
                    assertFalse(Thread.currentThread().getName().contains("eventloop"), "the work runs on a worker");
                    return new JsonObject().put("stored", true);
                }));
        router.get("/refused")
                .handler(ctx -> ApiReplies.respond(ctx, 200, () -> {
                    throw new ApiError(409, "order_exists", "an order with id X already exists");
                }));
        router.get("/bad-field")
                .handler(ctx -> ApiReplies.respond(ctx, 200, () -> {
                    throw ApiError.badField("limit", "limit must be a whole number");
                }));
        router.get("/no-alert")
                .handler(ctx -> ApiReplies.respond(ctx, 200, () -> {
                    throw new AlertNotFoundException(ALERT);
                }));
        router.get("/bad-move")
                .handler(ctx -> ApiReplies.respond(ctx, 200, () -> {
                    throw new InvalidTransitionException(ALERT, AlertState.RESOLVED, AlertState.ACKNOWLEDGED);
                }));
        router.get("/broken")
                .handler(ctx -> ApiReplies.respond(ctx, 200, () -> {
                    throw new IllegalStateException("connection to db-7.internal refused");
                }));
        router.get("/audit-fails")
                .handler(ctx -> ApiReplies.json(
                        ctx,
                        200,
                        ApiReplies.onWorker(ctx, () -> "read")
                                .compose(v ->
                                        Future.<Void>failedFuture(new IllegalStateException("audit log unavailable")))
                                .map(v -> new JsonObject().put("shown", true))));
        router.get("/next-throws")
                .handler(ctx -> ApiReplies.then(ctx, ApiReplies.onWorker(ctx, () -> "read"), v -> {
                    throw new IllegalStateException("rendering failed");
                }));
        router.get("/passed-on")
                .handler(ctx -> ApiReplies.then(ctx, ApiReplies.onWorker(ctx, () -> "checked"), v -> ctx.next()))
                .handler(ctx -> ApiReplies.json(ctx, 200, new JsonObject().put("reached", true)));
        base = URI.create("http://127.0.0.1:"
                + vertx.createHttpServer()
                        .requestHandler(router)
                        .listen(0, "127.0.0.1")
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .actualPort());
    }

    @AfterAll
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theWorkRunsOnAWorkerAndItsJsonGoesOutWithTheStatus() throws Exception {
        HttpResponse<String> r = get("/ok");
        assertEquals(201, r.statusCode());
        assertEquals(
                "application/json; charset=utf-8",
                r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(new JsonObject().put("stored", true), new JsonObject(r.body()));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "/refused,    409, order_exists,       -,     an order with id X already exists",
                "/bad-field,  400, invalid_parameter,  limit, limit must be a whole number",
                "/no-alert,   404, not_found,          -,     no alert 00000000-0000-0000-0000-000000000001",
                "/bad-move,   409, invalid_transition, -,     alert 00000000-0000-0000-0000-000000000001 is RESOLVED and cannot become ACKNOWLEDGED",
            })
    void aKnownRefusalIsAnsweredWithItsDocumentedStatusAndBody(
            String path, int status, String code, String field, String message) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(status, r.statusCode());
        JsonObject expected = new JsonObject().put("error", code).put("message", message);
        if (field != null) {
            expected.put("field", field);
        }
        assertEquals(expected, new JsonObject(r.body()));
    }

    @Test
    void anUnexpectedFailureIsAnswered500WithoutItsDetailAndLogged() throws Exception {
        HttpResponse<String> r = get("/broken");
        assertEquals(500, r.statusCode());
        assertEquals(
                new JsonObject()
                        .put("error", "internal")
                        .put("message", "the request could not be completed; it has been logged"),
                new JsonObject(r.body()));
        assertFalse(
                r.body().contains("db-7") || r.body().contains("at io."),
                "no detail or stack trace reaches the client");
        assertTrue(
                log.list.stream()
                        .anyMatch(e -> e.getFormattedMessage().equals("request GET /broken failed")
                                && e.getThrowableProxy().getMessage().contains("db-7")),
                "the failure is logged with its cause");
    }

    @Test
    void aFailureLaterInTheChainIsAnsweredAndNothingIsShown() throws Exception {
        HttpResponse<String> r = get("/audit-fails");
        assertEquals(500, r.statusCode());
        assertEquals("internal", new JsonObject(r.body()).getString("error"));
    }

    @Test
    void aFailureInsideTheNextStepIsAnsweredNotLeftHanging() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve("/next-throws"))
                        .timeout(java.time.Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(500, r.statusCode());
        assertEquals("internal", new JsonObject(r.body()).getString("error"));
    }

    @Test
    void thenPassesTheRequestOnWhenTheWorkSucceeds() throws Exception {
        HttpResponse<String> r = get("/passed-on");
        assertEquals(200, r.statusCode());
        assertEquals(new JsonObject().put("reached", true), new JsonObject(r.body()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
