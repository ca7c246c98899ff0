package io.stayaway.gateway.api;

import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.checkin.InboundMessages;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.http.AlertRoutes;
import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.alerts.http.InboundRoutes;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
import io.stayaway.gateway.access.LoginThrottle;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.TokenService;
import io.stayaway.gateway.access.UserDirectory;
import io.stayaway.gateway.devices.DeviceCredentials;
import io.stayaway.gateway.orders.OrderRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (docs/http-api.md; routes and bodies in openapi.yaml); every {@code /api/**} route but login needs a bearer token
 * (see {@link AccessGuard}). Event-loop only: every database call runs on a worker through
 * {@link ApiReplies}. Errors are JSON with the right status; no stack trace reaches a client.
 */
public final class HttpApi extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final String host;
    private final int port;
    private final OrderRegistry orders;
    private final Alerting alerting;
    private final BooleanSupplier ready;
    private final Supplier<String> metrics;
    private final DeviceCredentials credentials;
    private final Access access;
    private final EvidenceService evidence;
    private HttpServer server;
    private javax.sql.DataSource consoleData;
    private MapTiles mapTiles = MapTiles.NONE;
    private InboundMessages inboundMessages;
    private Supplier<JsonObject> clusterView;
    private Router router;
    private AlertStream stream;
    private static final String OPENAPI_RESOURCE = "openapi.yaml";

    /** What access control needs: the user directory, token service, throttle, audit and denial logs, and the clock. */
    public record Access(
            UserDirectory users,
            TokenService tokens,
            LoginThrottle throttle,
            AuditLog audit,
            DenialLog denials,
            Clock clock) {
        public Access {
            java.util.Objects.requireNonNull(users, "users");
            java.util.Objects.requireNonNull(tokens, "tokens");
            java.util.Objects.requireNonNull(throttle, "throttle");
            java.util.Objects.requireNonNull(audit, "audit");
            java.util.Objects.requireNonNull(denials, "denials");
            java.util.Objects.requireNonNull(clock, "clock");
        }
    }

    public HttpApi(
            String host,
            int port,
            OrderRegistry orders,
            Alerting alerting,
            DeviceCredentials credentials,
            Access access,
            EvidenceService evidence,
            BooleanSupplier ready,
            Supplier<String> metrics) {
        this.evidence = evidence;
        this.credentials = credentials;
        this.access = access;
        this.metrics = metrics;
        this.host = host;
        this.port = port;
        this.orders = orders;
        this.alerting = alerting;
        this.ready = ready;
    }

    @Override
    public Future<?> start() {
        // The API's own description, read once from the classpath (Vert.x resolves classpath files).
        return vertx.fileSystem().readFile(OPENAPI_RESOURCE).compose(this::listen);
    }

    /** Stops feeding the live stream before the server closes (this gateway's alerts stop being published). */
    @Override
    public Future<?> stop() {
        return stream == null ? Future.succeededFuture() : stream.stop();
    }

    /** Every route as "METHOD /path/{param}" (for the test that checks each one is documented). */
    public java.util.List<String> routes() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) {
                continue;
            }
            for (io.vertx.core.http.HttpMethod m : r.methods()) {
                out.add(m.name() + " " + r.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}"));
            }
        }
        return out;
    }

    private Future<?> listen(io.vertx.core.buffer.Buffer openApi) {
        Router router = Router.router(vertx);
        this.router = router;
        mountOperations(router, openApi.getBytes());
        AccessGuard guard = new AccessGuard(
                access.users(),
                access.tokens(),
                access.throttle(),
                access.audit(),
                access.denials(),
                orders,
                alerting.alerts(),
                access.clock());
        EvidenceRoutes evidenceRoutes = new EvidenceRoutes(evidence, access.audit(), access.clock());
        mountAuthentication(router, guard, evidenceRoutes);
        evidenceRoutes.mount(router, guard);
        stream = ConsoleRoutes.mount(router, guard, access, orders, alerting.alerts(), consoleData, mapTiles);
        mountUsers(router, guard);
        mountOrdersAndDevices(router, guard);
        mountAlerts(router, guard);
        if (inboundMessages != null) {
            InboundRoutes.mount(router, inboundMessages); // Twilio's messaging webhook: signature-checked, no token
        }
        if (clusterView != null) {
            ClusterRoutes.mount(router, guard, clusterView);
        }
        mountFallbacks(router);
        return stream.start(vertx)
                .compose(v -> vertx.createHttpServer().requestHandler(router).listen(port, host))
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP API listening on http://{}:{}", host, s.actualPort());
                });
    }

    /** What operators and clients read without a token: the API description, liveness, readiness and metrics. */
    private void mountOperations(Router router, byte[] openApiBytes) {
        // A fresh buffer per response: a written buffer is handed to Netty, so none is shared between responses.
        router.get("/openapi.yaml")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end(io.vertx.core.buffer.Buffer.buffer(openApiBytes)));
        router.get("/health").handler(ctx -> ApiReplies.json(ctx, 200, new JsonObject().put("status", "alive")));
        router.get("/ready").handler(ctx -> {
            boolean ok = ready.getAsBoolean();
            ApiReplies.json(ctx, ok ? 200 : 503, new JsonObject().put("status", ok ? "ready" : "not ready"));
        });
        router.get("/metrics")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(metrics.get()));
    }

    /**
     * The body limit for all of {@code /api/*}, then what is open without a token (login, the public evidence
     * routes), then the token check and the parameter check ({@link RequestParameters}) in front of every
     * {@code /api/*} route mounted after it.
     */
    private void mountAuthentication(Router router, AccessGuard guard, EvidenceRoutes evidenceRoutes) {
        // Every body of the API is JSON: another (a form, text) is refused before anything decodes it.
        router.route("/api/*").handler(HttpApi::requireJsonBody);
        // The body is read before any asynchronous check, so none of it is lost while a token or scope is checked.
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/login").handler(guard::login);
        evidenceRoutes.mountPublic(router);
        router.route("/api/*").handler(guard::authenticate);
        router.route("/api/*").handler(new RequestParameters(router)::check);
    }

    private void mountUsers(Router router, AccessGuard guard) {
        UserRoutes.mount(router, access.users(), guard);
    }

    /** Orders, then devices: assigning a device to an order is an order change, made through the order routes. */
    private void mountOrdersAndDevices(Router router, AccessGuard guard) {
        OrderRoutes orderRoutes = OrderRoutes.mount(router, orders, guard, access.clock());
        DeviceRoutes.mount(router, credentials, orders, orderRoutes, guard, access.clock());
        SupervisionRoutes.mount(router, orders, alerting.alerts(), consoleData, guard, access.clock());
    }

    /** The scope and role checks in front of the alert routes, then the alert routes themselves. */
    private void mountAlerts(Router router, AccessGuard guard) {
        // Alerts as these routes show them carry places and devices: a caseworker reads GET /api/orders/:id/alerts.
        router.get("/api/alerts")
                .handler(guard.requireRole(
                        "list alerts here (GET /api/orders/{id}/alerts)", Role.ADMIN, Role.DESK, Role.COURT))
                .handler(guard::alertListInScope);
        router.get("/api/alerts/:id")
                .handler(guard.requireRole("read an alert's detail", Role.ADMIN, Role.DESK, Role.COURT))
                .handler(guard.alertInScope("alert.read"));
        for (String action : new String[] {"acknowledge", "dispatch", "resolve"}) {
            router.post("/api/alerts/:id/" + action)
                    .handler(guard.requireRole(action + " alerts", Role.DESK))
                    .handler(guard.alertInScope("alert." + action));
        }
        // Alerts and their workflow; the acting officer is the authenticated desk user, the listable orders the
        // caller's scope.
        AlertRoutes.mount(
                router,
                alerting.alerts(),
                alerting.workflow(),
                alerting.webhook().orElse(null),
                AccessGuard::officer,
                AccessGuard::alertScope);
    }

    /** A JSON 404 for any path no route matched, and JSON for every failure (no stack trace reaches a client). */
    private void mountFallbacks(Router router) {
        router.route()
                .last()
                .handler(ctx -> ApiReplies.fail(
                        ctx,
                        new ApiError(
                                404,
                                "not_found",
                                "no route for " + ctx.request().method() + " "
                                        + ctx.request().path())));
        router.route().failureHandler(this::onFailure);
    }

    /** Serves {@code GET /api/cluster} from this view of the node (see {@link ClusterRoutes}). */
    public HttpApi withClusterView(Supplier<JsonObject> view) {
        this.clusterView = java.util.Objects.requireNonNull(view, "view");
        return this;
    }

    /** Takes check-in replies at {@code POST /twilio/inbound} (set before deployment; none unless set). */
    public HttpApi withInboundMessages(InboundMessages inbound) {
        this.inboundMessages = java.util.Objects.requireNonNull(inbound, "inbound");
        return this;
    }

    /** The console's basemap ({@link MapTiles#NONE} unless set before deployment). */
    public HttpApi withMapTiles(MapTiles tiles) {
        this.mapTiles = java.util.Objects.requireNonNull(tiles, "tiles");
        return this;
    }

    /**
     * The gateway's database, where the console's positions and track routes read fixes and record viewing
     * sessions; set before deployment.
     */
    public HttpApi withConsoleData(javax.sql.DataSource data) {
        this.consoleData = java.util.Objects.requireNonNull(data, "data");
        return this;
    }

    /** The port actually bound (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /**
     * A request whose body says it is something other than JSON (a form, text) is answered 415, naming the
     * Content-Type header; a body that names no type is read as JSON.
     */
    private static void requireJsonBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        boolean hasBody =
                ctx.request().getHeader("Transfer-Encoding") != null || (length != null && !length.equals("0"));
        String type = ctx.request().getHeader("Content-Type");
        if (hasBody && type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // The body is never read, so the connection cannot carry another request: it closes after the answer.
            ctx.response().putHeader("Connection", "close");
            ctx.fail(new ApiError(
                    415, "unsupported_media_type", "the request body must be JSON (application/json)", "Content-Type"));
            return;
        }
        ctx.next();
    }

    static JsonObject bodyObject(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new ApiError(400, "invalid_json", "request body must be a JSON object");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new ApiError(400, "invalid_json", "request body is not valid JSON: " + e.getMessage());
        }
    }

    private void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure == null) {
            int status = ctx.statusCode();
            ApiReplies.fail(
                    ctx,
                    new ApiError(
                            status,
                            status == 413 ? "payload_too_large" : "http_" + status,
                            "request refused with status " + status));
        } else if (decodingTheBody(failure)) {
            ApiReplies.fail(ctx, ApiError.badField("body", "the form body could not be decoded: " + whyNot(failure)));
        } else {
            ApiReplies.fail(ctx, failure);
        }
    }

    /** What was wrong with a form body, in words: no exception's name reaches a client. */
    private static String whyNot(Throwable failure) {
        return failure instanceof HttpPostRequestDecoder.TooLongFormFieldException
                ? "a form field is over the decoder's length limit"
                : "it is not valid form encoding";
    }

    /**
     * Whether the failure came from decoding a form body (the Twilio callback's): a field over the length limit, too
     * many fields, or a bad percent escape. That is the client's error, a 400, not the gateway's.
     */
    private static boolean decodingTheBody(Throwable failure) {
        if (failure instanceof io.netty.handler.codec.DecoderException) {
            return true;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
        }
        return false;
    }
}
