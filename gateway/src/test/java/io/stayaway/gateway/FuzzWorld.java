package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttClient;

/**
 * What the HTTP fuzz run ({@link ApiFuzzIT}) works on: two orders of different stations and courts, each with
 * an open alert; a desk officer and a court clerk of the first; callers with every kind of credential; the
 * valid bodies it mutates; and a wearable whose pings show the gateway still stores. The second order is
 * what scoped callers must never see.
 */
final class FuzzWorld implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    private static final String STATION = "Pudong PSB";
    private static final String COURT = "Pudong District People's Court";

    private final GatewayHarness h;
    private final String inScope;
    private final String outOfScope;
    private final String inScopeAlert;
    private final List<String> outOfScopeMarkers;
    private final List<Caller> callers;
    private final String liveDevice;
    private final MqttClient live;
    private final AtomicInteger fresh = new AtomicInteger();
    private long liveSeq;

    /** Who calls: a name for failure messages, the Authorization header (or null), and whether scope limits it. */
    record Caller(String name, String authorization, boolean scoped) {}

    private FuzzWorld(GatewayHarness h, Builder b) {
        this.h = h;
        this.inScope = b.inScope;
        this.outOfScope = b.outOfScope;
        this.inScopeAlert = b.inScopeAlert;
        this.outOfScopeMarkers = b.markers;
        this.callers = b.callers;
        this.liveDevice = b.liveDevice;
        this.live = b.live;
    }

    /** Ids the world is built from (mutable while it is built). */
    private static final class Builder {
        String inScope;
        String outOfScope;
        String inScopeAlert;
        List<String> markers = new ArrayList<>();
        List<Caller> callers = new ArrayList<>();
        String liveDevice;
        MqttClient live;
    }

    static FuzzWorld build(GatewayHarness h) throws Exception {
        Builder b = new Builder();
        String s = h.suffix;
        b.inScope = "ORD-FZA-" + s;
        b.outOfScope = "ORD-FZB-" + s;
        b.liveDevice = "fz-live-" + s;
        String protA = "fz-pa-" + s;
        String respB = "fz-rb-" + s;
        String protB = "fz-pb-" + s;
        create(h, GatewayHarness.sampleOrder(b.inScope, b.liveDevice, protA));
        JsonObject other =
                GatewayHarness.sampleOrder(b.outOfScope, respB, protB).put("court", "Minhang District People's Court");
        other.getJsonObject("dutyDesk").put("station", "Minhang PSB");
        create(h, other);
        h.createUser("fuzz-desk", PASSWORD, "desk", "station", STATION);
        h.createUser("fuzz-court", PASSWORD, "court", "court", COURT);
        h.createUser("fuzz-victim", PASSWORD, "desk", "station", STATION);
        b.inScopeAlert = panic(h, protA, b.inScope);
        String outOfScopeAlert = panic(h, protB, b.outOfScope);
        b.markers.addAll(List.of(b.outOfScope, respB, protB, outOfScopeAlert, "Minhang"));
        b.callers.addAll(List.of(
                new Caller("nobody", null, false),
                new Caller("garbage token", "Bearer not.a.token", false),
                new Caller("alg none", "Bearer " + unsignedToken(), false),
                new Caller("basic", "Basic YWRtaW46YWRtaW4=", false),
                new Caller("admin", "Bearer " + h.adminToken(), false),
                new Caller("desk", "Bearer " + h.login("fuzz-desk", PASSWORD), true),
                new Caller("court", "Bearer " + h.login("fuzz-court", PASSWORD), true)));
        // Callers with a valid token reach past the token check, so they are drawn twice as often.
        b.callers.addAll(new ArrayList<>(b.callers.subList(4, 7)));
        b.live = h.embeddedDevice(b.liveDevice, h.registerDevice(b.liveDevice));
        FuzzWorld world = new FuzzWorld(h, b);
        world.assertStillServing("before fuzzing");
        return world;
    }

    private static void create(GatewayHarness h, JsonObject order) throws Exception {
        assertEquals(201, h.post("/api/orders", order.encode()).statusCode(), order.encode());
    }

    /** The protected person presses the panic button; returns the alert it opens. */
    private static String panic(GatewayHarness h, String deviceId, String orderId) throws Exception {
        GatewayHarness.lastEvent(h.embeddedDevice(deviceId, h.registerDevice(deviceId)), deviceId, "panic");
        return h.firstAlertOf(orderId);
    }

    /** A token claiming to be an admin's, with {@code alg: none} and no signature. */
    private static String unsignedToken() {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(("{\"sub\":\"admin\",\"role\":\"admin\",\"exp\":"
                                + (Instant.now().getEpochSecond() + 3600) + "}")
                        .getBytes(StandardCharsets.UTF_8))
                + ".";
    }

    List<Caller> callers() {
        return callers;
    }

    /**
     * A value for path parameter {@code name} of {@code template}: the world's own ids (in and out of scope),
     * ids that exist nowhere, or hostile text. The live wearable is never among them, nor is its order terminated
     * (either would end the liveness check: a device under no active order is refused), nor is the out-of-scope
     * order amended (that could move it into the caller's scope).
     */
    String pathValue(FuzzInputs in, String template, String name) {
        String value = anyPathValue(in, template);
        // An empty segment is another route (/api/alerts/ is the list), not a hostile value of this one.
        return value.isEmpty() ? " " : value;
    }

    private String anyPathValue(FuzzInputs in, String template) {
        int n = fresh.incrementAndGet();
        if (template.startsWith("/api/orders/")) {
            if (template.endsWith("/amendments")) {
                return in.pick(List.of(inScope, "ORD-none-" + n, in.string()));
            }
            if (template.endsWith("/terminate")) {
                return in.pick(List.of(outOfScope, "ORD-none-" + n, in.string()));
            }
            return in.pick(List.of(inScope, outOfScope, "ORD-none-" + n, in.string()));
        }
        if (template.startsWith("/api/devices/")) {
            return in.pick(List.of("fz-spare-" + h.suffix + "-" + n, outOfScopeMarkers.get(1), in.string()));
        }
        if (template.startsWith("/api/alerts/")) {
            return in.pick(List.of(
                    inScopeAlert, outOfScopeMarkers.get(3), UUID.randomUUID().toString(), in.string()));
        }
        return in.pick(List.of("fuzz-victim", "nobody-" + n, in.string()));
    }

    /** A valid value of query parameter {@code name}, so that other parameters are reached. */
    String validQueryValue(String name) {
        return switch (name) {
            case "reason" -> "fuzz review";
            case "from" -> "2026-11-01T00:00:00Z";
            case "to" -> "2027-01-01T00:00:00Z";
            case "limit" -> "5";
            case "format" -> "json";
            case "lang" -> "zh";
            case "orderId" -> inScope;
            case "status" -> "active";
            case "type" -> "PANIC";
            case "state" -> "OPEN";
            case "severity" -> "CRITICAL";
            case "after" -> "0";
            case "through" -> "1";
            default -> "x";
        };
    }

    /** A valid body of {@code operationId} for the fuzzer to mutate, with fresh ids; null when it takes none. */
    JsonObject sampleBody(String operationId) {
        String n = h.suffix + "-" + fresh.incrementAndGet();
        return switch (operationId) {
            case "login" -> new JsonObject().put("username", "fuzz-nobody").put("password", "not the password");
            case "createUser" ->
                new JsonObject()
                        .put("username", "fz-u-" + n)
                        .put("password", PASSWORD)
                        .put("role", "desk")
                        .put("station", "Fuzz PSB");
            case "changePassword" ->
                new JsonObject().put("currentPassword", PASSWORD).put("password", "another good password");
            case "createOrder" -> {
                JsonObject order = GatewayHarness.sampleOrder("ORD-FZ-" + n, "fz-r-" + n, "fz-p-" + n)
                        .put("court", "Fuzz Court");
                order.getJsonObject("dutyDesk").put("station", "Fuzz PSB");
                yield order;
            }
            case "amendOrder" -> new JsonObject().put("validUntil", "2027-03-01T00:00:00Z");
            case "terminateOrder" -> new JsonObject().put("reason", "fuzz");
            case "registerDevice" -> new JsonObject().put("deviceId", "fz-d-" + n);
            case "assignDevice" -> new JsonObject().put("orderId", inScope).put("replaces", "fz-pa-" + h.suffix);
            case "acknowledgeAlert" -> new JsonObject().put("note", "fuzz");
            case "dispatchAlert" -> new JsonObject().put("note", "unit 7");
            case "resolveAlert" -> new JsonObject().put("outcome", "TECHNICAL");
            default -> null;
        };
    }

    /** A scoped caller's successful answer holds nothing of the other station's and court's order. */
    void assertNothingOutOfScope(Caller caller, String body) {
        if (caller.scoped()) {
            for (String marker : outOfScopeMarkers) {
                assertFalse(
                        body.contains(marker),
                        caller.name() + " received " + marker + ": " + ServedContract.abbreviate(body));
            }
        }
    }

    /** The gateway still answers a valid request and stores a valid ping. */
    void assertStillServing(String when) throws Exception {
        assertEquals(200, h.get("/health", null).statusCode(), when + ": /health");
        assertEquals(200, h.get("/api/orders/" + inScope).statusCode(), when + ": reading an order");
        long seq = ++liveSeq;
        GatewayHarness.publish(
                live, "wearables/" + liveDevice + "/ping", GatewayHarness.ping(seq, Instant.now(), 5_000, 8, 90));
        await().atMost(Duration.ofSeconds(20))
                .alias(when + ": ping " + seq + " stored")
                .until(() -> h.count("SELECT count(*) FROM pings WHERE device_id = '" + liveDevice + "'") == seq);
    }

    @Override
    public void close() throws Exception {
        live.disconnect();
        live.close();
    }
}
