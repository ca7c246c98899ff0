package io.stayaway.gateway.api;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.AuditEntry;
import io.stayaway.gateway.access.AuditEntry.Outcome;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
import io.stayaway.gateway.access.LoginThrottle;
import io.stayaway.gateway.access.PasswordGuess;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.TokenService;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.access.UserDirectory;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication (bearer JWT), role and scope checks, and login for the HTTP API.
 * A desk user reaches the alerts of orders whose duty desk is their station; a court user reads the
 * orders and alerts of their court; every refusal is answered 401/403/404/429, logged (rate-limited)
 * and audited. An order or alert outside the caller's scope is answered 404 like one that does not exist,
 * so that answers never tell which ids exist (the refusal is still audited as "out of scope"). Scopes are checked against the truth: an order this gateway does not hold (created at
 * another gateway) is read from the database, and one that exists nowhere is 404, never let through.
 * Event-loop only; JDBC and PBKDF2 run on a worker through {@link ApiReplies}.
 */
final class AccessGuard {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);
    private static final String CALLER = "stayaway.caller";
    private static final String BEARER_KEY = "stayaway.bearer";
    private static final String MUST_CHANGE = "stayaway.mustChangePassword";
    private static final String ALERT_SCOPE = "stayaway.alertScope";
    private static final String BEARER = "Bearer ";

    private final UserDirectory users;
    private final TokenService tokens;
    private final PasswordGuess guesses;
    private final AuditLog audit;
    private final DenialLog denials;
    private final OrderRegistry orders;
    private final AlertService alerts;
    private final Clock clock;

    AccessGuard(
            UserDirectory users,
            TokenService tokens,
            LoginThrottle throttle,
            AuditLog audit,
            DenialLog denials,
            OrderRegistry orders,
            AlertService alerts,
            Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.guesses = new PasswordGuess(users, throttle, clock);
        this.audit = audit;
        this.denials = denials;
        this.orders = orders;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The authenticated account of a request that passed {@link #authenticate}. */
    static UserAccount caller(RoutingContext ctx) {
        return ctx.get(CALLER);
    }

    /** The officer's name for the alert workflow (AlertRoutes' {@code actorOf}). */
    static String officer(RoutingContext ctx) {
        UserAccount caller = caller(ctx);
        return caller == null ? null : caller.username();
    }

    /** The token of a request that passed {@link #authenticate}: its generation and expiry (for the live stream). */
    static TokenService.Bearer bearer(RoutingContext ctx) {
        return ctx.get(BEARER_KEY);
    }

    /** Whether the caller's password was reset by an admin and must be changed before anything else. */
    static boolean mustChangePassword(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(MUST_CHANGE));
    }

    /** Password checks against the login budget (logins, and {@code currentPassword} of password changes). */
    PasswordGuess guesses() {
        return guesses;
    }

    // --- login and users ---

    /** {@code POST /api/login {"username","password"}} → {@code {"token","role","expiresAt"}}. */
    void login(RoutingContext ctx) {
        JsonObject body = HttpApi.bodyObject(ctx);
        Object u = body.getValue("username");
        Object p = body.getValue("password");
        if (!(u instanceof String username) || !username.matches(UserAccount.USERNAME_PATTERN)) {
            throw new ApiError(400, "invalid_login", "username must match " + UserAccount.USERNAME_PATTERN, "username");
        }
        if (!(p instanceof String password) || password.isEmpty() || password.length() > 1024) {
            throw new ApiError(400, "invalid_login", "password must be a non-empty string", "password");
        }
        // The attempt is counted (in the database, for every gateway) before the password is checked.
        ApiReplies.then(ctx, ApiReplies.onWorker(ctx, () -> guesses.check(username, password)), a -> {
            if (a.throttled()) {
                throttled(ctx, a.reservation(), username, null, "login", "user/" + username);
            } else {
                issueToken(ctx, username, a.verified());
            }
        });
    }

    /** 429 with {@code Retry-After} for a guess refused by the throttle, logged and audited. */
    void throttled(
            RoutingContext ctx,
            LoginThrottle.Reservation refused,
            String actor,
            Role role,
            String action,
            String resource) {
        boolean everybody = refused.verdict() == LoginThrottle.Verdict.ALL_BLOCKED;
        ctx.response()
                .putHeader("Retry-After", Long.toString(refused.retryAfter().toSeconds()));
        deny(
                ctx,
                new ApiError(
                        429,
                        "too_many_attempts",
                        everybody
                                ? "too many failed logins across all users; retry after the Retry-After seconds"
                                : "too many failed attempts for this user; retry after the Retry-After seconds"),
                actor,
                role,
                action,
                resource,
                everybody ? "too many failed logins across all users" : "too many failed logins");
    }

    /** Answers a login: a token for a verified account (audited first), else 401 (counted by the throttle already). */
    private void issueToken(RoutingContext ctx, String username, Optional<PasswordGuess.Verified> account) {
        if (account.isEmpty()) {
            deny(
                    ctx,
                    new ApiError(401, "invalid_credentials", "wrong username or password"),
                    username,
                    null,
                    "login",
                    "user/" + username,
                    "invalid credentials");
            return;
        }
        UserAccount user = account.get().account();
        TokenService.IssuedToken issued =
                tokens.issue(user, account.get().standing().generation());
        ApiReplies.json(
                ctx,
                200,
                record(ctx, user, "login", "user/" + username)
                        .map(v -> new JsonObject()
                                .put("token", issued.token())
                                .put("role", user.role().wireName())
                                .put("expiresAt", issued.expiresAt().toString())
                                .put(
                                        "mustChangePassword",
                                        account.get().standing().mustChangePassword())));
    }

    // --- authentication and roles ---

    /** Every {@code /api/**} route but login: a valid bearer token, or 401. */
    void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.length() == BEARER.length()) {
            deny(
                    ctx,
                    new ApiError(401, "unauthenticated", "send Authorization: Bearer TOKEN (POST /api/login)"),
                    null,
                    null,
                    requestName(ctx),
                    ctx.request().path(),
                    "no bearer token");
            return;
        }
        tokens.authenticate(header.substring(BEARER.length()).trim())
                .onFailure(e -> deny(
                        ctx,
                        new ApiError(401, "unauthenticated", "the token is invalid or expired; log in again"),
                        null,
                        null,
                        requestName(ctx),
                        ctx.request().path(),
                        "invalid or expired token"))
                .onSuccess(bearer -> ApiReplies.then(
                        ctx, standing(ctx, bearer.account().username()), st -> admitIfCurrent(ctx, bearer, st)));
    }

    /**
     * The user's standing as stored, read on every request: a change made at any gateway (disabled,
     * new password, new role or scope) holds at once at every other.
     */
    private Future<Optional<UserDirectory.Standing>> standing(RoutingContext ctx, String username) {
        return ApiReplies.onWorker(ctx, () -> users.standing(username));
    }

    /**
     * A valid signature is not enough: the user must still exist, be enabled, not have changed password
     * since, and still have the token's role and scope.
     */
    private void admitIfCurrent(
            RoutingContext ctx, TokenService.Bearer bearer, Optional<UserDirectory.Standing> standing) {
        if (standing.isPresent() && standing.get().admits(bearer.account(), bearer.generation())) {
            if (standing.get().mustChangePassword() && !changingOwnPassword(ctx, bearer.account())) {
                deny(
                        ctx,
                        new ApiError(
                                403,
                                "password_change_required",
                                "an admin reset your password: set your own first (POST /api/users/"
                                        + bearer.account().username() + "/password with currentPassword)"),
                        bearer.account().username(),
                        bearer.account().role(),
                        requestName(ctx),
                        ctx.request().path(),
                        "password reset, not yet changed");
                return;
            }
            ctx.put(CALLER, bearer.account());
            ctx.put(BEARER_KEY, bearer);
            ctx.put(MUST_CHANGE, standing.get().mustChangePassword());
            ctx.next();
            return;
        }
        String reason = standing.isEmpty()
                ? "token of an unknown user"
                : standing.get().disabled() ? "token of a disabled user" : "revoked token";
        deny(
                ctx,
                new ApiError(401, "unauthenticated", "the token has been revoked; log in again"),
                bearer.account().username(),
                bearer.account().role(),
                requestName(ctx),
                ctx.request().path(),
                reason);
    }

    /** {@code POST /api/users/{own name}/password}: the one route open to a user whose password was reset. */
    private static boolean changingOwnPassword(RoutingContext ctx, UserAccount who) {
        return ctx.request().method() == io.vertx.core.http.HttpMethod.POST
                && ("/api/users/" + who.username() + "/password").equals(ctx.normalizedPath());
    }

    /** Lets the request through only for the given roles, else 403. */
    Handler<RoutingContext> requireRole(String action, Role first, Role... rest) {
        Set<Role> allowed = EnumSet.of(first, rest);
        return ctx -> {
            UserAccount caller = caller(ctx);
            if (allowed.contains(caller.role())) {
                ctx.next();
            } else {
                deny(
                        ctx,
                        new ApiError(403, "forbidden", "the " + caller.role().wireName() + " role may not " + action),
                        caller.username(),
                        caller.role(),
                        action,
                        ctx.request().path(),
                        "role " + caller.role().wireName());
            }
        };
    }

    // --- orders and alerts in scope ---

    /**
     * Whether {@code user} may see {@code order}: desk by station, court by court, caseworker by the order's
     * organisation (none: no caseworker), admin all.
     */
    static boolean covers(UserAccount user, OrderDocument order) {
        return switch (user.role()) {
            case ADMIN -> true;
            case DESK -> user.scope().equals(order.contacts().station());
            case COURT -> user.scope().equals(order.body().getString("court"));
            case CASEWORKER -> order.organisation().filter(user.scope()::equals).isPresent();
        };
    }

    /**
     * Whether {@code user} may see the order: its current version decides (station and court never change between
     * versions; the organisation may, by amendment, and then the old one's caseworkers lose the order).
     */
    static boolean covers(UserAccount user, OrderHistory order) {
        return covers(user, order.current().document());
    }

    /**
     * The order, from this node's registry or, when it does not hold it, from the database (taken in
     * by the registry): a scope is always checked against the truth, never waved through as "unknown here".
     */
    private Future<Optional<OrderHistory>> order(RoutingContext ctx, String id) {
        Optional<OrderHistory> held = orders.history(id);
        return held.isPresent() ? Future.succeededFuture(held) : ApiReplies.onWorker(ctx, () -> orders.refresh(id));
    }

    /** {@code /api/orders/:id/...} for routes that read the registry: an order stored by another gateway is taken in first. */
    void holdOrder(RoutingContext ctx) {
        ApiReplies.then(ctx, order(ctx, ctx.pathParam("id")), o -> ctx.next());
    }

    /**
     * {@code /api/orders/:id/**}: 404 for an order that exists nowhere and, alike, for one outside the
     * caller's scope, so that the answer does not tell which order ids exist; the latter is a denial
     * (logged and audited as "out of scope").
     */
    void orderInScope(RoutingContext ctx) {
        UserAccount caller = caller(ctx);
        String id = ctx.pathParam("id");
        ApiReplies.then(ctx, order(ctx, id), order -> {
            if (order.isEmpty()) {
                ApiReplies.fail(ctx, noOrder(id));
            } else if (!covers(caller, order.get())) {
                deny(ctx, noOrder(id), caller.username(), caller.role(), "order.read", "order/" + id, "out of scope");
            } else {
                ctx.next();
            }
        });
    }

    /**
     * {@code GET /api/alerts}: an admin lists everything; a desk or court user lists the alerts of
     * every order in their scope (terminated orders included), or of one of them with {@code orderId}.
     * The scope is handed to the alert routes through {@link #alertScope}, so no page can hold
     * another station's or court's alert.
     */
    void alertListInScope(RoutingContext ctx) {
        UserAccount caller = caller(ctx);
        String orderId = ctx.queryParams().get("orderId");
        boolean oneOrder = orderId != null && !orderId.isEmpty();
        Future<Optional<OrderHistory>> named = caller.role() != Role.ADMIN && oneOrder
                ? order(ctx, orderId)
                : Future.succeededFuture(Optional.empty());
        ApiReplies.then(ctx, named, order -> {
            if (caller.role() != Role.ADMIN) {
                if (oneOrder && (order.isEmpty() || !covers(caller, order.get()))) {
                    deny(
                            ctx,
                            noOrder(orderId),
                            caller.username(),
                            caller.role(),
                            "alert.list",
                            "order/" + orderId,
                            order.isEmpty() ? "unknown order" : "out of scope");
                    return;
                }
                ctx.put(ALERT_SCOPE, ordersCoveredBy(caller));
            }
            ApiReplies.then(
                    ctx,
                    record(ctx, caller, "alert.list", oneOrder ? "order/" + orderId : scopeResource(caller)),
                    v -> ctx.next());
        });
    }

    /** The orders whose alerts this request may list, or null for no restriction (AlertRoutes' {@code scopeOf}). */
    static java.util.Set<String> alertScope(RoutingContext ctx) {
        return ctx.get(ALERT_SCOPE);
    }

    /** The ids of every order, active or terminated, that {@code user} may see. */
    java.util.Set<String> ordersCoveredBy(UserAccount user) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (OrderHistory h : orders.histories()) {
            if (covers(user, h)) {
                ids.add(h.id());
            }
        }
        return ids;
    }

    private static String scopeResource(UserAccount caller) {
        return switch (caller.role()) {
            case ADMIN -> "alerts";
            case DESK -> "station/" + caller.scope();
            case COURT -> "court/" + caller.scope();
            case CASEWORKER -> "organisation/" + caller.scope();
        };
    }

    /** {@code GET /api/alerts/:id} and the workflow actions: the alert's order must be in the caller's scope. */
    Handler<RoutingContext> alertInScope(String action) {
        return ctx -> {
            UserAccount caller = caller(ctx);
            UUID id;
            try {
                id = UUID.fromString(ctx.pathParam("id"));
            } catch (IllegalArgumentException e) {
                ctx.next(); // AlertRoutes answers 400 for a malformed id
                return;
            }
            ApiReplies.then(
                    ctx,
                    ApiReplies.onWorker(ctx, () -> alerts.get(id)),
                    alert -> admitToAlert(ctx, caller, action, id, alert));
        };
    }

    private void admitToAlert(RoutingContext ctx, UserAccount caller, String action, UUID id, Optional<Alert> alert) {
        if (alert.isEmpty()) {
            ctx.next(); // AlertRoutes answers 404
            return;
        }
        String orderId = alert.get().orderId();
        Future<Optional<OrderHistory>> order =
                caller.role() == Role.ADMIN ? Future.succeededFuture(Optional.empty()) : order(ctx, orderId);
        ApiReplies.then(ctx, order, o -> {
            if (caller.role() != Role.ADMIN && (o.isEmpty() || !covers(caller, o.get()))) {
                // The same answer as for an alert that does not exist (AlertNotFoundException), audited as a denial.
                deny(
                        ctx,
                        new ApiError(404, "not_found", "no alert " + id),
                        caller.username(),
                        caller.role(),
                        action,
                        "alert/" + id,
                        "out of scope (order " + orderId + ")");
                return;
            }
            ApiReplies.then(ctx, record(ctx, caller, action, "alert/" + id), v -> ctx.next());
        });
    }

    // --- audit ---

    /**
     * Audits an allowed request before it is served: serve it only when the future succeeds. A failed
     * audit fails the future, which the caller answers (500 through {@link ApiReplies}).
     */
    Future<Void> record(RoutingContext ctx, UserAccount who, String action, String resource) {
        AuditEntry entry =
                new AuditEntry(clock.instant(), who.username(), who.role(), action, resource, Outcome.ALLOWED, null);
        return ApiReplies.onWorker(ctx, () -> {
            audit.record(entry);
            return null;
        });
    }

    /** Answers a refusal, after logging it (rate-limited) and auditing it; an audit failure is logged, the refusal stands. */
    void deny(
            RoutingContext ctx,
            ApiError refusal,
            String actor,
            Role role,
            String action,
            String resource,
            String reason) {
        String client = actor != null
                ? "user " + actor
                : "client "
                        + (ctx.request().remoteAddress() == null
                                ? "unknown"
                                : ctx.request().remoteAddress().hostAddress());
        denials.record(client, refusal.status(), requestName(ctx), reason, clock.instant());
        AuditEntry entry = new AuditEntry(clock.instant(), actor, role, action, resource, Outcome.DENIED, reason);
        ApiReplies.onWorker(ctx, () -> {
                    audit.record(entry);
                    return null;
                })
                .onFailure(e -> LOG.error("refusal of {} for {} could not be audited", requestName(ctx), client, e))
                .onComplete(ar -> ApiReplies.fail(ctx, refusal));
    }

    /** The answer for an order that does not exist or is outside the caller's scope: the two look alike. */
    static ApiError noOrder(String id) {
        return new ApiError(404, "not_found", "no order " + id);
    }

    static String requestName(RoutingContext ctx) {
        return ctx.request().method() + " " + ctx.request().path();
    }
}
