package io.stayaway.gateway.health;

import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.gateway.alerting.AlertRaiser;
import io.stayaway.gateway.cluster.OwnedOrders;
import io.stayaway.gateway.cluster.Ownership;
import io.stayaway.gateway.ingest.DeviceEventType;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.orders.Party;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every device of an active order on the server clock: a device silent for too long raises
 * COMMUNICATION_LOSS, one online without a usable fix raises GNSS_LOSS, and the alert is closed
 * (its end recorded) when the device recovers. The timers fire on their own thread even if no
 * message ever arrives again. {@link #observe} is thread-safe and cheap (called per stored record).
 */
public final class DeviceHealthMonitor implements OwnedOrders.Holder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceHealthMonitor.class);

    private final OrderRegistry orders;
    private final AlertRaiser raiser;
    /** Only the orders this node owns are watched and alerted on; another node watches the rest. */
    private final Ownership ownership;

    private final javax.sql.DataSource dataSource;
    private final HealthSettings settings;
    private final Clock clock;
    private final Instant startedAt;
    private final Map<String, State> devices = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "device-health");
        t.setDaemon(true);
        return t;
    });

    /** Mutable per-device state; guarded by its own monitor. */
    private static final class State {
        Instant lastSeen;
        Instant lastFixTime;
        Instant lastGoodFix;
        Instant onlineSince;
        Double lastAccuracy;
        final ReportingInterval interval = new ReportingInterval();
        Integer battery;
        boolean tampered;
        boolean gnssReportedLost;
        String communicationLossKey;
        String gnssLossKey;
    }

    public DeviceHealthMonitor(
            OrderRegistry orders,
            Ownership ownership,
            javax.sql.DataSource dataSource,
            AlertRaiser raiser,
            HealthSettings settings,
            Clock clock) {
        this.orders = orders;
        this.ownership = ownership;
        this.dataSource = dataSource;
        this.raiser = raiser;
        this.settings = settings;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /**
     * Restores what the previous process knew: each watched device's last message and newest (usable) fix
     * from storage, and the communication/GNSS-loss alerts still open, so a silence that spans a restart is
     * one alert (closed when the device returns), not a second one keyed on the restart. Also raises again
     * what the previous process may have derived but not stored before it died: the end of a loss the
     * device has recovered from since, and the communication loss of a device whose last word was
     * power_off (the timers re-derive the other openings under the same keys). Blocking; call before
     * {@link #start}. Called for the orders this node takes on: all it owns at start-up, and in a cluster
     * those it takes over from a node that died or handed them on (the device's state in storage is the
     * truth: its records were stored before they were routed here).
     */
    @Override
    public void acquire(List<OrderHistory> histories) {
        Map<String, List<AlertTrigger>> owed = new LinkedHashMap<>();
        try (StoredHealth stored = new StoredHealth(dataSource.getConnection(), settings.usableAccuracyMetres())) {
            for (OrderHistory history : histories) {
                if (!history.active()) {
                    continue;
                }
                OrderDocument doc = history.current().document();
                for (Party p : doc.parties()) {
                    if (!owed.containsKey(p.deviceId())) {
                        owed.put(p.deviceId(), restoreDevice(stored, p.deviceId()));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot restore device health from storage: " + e.getMessage(), e);
        }
        owed.forEach((deviceId, triggers) -> triggers.forEach(t -> raiseFor(deviceId, t)));
    }

    /** Orders now another node's: their devices' loss alerts are that node's to raise (filtered by ownership). */
    @Override
    public void release(List<String> orderIds) {}

    /** Restores one device's state; returns the triggers it owes (see {@link #restore}). */
    private List<AlertTrigger> restoreDevice(StoredHealth stored, String deviceId) throws java.sql.SQLException {
        State s = devices.computeIfAbsent(deviceId, k -> new State());
        synchronized (s) {
            Optional<StoredHealth.LastFix> fix = stored.lastFix(deviceId);
            if (fix.isPresent()) {
                s.lastSeen = fix.get().receivedAt();
                s.lastFixTime = fix.get().ts();
                s.lastAccuracy = fix.get().acc();
                s.battery = fix.get().battery();
                s.onlineSince = s.lastSeen;
                s.lastGoodFix = stored.lastUsableFix(deviceId).orElse(null);
            }
            Optional<StoredHealth.LastEvent> event = stored.lastEvent(deviceId);
            if (event.isPresent()
                    && (s.lastSeen == null || event.get().receivedAt().isAfter(s.lastSeen))) {
                s.lastSeen = event.get().receivedAt();
            }
            for (StoredHealth.OpenLoss loss : stored.openLosses(deviceId)) {
                if (loss.type() == AlertType.COMMUNICATION_LOSS) {
                    s.communicationLossKey = loss.deviceKey();
                } else {
                    s.gnssLossKey = loss.deviceKey();
                }
            }
            return owedAfterRestart(stored, deviceId, s, event);
        }
    }

    /**
     * Loss alerts the previous process may have derived but not stored: the end of an open loss the device has
     * recovered from since it began (the first message, or usable fix, received after its start), and a
     * power_off that is the device's last word with no loss open. The caller holds {@code s}'s monitor.
     */
    private List<AlertTrigger> owedAfterRestart(
            StoredHealth stored, String deviceId, State s, Optional<StoredHealth.LastEvent> event)
            throws java.sql.SQLException {
        List<AlertTrigger> owed = new ArrayList<>();
        if (s.communicationLossKey != null) {
            Optional<Instant> back = stored.firstHeardFrom(deviceId, after(s.communicationLossKey));
            if (back.isPresent()) {
                owed.add(end(
                        s.communicationLossKey,
                        deviceId,
                        AlertType.COMMUNICATION_LOSS,
                        back.get(),
                        "device back in contact at " + back.get()));
                s.communicationLossKey = null;
                s.onlineSince = back.get();
            }
        } else if (event.isPresent()
                && event.get().type() == DeviceEventType.POWER_OFF
                && event.get().receivedAt().equals(s.lastSeen)) {
            s.communicationLossKey = deviceId + "/communication-loss/" + s.lastSeen.toEpochMilli();
            owed.add(poweredOff(s.communicationLossKey, deviceId, event.get().ts()));
        }
        if (s.gnssLossKey != null) {
            Optional<Instant> fixed = stored.firstUsableFixFrom(deviceId, after(s.gnssLossKey));
            if (fixed.isPresent()) {
                owed.add(end(
                        s.gnssLossKey,
                        deviceId,
                        AlertType.GNSS_LOSS,
                        fixed.get(),
                        "usable fix again at " + fixed.get()));
                s.gnssLossKey = null;
            }
        }
        return owed;
    }

    /**
     * The first millisecond after the receive time a loss key was derived from (keys end in "/{epoch millis}",
     * see {@link #checkDevice}): what was received from then on came after the message the loss counts from.
     */
    private static Instant after(String deviceKey) {
        return Instant.ofEpochMilli(Long.parseLong(deviceKey.substring(deviceKey.lastIndexOf('/') + 1)) + 1);
    }

    public void start(long checkEveryMillis) {
        timer.scheduleAtFixedRate(this::check, checkEveryMillis, checkEveryMillis, TimeUnit.MILLISECONDS);
    }

    /** Records a stored record's effect on its device's health. */
    public void observe(Telemetry t) {
        State s = devices.computeIfAbsent(t.deviceId(), k -> new State());
        Optional<AlertTrigger> restored;
        AlertTrigger poweredOff = null;
        synchronized (s) {
            Instant now = t.receivedAt();
            if (s.lastSeen == null || s.communicationLossKey != null) {
                s.onlineSince = now;
            }
            s.lastSeen = now.isAfter(s.lastSeen == null ? Instant.MIN : s.lastSeen) ? now : s.lastSeen;
            restored = Optional.ofNullable(s.communicationLossKey)
                    .map(key -> end(
                            key, t.deviceId(), AlertType.COMMUNICATION_LOSS, now, "device back in contact at " + now));
            s.communicationLossKey = null;
            if (t instanceof Telemetry.Fix f) {
                observeFix(s, f, now);
            } else if (t instanceof Telemetry.Event e) {
                poweredOff = observeEvent(s, e);
            }
        }
        restored.ifPresent(trigger -> raiseFor(t.deviceId(), trigger));
        if (poweredOff != null) {
            raiseFor(t.deviceId(), poweredOff);
        }
    }

    /**
     * A fix's effect: the newest fix's time, accuracy and battery, the observed reporting interval, and a usable
     * fix ends an open GNSS loss. The caller holds {@code s}'s monitor.
     */
    private void observeFix(State s, Telemetry.Fix f, Instant now) {
        if (s.lastFixTime == null || f.ts().isAfter(s.lastFixTime)) {
            if (s.lastFixTime != null) {
                s.interval.gap((f.ts().toEpochMilli() - s.lastFixTime.toEpochMilli()) / 1000.0);
            }
            s.lastFixTime = f.ts();
            s.lastAccuracy = f.acc();
            if (f.battery() != null) {
                s.battery = f.battery();
            }
        }
        if (f.acc() <= settings.usableAccuracyMetres()) {
            s.lastGoodFix = now;
            s.gnssReportedLost = false;
            if (s.gnssLossKey != null) {
                raiseFor(
                        f.deviceId(),
                        end(s.gnssLossKey, f.deviceId(), AlertType.GNSS_LOSS, now, "usable fix again at " + now));
                s.gnssLossKey = null;
            }
        }
    }

    /**
     * An event's effect: tamper state, a reported GNSS loss, or a power-off, which opens the communication loss
     * at once (returned, to be raised once the caller has let go of {@code s}'s monitor, which it holds).
     */
    private AlertTrigger observeEvent(State s, Telemetry.Event e) {
        if (e.type() == DeviceEventType.STRAP_TAMPER || e.type() == DeviceEventType.CASE_OPEN) {
            s.tampered = true;
        } else if (e.type() == DeviceEventType.STRAP_RESTORED) {
            s.tampered = false;
        } else if (e.type() == DeviceEventType.GNSS_LOST) {
            s.gnssReportedLost = true;
        } else if (e.type() == DeviceEventType.POWER_OFF) {
            // Silence is certain now: do not wait for the timer (same key, so the timer will not raise it again).
            s.communicationLossKey = e.deviceId() + "/communication-loss/" + s.lastSeen.toEpochMilli();
            return poweredOff(s.communicationLossKey, e.deviceId(), e.ts());
        }
        return null;
    }

    /** The communication loss a power_off event opens at once. */
    private AlertTrigger poweredOff(String key, String deviceId, Instant ts) {
        return open(key, deviceId, AlertType.COMMUNICATION_LOSS, ts, "device reported power_off at " + ts);
    }

    public Optional<DeviceHealth> health(String deviceId) {
        State s = devices.get(deviceId);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            return Optional.of(new DeviceHealth(
                    deviceId,
                    s.lastSeen,
                    s.lastFixTime,
                    s.lastGoodFix,
                    s.lastAccuracy,
                    s.battery,
                    s.tampered,
                    s.communicationLossKey != null,
                    s.gnssLossKey != null));
        }
    }

    /** The device's reporting interval as observed from its fix times ({@link ReportingInterval}), once it sent two fixes. */
    public java.util.OptionalDouble observedIntervalSeconds(String deviceId) {
        State s = devices.get(deviceId);
        if (s == null) {
            return java.util.OptionalDouble.empty();
        }
        synchronized (s) {
            return s.interval.seconds();
        }
    }

    /** Timer passes that failed: each may be a missed loss alert. */
    public long failureCount() {
        return failures.get();
    }

    /** Devices heard from within the communication-loss window. */
    public long onlineCount() {
        Instant cutoff = clock.instant().minus(settings.communicationLossAfter());
        return devices.values().stream()
                .filter(s -> {
                    synchronized (s) {
                        return s.lastSeen != null && s.lastSeen.isAfter(cutoff);
                    }
                })
                .count();
    }

    /** One pass of the timers over every device of every active order. */
    void check() {
        try {
            Instant now = clock.instant();
            for (OrderDocument doc : orders.all()) {
                if (!ownership.owns(doc.order().id())) {
                    continue;
                }
                if (now.isBefore(doc.order().validFrom())
                        || !now.isBefore(doc.order().validUntil())) {
                    continue;
                }
                doc.parties().forEach(p -> checkDevice(p.deviceId(), now));
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.error("DEVICE HEALTH CHECK FAILED — loss alerts may be missed: {}", e.toString(), e);
        }
    }

    private void checkDevice(String deviceId, Instant now) {
        State s = devices.computeIfAbsent(deviceId, k -> new State());
        AlertTrigger trigger = null;
        synchronized (s) {
            Instant silentSince = s.lastSeen == null ? startedAt : s.lastSeen;
            if (s.communicationLossKey == null && !now.isBefore(silentSince.plus(settings.communicationLossAfter()))) {
                s.communicationLossKey = deviceId + "/communication-loss/" + silentSince.toEpochMilli();
                trigger = open(
                        s.communicationLossKey,
                        deviceId,
                        AlertType.COMMUNICATION_LOSS,
                        silentSince,
                        "no message from the device since "
                                + (s.lastSeen == null ? "the gateway started at " + startedAt : s.lastSeen) + " (limit "
                                + settings.communicationLossAfter().toSeconds() + " s)");
            } else if (s.communicationLossKey == null && s.gnssLossKey == null && s.onlineSince != null) {
                Instant lastPosition = s.lastGoodFix == null ? s.onlineSince : s.lastGoodFix;
                if (!now.isBefore(lastPosition.plus(settings.gnssLossAfter()))) {
                    s.gnssLossKey = deviceId + "/gnss-loss/" + lastPosition.toEpochMilli();
                    trigger = open(
                            s.gnssLossKey,
                            deviceId,
                            AlertType.GNSS_LOSS,
                            lastPosition,
                            "device online but no fix better than " + (int) settings.usableAccuracyMetres()
                                    + " m since " + lastPosition
                                    + (s.gnssReportedLost ? "; device reported gnss_lost" : ""));
                }
            }
        }
        if (trigger != null) {
            raiseFor(deviceId, trigger);
        }
    }

    private AlertTrigger open(String key, String deviceId, AlertType type, Instant since, String why) {
        return new AlertTrigger(key, "-", type, null, deviceId, null, since, null, false, null, null, why);
    }

    private AlertTrigger end(String key, String deviceId, AlertType type, Instant at, String why) {
        return new AlertTrigger(key, "-", type, null, deviceId, null, at, at, false, null, null, why);
    }

    /** Raises the trigger once per order the device belongs to, with that order's id and contacts. */
    private void raiseFor(String deviceId, AlertTrigger t) {
        for (String orderId : orders.ordersOf(deviceId)) {
            if (!ownership.owns(orderId)) {
                continue;
            }
            orders.get(orderId)
                    .ifPresent(doc -> raiser.raise(
                            new AlertTrigger(
                                    orderId + "/" + t.dedupeKey(),
                                    orderId,
                                    t.type(),
                                    null,
                                    deviceId,
                                    doc.partyOf(deviceId)
                                            .map(p -> p.role().wireName())
                                            .orElse(null),
                                    t.eventTime(),
                                    t.endedAt(),
                                    false,
                                    null,
                                    null,
                                    t.explanation()),
                            doc.contacts()));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
