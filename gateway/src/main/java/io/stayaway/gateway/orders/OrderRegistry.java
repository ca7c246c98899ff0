package io.stayaway.gateway.orders;

import io.stayaway.gateway.storage.StorageException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Every order with its versions (PostgreSQL {@code orders} and {@code order_versions}), held in memory.
 * {@link #get}, {@link #all}, {@link #ordersOf} see only active orders, in their current version (the
 * ingestion path, health and evaluation); {@link #history} and {@link #histories} see every order,
 * terminated ones too (reading, scopes). The database is the truth, shared with every other gateway:
 * an amendment or termination re-reads the order under a row lock before it validates, and
 * {@link #refresh} / {@link #refreshStale} take in what another gateway wrote (see {@link OrderSync}),
 * telling the listeners exactly as a change made here does, once per change. Thread-safe: lookups
 * never block; writes and the taking in of refreshed orders are serialized; writes and refreshes go to
 * the database and block (call from a worker thread).
 */
public final class OrderRegistry {
    /** Every version of every order, with the order's termination; a caller adds its WHERE and ORDER BY. */
    private static final String SELECT_HISTORIES = """
            SELECT o.id, o.terminated_at, o.terminated_by, v.version, v.body, v.effective_from, v.recorded_at, v.recorded_by
              FROM orders o JOIN order_versions v ON v.order_id = o.id""";

    private final DataSource dataSource;
    private final Map<String, OrderHistory> histories = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> ordersByDevice = Map.of();
    private final List<Consumer<OrderDocument>> addedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<OrderHistory>> changedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<OrderHistory>> writtenListeners = new CopyOnWriteArrayList<>();

    public OrderRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Loads every order with its versions. */
    public synchronized void load() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(SELECT_HISTORIES + " ORDER BY o.created_at, o.id, v.version")) {
            read(ps).forEach(h -> histories.put(h.id(), h));
        } catch (SQLException e) {
            throw new StorageException("could not load orders", e);
        }
        reindexDevices();
    }

    /** The histories of the rows {@code ps} selects ({@link #SELECT_HISTORIES}), ordered by order and version. */
    private static List<OrderHistory> read(PreparedStatement ps) throws SQLException {
        Map<String, List<OrderVersion>> versions = new LinkedHashMap<>();
        Map<String, Instant> terminatedAt = new HashMap<>();
        Map<String, String> terminatedBy = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                Timestamp terminated = rs.getTimestamp(2);
                if (terminated != null) {
                    terminatedAt.put(id, terminated.toInstant());
                    terminatedBy.put(id, rs.getString(3));
                }
                versions.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new OrderVersion(
                                rs.getInt(4),
                                rs.getTimestamp(6).toInstant(),
                                OrderDocument.parse(new JsonObject(rs.getString(5))),
                                rs.getTimestamp(7).toInstant(),
                                rs.getString(8)));
            }
        }
        List<OrderHistory> out = new ArrayList<>();
        versions.forEach((id, v) -> out.add(new OrderHistory(id, v, terminatedAt.get(id), terminatedBy.get(id))));
        return out;
    }

    /** One order as stored, read on {@code c}; with {@code lock}, its row stays locked until the transaction ends. */
    private static Optional<OrderHistory> readOne(Connection c, String id, boolean lock) throws SQLException {
        if (lock) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM orders WHERE id = ? FOR UPDATE")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT_HISTORIES + " WHERE o.id = ? ORDER BY v.version")) {
            ps.setString(1, id);
            return read(ps).stream().findFirst();
        }
    }

    /**
     * Reads the order from the database and takes it in if this node does not hold it or holds an
     * older state (fewer versions, or active where it is terminated), telling the listeners as a local
     * change would: {@link #onAdded} for an order new here, {@link #onChanged} otherwise. A state this
     * node already holds changes nothing and tells no one, so a change is applied once per node however
     * often it is announced. Empty if no order has that id. The read holds no lock: a lookup of an
     * unknown id never delays a write.
     */
    public Optional<OrderHistory> refresh(String id) {
        Optional<OrderHistory> stored;
        try (Connection c = dataSource.getConnection()) {
            stored = readOne(c, id, false);
        } catch (SQLException e) {
            throw new StorageException("could not read order " + id, e);
        }
        stored.ifPresent(this::takeIn);
        return Optional.ofNullable(histories.get(id));
    }

    /**
     * Refreshes every order whose stored state (versions, termination) is ahead of this node's: the
     * safety net for a change whose announcement was missed. Returns how many were taken in.
     */
    public int refreshStale() {
        List<String> stale = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT o.id, o.terminated_at IS NOT NULL, max(v.version)
                          FROM orders o JOIN order_versions v ON v.order_id = o.id GROUP BY o.id""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (isAhead(histories.get(rs.getString(1)), rs.getInt(3), rs.getBoolean(2))) {
                    stale.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the orders' versions", e);
        }
        stale.forEach(this::refresh);
        return stale.size();
    }

    /** Whether a stored state with {@code versions} versions (and {@code terminated}) is ahead of {@code held}. */
    static boolean isAhead(OrderHistory held, int versions, boolean terminated) {
        return held == null || versions > held.versions().size() || (terminated && held.active());
    }

    /** Takes in a stored state that is ahead of this node's, telling the listeners; nothing otherwise. */
    private synchronized void takeIn(OrderHistory stored) {
        OrderHistory held = histories.get(stored.id());
        if (!isAhead(held, stored.versions().size(), !stored.active())) {
            return;
        }
        histories.put(stored.id(), stored);
        reindexDevices();
        if (held == null) {
            addedListeners.forEach(l -> l.accept(stored.current().document()));
        } else {
            changedListeners.forEach(l -> l.accept(stored));
        }
    }

    /** Called (on the creating or refreshing thread) for every order added after start-up, here or by another gateway. */
    public void onAdded(Consumer<OrderDocument> listener) {
        addedListeners.add(listener);
    }

    /**
     * Called (on the writing or refreshing thread) with the new history of every order amended or
     * terminated after start-up, here or by another gateway.
     */
    public void onChanged(Consumer<OrderHistory> listener) {
        changedListeners.add(listener);
    }

    /** Called (on the writing thread, after the other listeners) with the new history of each change made here only. */
    public void onWritten(Consumer<OrderHistory> listener) {
        writtenListeners.add(listener);
    }

    /**
     * Stores a new order as its version 1, in force from {@code now}; false if an order with that id
     * exists. Throws {@link DeviceInUseException} if the respondent's device is worn under another
     * active order (see {@link #requireRespondentDeviceFree}).
     */
    public synchronized boolean create(OrderDocument doc, String actor, Instant now) {
        String id = doc.order().id();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                requireRespondentDeviceFree(c, doc);
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO orders (id, body, valid_from, valid_until) VALUES (?, ?::jsonb, ?, ?)
                        ON CONFLICT (id) DO NOTHING""")) {
                    ps.setString(1, id);
                    ps.setString(2, doc.body().encode());
                    ps.setTimestamp(3, Timestamp.from(doc.order().validFrom()));
                    ps.setTimestamp(4, Timestamp.from(doc.order().validUntil()));
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                insertVersion(c, id, 1, doc, now, now, actor);
                linkDevices(c, doc);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not store order " + id, e);
        }
        OrderHistory created = new OrderHistory(id, List.of(new OrderVersion(1, now, doc, now, actor)), null, null);
        histories.put(id, created);
        reindexDevices();
        addedListeners.forEach(l -> l.accept(doc));
        writtenListeners.forEach(l -> l.accept(created));
        return true;
    }

    /**
     * Records {@code next} as the order's new version, governing fixes from {@code effectiveFrom} on
     * (device time), which must be after the current version's and not before {@code now}. The
     * parties' devices of the new version are linked to the order; earlier versions stay stored. The
     * order is re-read under a row lock first, so the check and the version number are the stored
     * ones, whichever gateway wrote them.
     */
    public synchronized OrderChange amend(OrderDocument next, Instant effectiveFrom, String actor, Instant now) {
        String id = next.order().id();
        OrderHistory amended;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<OrderHistory> stored = readOne(c, id, true);
                OrderChange refusal = amendable(stored, effectiveFrom, now);
                if (refusal != OrderChange.APPLIED) {
                    c.rollback();
                    stored.ifPresent(this::takeIn);
                    return refusal;
                }
                int number = stored.get().current().number() + 1;
                insertVersion(c, id, number, next, effectiveFrom, now, actor);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE orders SET body = ?::jsonb, valid_from = ?, valid_until = ? WHERE id = ?")) {
                    ps.setString(1, next.body().encode());
                    ps.setTimestamp(2, Timestamp.from(next.order().validFrom()));
                    ps.setTimestamp(3, Timestamp.from(next.order().validUntil()));
                    ps.setString(4, id);
                    ps.executeUpdate();
                }
                linkDevices(c, next);
                c.commit();
                amended = stored.get().amended(new OrderVersion(number, effectiveFrom, next, now, actor));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not amend order " + id, e);
        }
        takeIn(amended);
        writtenListeners.forEach(l -> l.accept(amended));
        return OrderChange.APPLIED;
    }

    /** Whether the stored order takes a version from {@code effectiveFrom}: {@link OrderChange#APPLIED}, or the refusal. */
    private static OrderChange amendable(Optional<OrderHistory> stored, Instant effectiveFrom, Instant now) {
        if (stored.isEmpty()) {
            return OrderChange.UNKNOWN_ORDER;
        }
        if (!stored.get().active()) {
            return OrderChange.ALREADY_TERMINATED;
        }
        if (!effectiveFrom.isAfter(stored.get().current().effectiveFrom()) || effectiveFrom.isBefore(now)) {
            return OrderChange.NOT_AFTER_CURRENT_VERSION;
        }
        return OrderChange.APPLIED;
    }

    /** Ends the order at {@code now}: it is no longer evaluated nor listed as active; its history stays. */
    public synchronized OrderChange terminate(String id, String actor, String reason, Instant now) {
        OrderHistory terminated;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<OrderHistory> stored = readOne(c, id, true);
                if (stored.isEmpty() || !stored.get().active()) {
                    c.rollback();
                    stored.ifPresent(this::takeIn);
                    return stored.isEmpty() ? OrderChange.UNKNOWN_ORDER : OrderChange.ALREADY_TERMINATED;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE orders SET terminated_at = ?, terminated_by = ?, termination_reason = ? WHERE id = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, actor);
                    ps.setString(3, reason);
                    ps.setString(4, id);
                    ps.executeUpdate();
                }
                c.commit();
                terminated = stored.get().terminated(now, actor);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not terminate order " + id, e);
        }
        takeIn(terminated);
        writtenListeners.forEach(l -> l.accept(terminated));
        return OrderChange.APPLIED;
    }

    /**
     * Refuses the respondent's device if any active order (any of its versions, any role) holds it. The
     * device's row is locked first and stays locked until the transaction ends, so two creations naming
     * the same device, at this gateway or another, are checked one after the other: the second sees the
     * first's committed order ({@code order_devices} cannot hold this rule as an index, since whether
     * an order is active lives in {@code orders}).
     */
    private static void requireRespondentDeviceFree(Connection c, OrderDocument doc) throws SQLException {
        String device = doc.respondent().deviceId();
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO devices (device_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, device);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM devices WHERE device_id = ? FOR UPDATE")) {
            ps.setString(1, device);
            ps.executeQuery().close();
        }
        List<String> holders = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT od.order_id FROM order_devices od JOIN orders o ON o.id = od.order_id
                 WHERE od.device_id = ? AND o.terminated_at IS NULL AND od.order_id <> ? ORDER BY od.order_id""")) {
            ps.setString(1, device);
            ps.setString(2, doc.order().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holders.add(rs.getString(1));
                }
            }
        }
        if (!holders.isEmpty()) {
            throw new DeviceInUseException(device, holders);
        }
    }

    private static void insertVersion(
            Connection c, String id, int number, OrderDocument doc, Instant effectiveFrom, Instant now, String actor)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_versions (order_id, version, body, effective_from, recorded_at, recorded_by) VALUES (?, ?, ?::jsonb, ?, ?, ?)""")) {
            ps.setString(1, id);
            ps.setInt(2, number);
            ps.setString(3, doc.body().encode());
            ps.setTimestamp(4, Timestamp.from(effectiveFrom));
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, actor);
            ps.executeUpdate();
        }
    }

    private static void linkDevices(Connection c, OrderDocument doc) throws SQLException {
        for (Party p : doc.parties()) {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO devices (device_id) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, p.deviceId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO order_devices (order_id, device_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING""")) {
                ps.setString(1, doc.order().id());
                ps.setString(2, p.deviceId());
                ps.setString(3, p.role().wireName());
                ps.executeUpdate();
            }
        }
    }

    /** Maps every device of every version of an active order to that order (late fixes of a replaced device still evaluate). */
    private void reindexDevices() {
        Map<String, List<String>> index = new HashMap<>();
        for (OrderHistory h : histories.values()) {
            if (!h.active()) {
                continue;
            }
            for (OrderVersion v : h.versions()) {
                for (Party p : v.document().parties()) {
                    List<String> ids = index.computeIfAbsent(p.deviceId(), k -> new ArrayList<>());
                    if (!ids.contains(h.id())) {
                        ids.add(h.id());
                    }
                }
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        ordersByDevice = Map.copyOf(index);
    }

    /** The current version of an active order. */
    public Optional<OrderDocument> get(String orderId) {
        OrderHistory h = histories.get(orderId);
        return h == null || !h.active()
                ? Optional.empty()
                : Optional.of(h.current().document());
    }

    /** The current versions of the active orders. */
    public List<OrderDocument> all() {
        return histories.values().stream()
                .filter(OrderHistory::active)
                .map(h -> h.current().document())
                .toList();
    }

    /** Any order, active or terminated, with all its versions. */
    public Optional<OrderHistory> history(String orderId) {
        return Optional.ofNullable(histories.get(orderId));
    }

    /** Every order, active or terminated. */
    public List<OrderHistory> histories() {
        return List.copyOf(histories.values());
    }

    /** The ids of the active orders a device belongs to (usually one). */
    public List<String> ordersOf(String deviceId) {
        return ordersByDevice.getOrDefault(deviceId, List.of());
    }

    public boolean isKnownDevice(String deviceId) {
        return ordersByDevice.containsKey(deviceId);
    }
}
