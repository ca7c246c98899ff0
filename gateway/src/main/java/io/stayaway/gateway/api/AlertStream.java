package io.stayaway.gateway.api;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.AlertListener;
import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.http.AlertJson;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.AuditEntry;
import io.stayaway.gateway.access.AuditEntry.Outcome;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.TokenService;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.access.UserDirectory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/alerts/stream}: the console's live alert queue as Server-Sent Events (WHATWG HTML
 * §9.2 "Server-sent events"). The stream opens with one {@code snapshot} event (the latest alerts
 * of every order in the caller's scope) and then carries one {@code alert} event per committed change,
 * scoped like the alert list: desk to their station's orders, court to their court's, admin to all.
 * The changes come from every gateway: each publishes the changes committed in its process
 * ({@link AlertListener}) on the event bus at {@link #ADDRESS}, and each listens there once and hands
 * every change to its open streams, so a console hears an alert raised at any gateway once, the one it
 * is connected to included. Authentication is the ordinary bearer header: the console reads the
 * stream with {@code fetch()}, because {@code EventSource} cannot send headers and a token in the
 * URL would end up in logs. The stream is closed after {@link #MAX_LIFETIME} (the console reconnects and
 * receives a fresh snapshot), and when the token that opened it stops working: at its expiry, and when
 * the user is disabled, their password changed or reset, or their role or scope changed. For the latter
 * each stream re-reads its user's standing from the database every {@link #STANDING_CHECK} and at once
 * when any gateway announces a change of the user on the event bus ({@link #USERS_ADDRESS}), so it holds
 * across gateways even where no event bus joins them (then within the check interval). A client that
 * cannot keep up is disconnected rather than buffered without bound. Event-loop only: the listener
 * publishes from the thread that made the change, and deliveries hop onto each connection's context.
 */
final class AlertStream {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStream.class);
    /** The event-bus address of committed alert changes, {@code {"change", "alert"}} (the {@code alert} event's data). */
    static final String ADDRESS = "stayaway.alerts.changed";

    /** The event-bus address of user changes (disable, password change or reset): the username. */
    static final String USERS_ADDRESS = "stayaway.users.changed";

    static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    /** How often an open stream re-reads its user's standing (one primary-key read). */
    static final Duration STANDING_CHECK = Duration.ofSeconds(5);

    private static final long KEEP_ALIVE_MS = 15_000;
    private static final int SNAPSHOT_PER_ORDER = 50;

    private final OrderRegistry orders;
    private final AlertService alerts;
    private final AuditLog audit;
    private final UserDirectory users;
    private final Clock clock;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private Vertx vertx;
    private AlertListener publisher;
    private MessageConsumer<JsonObject> consumer;
    private MessageConsumer<String> userChanges;

    AlertStream(OrderRegistry orders, AlertService alerts, AuditLog audit, UserDirectory users, Clock clock) {
        this.orders = orders;
        this.alerts = alerts;
        this.audit = audit;
        this.users = users;
        this.clock = clock;
    }

    /** Announces to every gateway's streams that {@code username}'s standing changed (they re-check it at once). */
    static void userChanged(Vertx vertx, String username) {
        vertx.eventBus().publish(USERS_ADDRESS, username);
    }

    /** Publishes this gateway's alert changes and listens to every gateway's; once, as the HTTP API starts. */
    Future<Void> start(Vertx vertx) {
        this.vertx = vertx;
        consumer = vertx.eventBus().consumer(ADDRESS, message -> deliver(message.body()));
        userChanges = vertx.eventBus()
                .consumer(
                        USERS_ADDRESS,
                        message -> connections.stream()
                                .filter(c -> c.caller.username().equals(message.body()))
                                .forEach(Connection::recheck));
        publisher = change -> vertx.eventBus()
                .publish(
                        ADDRESS,
                        new JsonObject()
                                .put("change", change.kind().name())
                                .put("alert", AlertJson.of(change.alert())));
        alerts.addListener(publisher);
        return consumer.completion().compose(v -> userChanges.completion());
    }

    /** Stops publishing and listening (open streams end with the server). */
    Future<Void> stop() {
        if (publisher != null) {
            alerts.removeListener(publisher);
        }
        if (userChanges != null) {
            userChanges.unregister();
        }
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    /**
     * A change from any gateway, to every open stream here. An order this gateway does not hold yet is
     * read from the database first, so its station and court see the change.
     */
    private void deliver(JsonObject change) {
        String orderId = change.getJsonObject("alert").getString("orderId");
        String data = change.encode();
        if (orderId != null && orders.history(orderId).isEmpty()) {
            vertx.executeBlocking(() -> orders.refresh(orderId), false)
                    .onComplete(ar -> connections.forEach(c -> c.onChange(orderId, data)));
        } else {
            connections.forEach(c -> c.onChange(orderId, data));
        }
    }

    void open(RoutingContext ctx) {
        new Connection(ctx, AccessGuard.bearer(ctx)).start();
    }

    /** Whether {@code caller} may see alerts of {@code orderId}; an admin sees every order's, others only orders in the registry and their scope. */
    private boolean visible(UserAccount caller, String orderId) {
        if (caller.role() == Role.ADMIN) {
            return true;
        }
        return orderId != null
                && orders.get(orderId).map(o -> AccessGuard.covers(caller, o)).orElse(false);
    }

    /** One open stream. Confined to the event loop of the request. */
    private final class Connection {
        private final RoutingContext ctx;
        private final HttpServerResponse response;
        private final UserAccount caller;
        private final TokenService.Bearer bearer;
        private final Context context;
        private final List<String> pending = new ArrayList<>();
        private boolean snapshotSent;
        private boolean closed;
        private long keepAliveTimer = -1;
        private long lifetimeTimer = -1;
        private long standingTimer = -1;
        private long expiryTimer = -1;
        private boolean checking;
        private boolean checkFailureLogged;

        Connection(RoutingContext ctx, TokenService.Bearer bearer) {
            this.ctx = ctx;
            this.response = ctx.response();
            this.caller = bearer.account();
            this.bearer = bearer;
            this.context = ctx.vertx().getOrCreateContext();
        }

        void start() {
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("X-Accel-Buffering", "no");
            response.closeHandler(v -> close());
            // Listen before the snapshot is read, so nothing committed in between is missed; changes
            // that arrive meanwhile are sent right after the snapshot (the console keeps the newer
            // version of an alert by updatedAt).
            connections.add(this);
            if (response.closed()) {
                close();
                return;
            }
            response.write(": stayaway alert stream\n\n");
            watchToken();
            List<String> scope = orders.all().stream()
                    .filter(o -> AccessGuard.covers(caller, o))
                    .map(o -> o.order().id())
                    .toList();
            ApiReplies.onWorker(ctx, () -> snapshot(scope))
                    .onSuccess(snapshot -> sendSnapshot(snapshot, scope))
                    .onFailure(this::failSnapshot);
        }

        /** Ends the stream when its token expires, and re-reads the user's standing every {@link #STANDING_CHECK}. */
        private void watchToken() {
            long untilExpiry =
                    Duration.between(clock.instant(), bearer.expiresAt()).toMillis();
            expiryTimer = ctx.vertx()
                    .setTimer(Math.max(1, untilExpiry), id -> end("expired", "the token has expired; log in again"));
            standingTimer = ctx.vertx().setPeriodic(STANDING_CHECK.toMillis(), id -> recheck());
        }

        /**
         * Reads the user's standing (on a worker) and ends the stream if the token no longer holds; from any
         * thread. A failed read keeps the stream (no request could be admitted or refused meanwhile either).
         */
        void recheck() {
            context.runOnContext(v -> {
                if (closed || checking) {
                    return;
                }
                checking = true;
                ctx.vertx()
                        .executeBlocking(() -> users.standing(caller.username()), false)
                        .onComplete(ar -> {
                            checking = false;
                            if (ar.failed()) {
                                if (!checkFailureLogged) {
                                    checkFailureLogged = true;
                                    LOG.warn(
                                            "alert stream of {}: standing not readable: {}",
                                            caller.username(),
                                            ar.cause().toString());
                                }
                                return;
                            }
                            if (ar.result().isEmpty()
                                    || !ar.result().get().admits(caller, bearer.generation())
                                    || ar.result().get().mustChangePassword()) {
                                end("revoked", "the token has been revoked; log in again");
                            }
                        });
            });
        }

        /** Ends the stream with one last event saying why (the console reconnects, is refused and asks for a login). */
        private void end(String event, String message) {
            if (closed) {
                return;
            }
            LOG.info("alert stream of {} ended: {}", caller.username(), event);
            send(event, new JsonObject().put("message", message).encode());
            close();
        }

        /** Audits the stream's opening, then reads the latest alerts of each order in scope (one query); on a worker. */
        private JsonArray snapshot(List<String> scope) {
            audit.record(new AuditEntry(
                    clock.instant(),
                    caller.username(),
                    caller.role(),
                    "alert.stream",
                    "alerts/stream",
                    Outcome.ALLOWED,
                    null));
            JsonArray out = new JsonArray();
            for (Alert a : alerts.latestOfEach(scope, SNAPSHOT_PER_ORDER)) {
                out.add(AlertJson.of(a));
            }
            return out;
        }

        /** Sends the snapshot and the changes that came meanwhile, then keeps the stream alive until its lifetime ends. */
        private void sendSnapshot(JsonArray snapshot, List<String> scope) {
            if (closed) {
                return;
            }
            send(
                    "snapshot",
                    new JsonObject()
                            .put("alerts", snapshot)
                            .put("scope", new JsonArray(scope))
                            .encode());
            snapshotSent = true;
            pending.forEach(data -> send("alert", data));
            pending.clear();
            keepAliveTimer = ctx.vertx().setPeriodic(KEEP_ALIVE_MS, id -> write(": keep-alive\n\n"));
            lifetimeTimer = ctx.vertx().setTimer(MAX_LIFETIME.toMillis(), id -> {
                send("reconnect", "{}");
                close();
            });
        }

        /** The headers are sent, so the failure goes out as a stream event; the console reconnects. */
        private void failSnapshot(Throwable failure) {
            if (closed) {
                return;
            }
            LOG.error("alert stream snapshot for {} failed", caller.username(), failure);
            send(
                    "failure",
                    new JsonObject()
                            .put("error", "internal")
                            .put("message", "the alert list could not be read; reconnecting")
                            .encode());
            close();
        }

        /** A change of an alert of {@code orderId} ({@code data}: the event's data); hops onto the connection's event loop. */
        void onChange(String orderId, String data) {
            context.runOnContext(v -> {
                if (closed || !visible(caller, orderId)) {
                    return;
                }
                if (snapshotSent) {
                    send("alert", data);
                } else {
                    pending.add(data);
                }
            });
        }

        private void send(String event, String data) {
            write("event: " + event + "\ndata: " + data + "\n\n");
        }

        private void write(String frame) {
            if (closed) {
                return;
            }
            if (response.writeQueueFull()) {
                LOG.warn(
                        "alert stream of {} cannot keep up; closing it (the console reconnects with a fresh snapshot)",
                        caller.username());
                close();
                return;
            }
            response.write(frame);
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            connections.remove(this);
            if (keepAliveTimer >= 0) {
                ctx.vertx().cancelTimer(keepAliveTimer);
            }
            for (long timer : new long[] {lifetimeTimer, standingTimer, expiryTimer}) {
                if (timer >= 0) {
                    ctx.vertx().cancelTimer(timer);
                }
            }
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }
    }
}
