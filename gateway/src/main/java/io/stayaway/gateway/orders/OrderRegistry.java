package io.stayaway.gateway.orders;

import io.stayaway.gateway.storage.StorageException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * The orders in force and which devices they watch: stored in PostgreSQL, held in memory for the
 * ingestion path. Thread-safe: lookups never block; writes go to the database first (blocking, call
 * from a worker thread).
 */
public final class OrderRegistry {
    private final DataSource dataSource;
    private final Map<String, OrderDocument> orders = new ConcurrentHashMap<>();
    private final Map<String, List<String>> ordersByDevice = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<OrderDocument>> listeners = new CopyOnWriteArrayList<>();

    public OrderRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Loads every order that has not been terminated. */
    public void load() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT body FROM orders WHERE terminated_at IS NULL ORDER BY created_at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                remember(OrderDocument.parse(new JsonObject(rs.getString(1))));
            }
        } catch (SQLException e) {
            throw new StorageException("could not load orders", e);
        }
    }

    /** Called (on the creating thread) for every order added after start-up. */
    public void onAdded(java.util.function.Consumer<OrderDocument> listener) {
        listeners.add(listener);
    }

    /** Stores a new order and registers its devices; false if an order with that id exists. */
    public boolean create(OrderDocument doc) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO orders (id, body, valid_from, valid_until) VALUES (?, ?::jsonb, ?, ?)
                        ON CONFLICT (id) DO NOTHING""")) {
                    ps.setString(1, doc.order().id());
                    ps.setString(2, doc.body().encode());
                    ps.setTimestamp(3, Timestamp.from(doc.order().validFrom()));
                    ps.setTimestamp(4, Timestamp.from(doc.order().validUntil()));
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                for (Party p : doc.parties()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO devices (device_id) VALUES (?) ON CONFLICT DO NOTHING")) {
                        ps.setString(1, p.deviceId());
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_devices (order_id, device_id, role) VALUES (?, ?, ?)")) {
                        ps.setString(1, doc.order().id());
                        ps.setString(2, p.deviceId());
                        ps.setString(3, p.role().wireName());
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not store order " + doc.order().id(), e);
        }
        remember(doc);
        listeners.forEach(l -> l.accept(doc));
        return true;
    }

    private void remember(OrderDocument doc) {
        orders.put(doc.order().id(), doc);
        for (Party p : doc.parties()) {
            ordersByDevice.compute(p.deviceId(), (k, v) -> {
                List<String> ids = v == null ? new ArrayList<>() : new ArrayList<>(v);
                if (!ids.contains(doc.order().id())) {
                    ids.add(doc.order().id());
                }
                return List.copyOf(ids);
            });
        }
    }

    public Optional<OrderDocument> get(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    public List<OrderDocument> all() {
        return List.copyOf(orders.values());
    }

    /** The ids of the orders a device belongs to (usually one). */
    public List<String> ordersOf(String deviceId) {
        return ordersByDevice.getOrDefault(deviceId, List.of());
    }

    public boolean isKnownDevice(String deviceId) {
        return ordersByDevice.containsKey(deviceId);
    }
}
