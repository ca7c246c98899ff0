package io.stayaway.gateway.cluster;

import io.stayaway.gateway.ingest.DeviceEventType;
import io.stayaway.gateway.ingest.FixSources;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings each newly stored record to the node that owns its order ({@link Ownership}), where device health
 * and evaluation take it: records of orders this node owns are handed on here, in storage order; the others
 * go over the clustered event bus to {@value #ADDRESS}{@code {owner}}, one request per owner and batch. The
 * owner answers with the records it does not own (ownership moved on the way) and those, like a batch whose
 * request failed (owner dead, timed out), are routed again after {@link #RETRY_AFTER_MILLIS} ms with the
 * ownership of then, until an owner takes them. Delivery is therefore at least once: the evaluator recognises
 * a fix it has seen, an event's alert is keyed so that it is raised once. A record still in flight when this
 * process dies is stored, and the new owner's replay from the saved state reads it
 * ({@code evaluation.EvaluationService#acquire}). A single gateway hands everything on directly.
 * Thread-safe; the hand-on runs on the calling thread (the writer's) or on an event loop.
 */
public final class RecordRouting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordRouting.class);
    static final String ADDRESS = "stayaway.stored.";
    static final long RETRY_AFTER_MILLIS = 200;
    private static final long SEND_TIMEOUT_MILLIS = 5_000;

    private final Vertx vertx;
    private final Ownership ownership;
    private final OrderRegistry orders;
    private final Consumer<List<Telemetry>> local;
    private final MessageConsumer<JsonArray> inbox;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong rerouted = new AtomicLong();

    /** @param local hands records of orders this node owns on to device health and evaluation; must not block */
    public RecordRouting(Vertx vertx, Ownership ownership, OrderRegistry orders, Consumer<List<Telemetry>> local) {
        this.vertx = vertx;
        this.ownership = ownership;
        this.orders = orders;
        this.local = local;
        this.inbox = ownership.clustered()
                ? vertx.eventBus().<JsonArray>consumer(ADDRESS + ownership.node(), this::receive)
                : null;
    }

    /** Routes newly stored records (in storage order) to their owners. Never blocks. */
    public void route(List<Telemetry> fresh) {
        if (!ownership.clustered()) {
            local.accept(fresh);
            return;
        }
        Map<String, List<Telemetry>> byNode = new LinkedHashMap<>();
        List<Telemetry> ownerless = new ArrayList<>();
        for (Telemetry t : fresh) {
            for (String node : owners(t)) {
                if (node == null) {
                    ownerless.add(t);
                } else {
                    byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(t);
                }
            }
        }
        List<Telemetry> mine = byNode.remove(ownership.node());
        if (mine != null) {
            local.accept(mine);
        }
        byNode.forEach(this::send);
        if (!ownerless.isEmpty()) {
            later(ownerless);
        }
    }

    /** The nodes that own the record's orders (usually one); null stands for an order with no owner now. */
    private Set<String> owners(Telemetry t) {
        Set<String> nodes = new LinkedHashSet<>(2);
        for (String orderId : orders.ordersOf(t.deviceId())) {
            nodes.add(ownership.ownerOf(orderId));
        }
        return nodes;
    }

    private void send(String node, List<Telemetry> records) {
        JsonArray body = new JsonArray();
        records.forEach(t -> body.add(encode(t)));
        forwarded.addAndGet(records.size());
        vertx.eventBus()
                .<JsonArray>request(ADDRESS + node, body, new DeliveryOptions().setSendTimeout(SEND_TIMEOUT_MILLIS))
                .onSuccess(reply -> {
                    List<Telemetry> refused = new ArrayList<>();
                    reply.body().forEach(i -> refused.add(records.get(((Number) i).intValue())));
                    if (!refused.isEmpty()) {
                        later(refused);
                    }
                })
                .onFailure(e -> {
                    LOG.debug(
                            "{} record(s) for node {} not taken ({}); routing again",
                            records.size(),
                            node,
                            e.toString());
                    later(records);
                });
    }

    private void later(List<Telemetry> records) {
        rerouted.addAndGet(records.size());
        vertx.setTimer(RETRY_AFTER_MILLIS, id -> route(records));
    }

    /** Another node's records for orders it believes this node owns: takes those it does, answers the others' indexes. */
    private void receive(Message<JsonArray> message) {
        JsonArray body = message.body();
        List<Telemetry> mine = new ArrayList<>(body.size());
        JsonArray refused = new JsonArray();
        for (int i = 0; i < body.size(); i++) {
            Telemetry t = decode(body.getJsonObject(i));
            if (orders.ordersOf(t.deviceId()).stream().anyMatch(ownership::owns)) {
                mine.add(t);
            } else {
                refused.add(i);
            }
        }
        if (!mine.isEmpty()) {
            local.accept(mine);
        }
        message.reply(refused);
    }

    /** Records sent to other nodes (each record once per owner it went to). */
    public long forwardedCount() {
        return forwarded.get();
    }

    /** Records routed again: their owner had changed, was unreachable, or none was known. */
    public long reroutedCount() {
        return rerouted.get();
    }

    static JsonObject encode(Telemetry t) {
        JsonObject o = new JsonObject()
                .put("device", t.deviceId())
                .put("seq", t.seq())
                .put("ts", t.ts().toString())
                .put("received", t.receivedAt().toString());
        if (t instanceof Telemetry.Fix f) {
            return o.put("lat", f.lat())
                    .put("lon", f.lon())
                    .put("acc", f.acc())
                    .put("speed", f.speed())
                    .put("heading", f.heading())
                    .put("battery", f.battery())
                    .put("src", FixSources.wireName(f.source()))
                    .put("backlog", f.backlog());
        }
        Telemetry.Event e = (Telemetry.Event) t;
        return o.put("event", e.type().wireName()).put("lat", e.lat()).put("lon", e.lon());
    }

    /** The record as evaluation and device health use it; the device's raw bytes stay in storage. */
    static Telemetry decode(JsonObject o) {
        String device = o.getString("device");
        long seq = o.getLong("seq");
        Instant ts = Instant.parse(o.getString("ts"));
        Instant received = Instant.parse(o.getString("received"));
        if (o.containsKey("event")) {
            return new Telemetry.Event(
                    device,
                    seq,
                    ts,
                    received,
                    DeviceEventType.fromWire(o.getString("event")).orElseThrow(),
                    o.getDouble("lat"),
                    o.getDouble("lon"),
                    new byte[0]);
        }
        return new Telemetry.Fix(
                device,
                seq,
                ts,
                received,
                o.getDouble("lat"),
                o.getDouble("lon"),
                o.getDouble("acc"),
                o.getDouble("speed"),
                o.getDouble("heading"),
                o.getInteger("battery"),
                FixSources.ofChecked(o.getString("src")),
                new byte[0],
                o.getBoolean("backlog", false));
    }

    @Override
    public void close() {
        if (inbox != null) {
            inbox.unregister();
        }
    }
}
