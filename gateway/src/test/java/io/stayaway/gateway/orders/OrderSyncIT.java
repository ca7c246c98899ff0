package io.stayaway.gateway.orders;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.storage.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two registries on one database stand for two gateways: what one creates, amends or terminates is
 * in force on the other, each change reaching each node's listeners once, through the event bus or,
 * when the announcement is missed, through the reconcile.
 */
class OrderSyncIT {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    private TestDatabase db;
    private Database database;
    private final List<Vertx> vertxes = new CopyOnWriteArrayList<>();
    private final List<OrderSync> syncs = new CopyOnWriteArrayList<>();

    /** One gateway's registry with what its listeners heard: "added ID", "changed ID vN[ terminated]". */
    private record Node(OrderRegistry orders, List<String> heard) {}

    @BeforeEach
    void open() {
        db = new TestDatabase();
        database = Database.open(db.jdbcUrl(), db.user(), db.password(), 4);
    }

    @AfterEach
    void close() {
        syncs.forEach(OrderSync::close);
        vertxes.forEach(v -> v.close().await());
        database.close();
        db.close();
    }

    private Node node() {
        OrderRegistry orders = new OrderRegistry(database.dataSource());
        orders.load();
        List<String> heard = new CopyOnWriteArrayList<>();
        orders.onAdded(doc -> heard.add("added " + doc.order().id()));
        orders.onChanged(
                h -> heard.add("changed " + h.id() + " v" + h.current().number() + (h.active() ? "" : " terminated")));
        return new Node(orders, heard);
    }

    private Node syncedNode(Vertx vertx, Duration reconcileEvery) {
        Node n = node();
        syncs.add(OrderSync.start(vertx, n.orders(), reconcileEvery));
        return n;
    }

    private Vertx vertx() {
        Vertx v = Vertx.vertx();
        vertxes.add(v);
        return v;
    }

    private static OrderDocument order(String id) {
        return OrderDocument.parse(new JsonObject("""
                {"id": "%s", "court": "Court X", "timeZone": "Asia/Shanghai",
                 "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z",
                 "parties": [{"role": "respondent", "deviceId": "r-%s"}, {"role": "protected", "deviceId": "p-%s"}],
                 "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.23, "lon": 121.47, "radius": 500}}],
                 "dutyDesk": {"station": "Station A", "phones": ["+8621000000110"]}}
                """.formatted(id, id, id)));
    }

    private static OrderDocument widened(String id) {
        JsonObject body = order(id).body().copy().put("validUntil", "2027-06-01T00:00:00Z");
        return OrderDocument.parse(body);
    }

    /** Waits a moment for anything more to arrive, then checks what was heard. */
    private static void heardExactly(Node n, String... expected) {
        await().during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(3))
                .until(() -> n.heard().equals(List.of(expected)));
    }

    @Test
    void anOrderCreatedOnOneNodeIsInForceOnTheOtherAtOnceAndHeardOncePerNode() {
        Vertx bus = vertx();
        Node a = syncedNode(bus, Duration.ofHours(1));
        Node b = syncedNode(bus, Duration.ofHours(1));
        assertTrue(a.orders().create(order("ORD-1"), "admin", NOW));
        await().atMost(Duration.ofSeconds(1))
                .until(() -> b.orders().get("ORD-1").isPresent());
        assertEquals(List.of("ORD-1"), b.orders().ordersOf("r-ORD-1"), "B routes the respondent's fixes to it");
        heardExactly(a, "added ORD-1");
        heardExactly(b, "added ORD-1");
    }

    @Test
    void anAmendmentAndATerminationReachTheOtherNodeOnceEach() {
        Vertx bus = vertx();
        Node a = syncedNode(bus, Duration.ofHours(1));
        Node b = syncedNode(bus, Duration.ofHours(1));
        a.orders().create(order("ORD-2"), "admin", NOW);
        await().atMost(Duration.ofSeconds(1))
                .until(() -> b.orders().get("ORD-2").isPresent());
        Instant later = Instant.now().plusSeconds(60);
        assertEquals(OrderChange.APPLIED, a.orders().amend(widened("ORD-2"), later, "admin", Instant.now()));
        await().atMost(Duration.ofSeconds(1))
                .until(() ->
                        b.orders().history("ORD-2").orElseThrow().versions().size() == 2);
        assertEquals(OrderChange.APPLIED, a.orders().terminate("ORD-2", "admin", "appeal", Instant.now()));
        await().atMost(Duration.ofSeconds(1))
                .until(() -> b.orders().get("ORD-2").isEmpty());
        assertFalse(b.orders().isKnownDevice("r-ORD-2"), "B no longer evaluates it");
        heardExactly(a, "added ORD-2", "changed ORD-2 v2", "changed ORD-2 v2 terminated");
        heardExactly(b, "added ORD-2", "changed ORD-2 v2", "changed ORD-2 v2 terminated");
    }

    @Test
    void aMissedAnnouncementIsTakenInByTheReconcile() {
        // Two Vert.x instances that share no event bus: only the reconcile can carry the change.
        Node a = syncedNode(vertx(), Duration.ofMillis(200));
        Node b = syncedNode(vertx(), Duration.ofMillis(200));
        a.orders().create(order("ORD-3"), "admin", NOW);
        await().atMost(Duration.ofSeconds(2))
                .until(() -> b.orders().get("ORD-3").isPresent());
        a.orders().terminate("ORD-3", "admin", "appeal", Instant.now());
        await().atMost(Duration.ofSeconds(2))
                .until(() -> b.orders().get("ORD-3").isEmpty());
        heardExactly(b, "added ORD-3", "changed ORD-3 v1 terminated");
        heardExactly(a, "added ORD-3", "changed ORD-3 v1 terminated");
        assertTrue(syncs.get(1).reconciledCount() >= 2, "B took both in by reconciling");
    }

    @Test
    void aNodeBehindTheDatabaseAmendsOnTheStoredVersionAndIsRefusedATerminatedOrder() {
        Node a = node();
        a.orders().create(order("ORD-4"), "admin", NOW);
        Node b = node(); // loads version 1, then hears nothing
        Instant now = Instant.now();
        assertEquals(OrderChange.APPLIED, a.orders().amend(widened("ORD-4"), now.plusSeconds(60), "admin", now));
        assertEquals(
                OrderChange.NOT_AFTER_CURRENT_VERSION,
                b.orders().amend(widened("ORD-4"), now.plusSeconds(30), "admin", now),
                "checked against the stored version 2, not the held version 1");
        assertEquals(OrderChange.APPLIED, b.orders().amend(widened("ORD-4"), now.plusSeconds(90), "admin", now));
        assertEquals(3, b.orders().history("ORD-4").orElseThrow().current().number());
        assertEquals(OrderChange.APPLIED, a.orders().terminate("ORD-4", "admin", "appeal", now));
        assertEquals(OrderChange.ALREADY_TERMINATED, b.orders().terminate("ORD-4", "other-admin", "again", now));
        assertTrue(b.orders().get("ORD-4").isEmpty(), "B learnt of the termination when it was refused");
        assertEquals("admin", b.orders().history("ORD-4").orElseThrow().terminatedBy());
        heardExactly(b, "changed ORD-4 v2", "changed ORD-4 v3", "changed ORD-4 v3 terminated");
    }

    @Test
    void refreshTakesInAnOrderStoredElsewhereAndFindsNothingForAnUnknownId() {
        Node a = node();
        Node b = node();
        a.orders().create(order("ORD-5"), "admin", NOW);
        assertTrue(b.orders().history("ORD-5").isEmpty());
        assertTrue(b.orders().refresh("ORD-5").isPresent());
        assertTrue(b.orders().get("ORD-5").isPresent());
        assertTrue(b.orders().refresh("ORD-5").isPresent(), "a second refresh tells no one again");
        assertTrue(b.orders().refresh("ORD-NONE").isEmpty());
        assertEquals(List.of("added ORD-5"), b.heard());
    }
}
