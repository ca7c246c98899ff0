package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.LoginThrottle;
import io.stayaway.gateway.access.PasswordGuess;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.access.UserDirectory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User management (docs/http-api.md, "Users and token revocation"): an admin creates desk, court and
 * caseworker users, lists users, disables one, or resets another's password; every user, an admin included, changes
 * their own password with the current one, whose guesses draw on the login budget. Disabling and password
 * changes revoke the user's tokens and end their live streams (see {@link UserDirectory},
 * {@link AlertStream}); a reset password must be changed by its user before anything else. Every change
 * is audited. Event-loop only.
 */
final class UserRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);

    private final UserDirectory users;
    private final AccessGuard guard;

    private UserRoutes(UserDirectory users, AccessGuard guard) {
        this.users = users;
        this.guard = guard;
    }

    /**
     * Mounts {@code POST /api/users}, {@code GET /api/users}, {@code POST /api/users/:username/disable} and
     * {@code POST /api/users/:username/password}.
     */
    static void mount(Router router, UserDirectory users, AccessGuard guard) {
        UserRoutes routes = new UserRoutes(users, guard);
        router.post("/api/users")
                .handler(guard.requireRole("create users", Role.ADMIN))
                .handler(routes::create);
        router.get("/api/users")
                .handler(guard.requireRole("list users", Role.ADMIN))
                .handler(routes::list);
        router.post("/api/users/:username/disable")
                .handler(guard.requireRole("disable users", Role.ADMIN))
                .handler(routes::disable);
        router.post("/api/users/:username/password").handler(routes::changePassword);
    }

    /**
     * {@code POST /api/users {"username","password","role","station"|"court"|"organisation"}} (admin): creates a
     * desk, court or caseworker user.
     */
    private void create(RoutingContext ctx) {
        JsonObject body = HttpApi.bodyObject(ctx);
        Role role;
        try {
            role = Role.parse(body.getValue("role") instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_user", e.getMessage(), "role");
        }
        if (role == Role.ADMIN) {
            throw new ApiError(
                    400, "invalid_user", "only desk, court and caseworker users are created through the API", "role");
        }
        String scopeField = UserAccount.scopeField(role);
        UserAccount user;
        try {
            user = new UserAccount(
                    body.getValue("username") instanceof String s ? s : null,
                    role,
                    body.getValue(scopeField) instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw new ApiError(
                    400,
                    "invalid_user",
                    e.getMessage(),
                    e.getMessage().startsWith("username") ? "username" : scopeField);
        }
        Object p = body.getValue("password");
        if (!(p instanceof String password)
                || password.length() < UserDirectory.MIN_PASSWORD_LENGTH
                || password.length() > 1024) {
            throw new ApiError(
                    400,
                    "invalid_user",
                    "password must have " + UserDirectory.MIN_PASSWORD_LENGTH + " to 1024 characters",
                    "password");
        }
        UserAccount admin = AccessGuard.caller(ctx);
        Future<Void> created = ApiReplies.onWorker(ctx, () -> users.create(user, password))
                .compose(stored -> {
                    if (!stored) {
                        return Future.failedFuture(new ApiError(
                                409, "user_exists", "a user named " + user.username() + " already exists"));
                    }
                    LOG.info(
                            "{} created {} user {} ({})",
                            admin.username(),
                            role.wireName(),
                            user.username(),
                            user.scope());
                    return guard.record(ctx, admin, "user.create", "user/" + user.username());
                });
        ApiReplies.json(
                ctx,
                201,
                created.map(v -> new JsonObject()
                        .put("username", user.username())
                        .put("role", role.wireName())
                        .put(scopeField, user.scope())));
    }

    private void list(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        Future<JsonObject> listed = ApiReplies.onWorker(ctx, users::list).compose(all -> {
            JsonArray out = new JsonArray();
            all.forEach(u -> out.add(json(u)));
            return guard.record(ctx, admin, "user.list", "users").map(new JsonObject().put("users", out));
        });
        ApiReplies.json(ctx, 200, listed);
    }

    private void disable(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        String username = ctx.pathParam("username");
        if (username.equals(admin.username())) {
            throw new ApiError(409, "cannot_disable_self", "an admin cannot disable their own account");
        }
        Future<Disabled> disabled = ApiReplies.onWorker(ctx, () -> {
            UserDirectory.DisableOutcome outcome = users.disable(username);
            return new Disabled(outcome, users.find(username).orElse(null));
        });
        ApiReplies.json(ctx, 200, disabled.compose(d -> switch (d.outcome()) {
            case UNKNOWN_USER -> Future.failedFuture(new ApiError(404, "not_found", "no user " + username));
            case ALREADY_DISABLED ->
                Future.failedFuture(new ApiError(409, "already_disabled", "user " + username + " is disabled already"));
            case DISABLED -> {
                LOG.info("{} disabled user {}", admin.username(), username);
                AlertStream.userChanged(ctx.vertx(), username);
                yield guard.record(ctx, admin, "user.disable", "user/" + username)
                        .map(v -> json(d.user()));
            }
        }));
    }

    /**
     * {@code POST /api/users/:username/password {"password", "currentPassword"}}: everybody changes their own
     * with the current one (a guess counted like a login: 429 when the budget is spent); an admin resets
     * another's without it, audited as a reset, and that user must then set their own before anything else.
     */
    private void changePassword(RoutingContext ctx) {
        UserAccount caller = AccessGuard.caller(ctx);
        String username = ctx.pathParam("username");
        boolean self = username.equals(caller.username());
        if (!self && AccessGuard.mustChangePassword(ctx)) {
            throw new ApiError(403, "password_change_required", "set your own password first");
        }
        if (!self && caller.role() != Role.ADMIN) {
            guard.deny(
                    ctx,
                    new ApiError(403, "forbidden", "only an admin changes another user's password"),
                    caller.username(),
                    caller.role(),
                    "user.password",
                    "user/" + username,
                    "role " + caller.role().wireName());
            return;
        }
        JsonObject body = HttpApi.bodyObject(ctx);
        String password = newPassword(body);
        String current = currentPassword(body, self);
        Future<Change> change = ApiReplies.onWorker(ctx, () -> {
            if (self) {
                PasswordGuess.Result guess = guard.guesses().check(username, current);
                if (guess.throttled()) {
                    return new Change(PasswordChange.THROTTLED, guess.reservation());
                }
                if (guess.verified().isEmpty()) {
                    return new Change(PasswordChange.WRONG_CURRENT, null);
                }
            }
            boolean changed = users.changePassword(username, password, !self);
            return new Change(changed ? PasswordChange.CHANGED : PasswordChange.UNKNOWN_USER, null);
        });
        ApiReplies.then(ctx, change, result -> {
            if (result.outcome() == PasswordChange.THROTTLED) {
                guard.throttled(
                        ctx, result.refused(), caller.username(), caller.role(), "user.password", "user/" + username);
            } else {
                answerPasswordChange(ctx, caller, username, self, result.outcome());
            }
        });
    }

    private record Change(PasswordChange outcome, LoginThrottle.Reservation refused) {}

    /** The body's new password, or 400 if it is missing or its length is out of bounds. */
    private static String newPassword(JsonObject body) {
        Object p = body.getValue("password");
        if (!(p instanceof String password)
                || password.length() < UserDirectory.MIN_PASSWORD_LENGTH
                || password.length() > 1024) {
            throw new ApiError(
                    400,
                    "invalid_password",
                    "password must have " + UserDirectory.MIN_PASSWORD_LENGTH + " to 1024 characters",
                    "password");
        }
        return password;
    }

    /** The body's current password (null if absent); 400 if it is absent but required. */
    private static String currentPassword(JsonObject body, boolean required) {
        Object c = body.getValue("currentPassword");
        if (required && !(c instanceof String)) {
            throw new ApiError(
                    400,
                    "invalid_password",
                    "currentPassword is required to change your own password",
                    "currentPassword");
        }
        return c instanceof String s ? s : null;
    }

    /** Answers a password change: 403 (audited) for a wrong current password, 404, or 200 once audited. */
    private void answerPasswordChange(
            RoutingContext ctx, UserAccount caller, String username, boolean self, PasswordChange result) {
        switch (result) {
            case WRONG_CURRENT ->
                guard.deny(
                        ctx,
                        new ApiError(403, "wrong_password", "currentPassword is not your password"),
                        caller.username(),
                        caller.role(),
                        "user.password",
                        "user/" + username,
                        "wrong current password");
            case UNKNOWN_USER -> ApiReplies.fail(ctx, new ApiError(404, "not_found", "no user " + username));
            case THROTTLED -> throw new IllegalStateException("a throttled change is answered 429 before");
            case CHANGED -> {
                if (self) {
                    LOG.info("{} changed their password; their tokens are revoked", username);
                } else {
                    LOG.warn(
                            "admin {} reset the password of user {}: their tokens are revoked and they must set their"
                                    + " own at next login",
                            caller.username(),
                            username);
                }
                AlertStream.userChanged(ctx.vertx(), username);
                ApiReplies.json(
                        ctx,
                        200,
                        guard.record(
                                        ctx,
                                        caller,
                                        self ? "user.password.change" : "user.password.reset",
                                        "user/" + username)
                                .map(v -> new JsonObject()
                                        .put("username", username)
                                        .put("mustChangePassword", !self)
                                        .put("note", "the password is changed; tokens issued before are revoked")));
            }
        }
    }

    private record Disabled(UserDirectory.DisableOutcome outcome, UserDirectory.UserRecord user) {}

    private enum PasswordChange {
        CHANGED,
        UNKNOWN_USER,
        WRONG_CURRENT,
        THROTTLED
    }

    static JsonObject json(UserDirectory.UserRecord u) {
        JsonObject out = new JsonObject()
                .put("username", u.account().username())
                .put("role", u.account().role().wireName());
        if (u.account().role() != Role.ADMIN) {
            out.put(UserAccount.scopeField(u.account().role()), u.account().scope());
        }
        out.put("createdAt", u.createdAt().toString()).put("disabled", u.disabledAt() != null);
        if (u.disabledAt() != null) {
            out.put("disabledAt", u.disabledAt().toString());
        }
        if (u.passwordChangedAt() != null) {
            out.put("passwordChangedAt", u.passwordChangedAt().toString());
        }
        out.put("mustChangePassword", u.mustChangePassword());
        return out;
    }
}
