package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.UserAccount;
import io.stayaway.gateway.devices.DeviceCredentials;
import io.stayaway.gateway.ops.LogSafe;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices over HTTP, admin only (docs/http-api.md, "Devices"): register one (its MQTT secret is shown once),
 * assign it to an order in place of a party's device (a new order version), retire it (its MQTT
 * login is refused from then on). Audited. Event-loop only; JDBC runs on a worker through {@link ApiReplies}.
 */
final class DeviceRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRoutes.class);
    private static final String DEVICE_ID = "[A-Za-z0-9._-]{1,64}";

    private final DeviceCredentials credentials;
    private final OrderRegistry orders;
    private final OrderRoutes orderRoutes;
    private final AccessGuard guard;
    private final Clock clock;

    private DeviceRoutes(
            DeviceCredentials credentials,
            OrderRegistry orders,
            OrderRoutes orderRoutes,
            AccessGuard guard,
            Clock clock) {
        this.credentials = credentials;
        this.orders = orders;
        this.orderRoutes = orderRoutes;
        this.guard = guard;
        this.clock = clock;
    }

    static void mount(
            Router router,
            DeviceCredentials credentials,
            OrderRegistry orders,
            OrderRoutes orderRoutes,
            AccessGuard guard,
            Clock clock) {
        DeviceRoutes routes = new DeviceRoutes(credentials, orders, orderRoutes, guard, clock);
        router.post("/api/devices")
                .handler(guard.requireRole("register devices", Role.ADMIN))
                .handler(routes::register);
        router.post("/api/devices/:id/assign")
                .handler(guard.requireRole("assign devices", Role.ADMIN))
                .handler(routes::assign);
        router.post("/api/devices/:id/retire")
                .handler(guard.requireRole("retire devices", Role.ADMIN))
                .handler(routes::retire);
    }

    /** Registers a device and returns its MQTT credentials; the secret is shown this once and never again. */
    private void register(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        JsonObject body = HttpApi.bodyObject(ctx);
        Object id = body.getValue("deviceId");
        if (!(id instanceof String deviceId) || !deviceId.matches(DEVICE_ID)) {
            throw new ApiError(400, "invalid_device", "deviceId must match " + DEVICE_ID, "deviceId");
        }
        boolean rotate = Boolean.TRUE.equals(body.getValue("rotate"));
        Future<JsonObject> registered = ApiReplies.onWorker(ctx, () -> credentials.issue(deviceId, rotate))
                .compose(issued -> {
                    if (issued instanceof DeviceCredentials.Issued.Secret s) {
                        return guard.record(
                                        ctx, admin, rotate ? "device.rotate" : "device.register", "device/" + deviceId)
                                .map(v -> new JsonObject()
                                        .put("deviceId", s.deviceId())
                                        .put("username", s.deviceId())
                                        .put("password", s.password())
                                        .put("note", "the password is shown once; only its hash is stored"));
                    } else if (issued instanceof DeviceCredentials.Issued.AlreadyIssued a) {
                        return Future.failedFuture(new ApiError(
                                409,
                                "credentials_exist",
                                "device " + a.deviceId()
                                        + " already has credentials; send \"rotate\": true to replace them"));
                    } else {
                        return Future.failedFuture(
                                new ApiError(409, "device_retired", "device " + deviceId + " is retired"));
                    }
                });
        ApiReplies.json(ctx, 201, registered);
    }

    /**
     * {@code POST /api/devices/:id/assign {"orderId", "replaces", "effectiveFrom"?}}: the party of the
     * order who wore {@code replaces} wears this device from {@code effectiveFrom} (default now) on;
     * recorded as a new order version, so fixes are attributed by device time.
     */
    private void assign(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        String deviceId = ctx.pathParam("id");
        JsonObject body = HttpApi.bodyObject(ctx);
        String orderId = text(body, "orderId");
        String replaces = text(body, "replaces");
        OrderHistory h = orderRoutes.known(orderId);
        if (!h.active()) {
            throw new ApiError(409, "order_terminated", "order " + orderId + " is terminated");
        }
        OrderDocument current = h.current().document();
        if (current.partyOf(replaces).isEmpty()) {
            throw new ApiError(
                    400,
                    "invalid_assignment",
                    replaces + " is not the device of a party of order " + orderId + " (version "
                            + h.current().number() + ")",
                    "replaces");
        }
        List<String> usedBy = orders.ordersOf(deviceId);
        if (current.partyOf(deviceId).isPresent() || usedBy.stream().anyMatch(o -> !o.equals(orderId))) {
            throw new ApiError(
                    409,
                    "device_in_use",
                    "device " + deviceId + " is assigned to " + (usedBy.isEmpty() ? orderId : usedBy));
        }
        Instant now = clock.instant();
        Instant effectiveFrom = OrderRoutes.effectiveFrom(body, now);
        OrderDocument next = OrderRoutes.parse(withDevice(current.body(), replaces, deviceId));
        Future<JsonObject> assigned = ApiReplies.onWorker(ctx, () -> credentials.status(deviceId))
                .compose(status -> {
                    if (status == DeviceCredentials.Status.UNKNOWN) {
                        return Future.failedFuture(new ApiError(
                                404, "not_found", "no device " + deviceId + "; register it first (POST /api/devices)"));
                    } else if (status == DeviceCredentials.Status.RETIRED) {
                        return Future.failedFuture(
                                new ApiError(409, "device_retired", "device " + deviceId + " is retired"));
                    }
                    LOG.info(
                            "{} assigns device {} to order {} in place of {}",
                            LogSafe.quote(admin.username()),
                            LogSafe.quote(deviceId),
                            LogSafe.quote(orderId),
                            LogSafe.quote(replaces));
                    return orderRoutes.apply(ctx, admin, next, effectiveFrom, now, "device.assign");
                });
        ApiReplies.json(ctx, 200, assigned);
    }

    /** The order body with {@code from} replaced by {@code to} as a party's device and as a mobile zone's protected device. */
    private static JsonObject withDevice(JsonObject body, String from, String to) {
        JsonObject out = body.copy();
        for (Object p : out.getJsonArray("parties", new JsonArray())) {
            if (p instanceof JsonObject party && from.equals(party.getString("deviceId"))) {
                party.put("deviceId", to);
            }
        }
        for (Object z : out.getJsonArray("zones", new JsonArray())) {
            if (z instanceof JsonObject zone && from.equals(zone.getValue("protectedDeviceId"))) {
                zone.put("protectedDeviceId", to);
            }
        }
        return out;
    }

    /** {@code POST /api/devices/:id/retire}: refused while the device is worn under an active order's current version. */
    private void retire(RoutingContext ctx) {
        UserAccount admin = AccessGuard.caller(ctx);
        String deviceId = ctx.pathParam("id");
        List<String> wornUnder = orders.all().stream()
                .filter(d -> d.partyOf(deviceId).isPresent())
                .map(d -> d.order().id())
                .toList();
        if (!wornUnder.isEmpty()) {
            throw new ApiError(
                    409,
                    "device_assigned",
                    "device " + deviceId + " is worn under order(s) " + wornUnder
                            + "; assign a replacement first (POST /api/devices/{id}/assign)");
        }
        Instant now = clock.instant();
        Future<Void> retired = ApiReplies.onWorker(ctx, () -> credentials.retire(deviceId, now))
                .compose(before -> switch (before) {
                    case UNKNOWN -> Future.failedFuture(new ApiError(404, "not_found", "no device " + deviceId));
                    case RETIRED ->
                        Future.failedFuture(
                                new ApiError(409, "device_retired", "device " + deviceId + " is retired already"));
                    case IN_SERVICE -> {
                        LOG.info("{} retired device {}", LogSafe.quote(admin.username()), LogSafe.quote(deviceId));
                        yield guard.record(ctx, admin, "device.retire", "device/" + deviceId);
                    }
                });
        ApiReplies.json(
                ctx,
                200,
                retired.map(v -> new JsonObject().put("deviceId", deviceId).put("retiredAt", now.toString())));
    }

    private static String text(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ApiError(400, "invalid_assignment", field + " is required", field);
        }
        return s;
    }
}
