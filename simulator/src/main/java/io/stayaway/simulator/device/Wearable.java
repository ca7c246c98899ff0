package io.stayaway.simulator.device;

import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.geo.LocalFrame;
import io.stayaway.simulator.gnss.Environment;
import io.stayaway.simulator.gnss.Fix;
import io.stayaway.simulator.gnss.FixSource;
import io.stayaway.simulator.gnss.GnssErrorModel;
import io.stayaway.simulator.motion.Motion;
import io.stayaway.simulator.motion.Route;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * One simulated wearable in scenario time (milliseconds from the scenario start): it fixes its
 * position every interval, drains or charges its battery, raises events, buffers while offline
 * and on reconnect sends a live fix first and then the backlog as one JSON array (so the backlog
 * arrives out of order, as from real trackers), and obeys downlink commands. Pure and
 * deterministic for a given seed, start time and command sequence: it only produces
 * {@link Uplink}s. Not thread-safe: confined to the thread that plays the scenario.
 */
public final class Wearable {
    /** Pings per store-and-forward array; a long outage is uploaded as several arrays. */
    static final int MAX_PINGS_PER_BATCH = 200;
    /** Battery must recover this far above the low mark before battery_low can be raised again. */
    static final double LOW_BATTERY_HYSTERESIS = 5;

    private final DeviceScript script;
    private final Route route;
    private final LocalFrame frame;
    private final GnssErrorModel gnss;
    private final RandomGenerator random;
    private final long epochStartMillis;
    private final Deque<ScriptedEvent> pendingEvents;
    private final Deque<Glitch> pendingGlitches;
    private final TreeSet<Long> connectivityChanges = new TreeSet<>();
    private final List<Ping> backlog = new ArrayList<>();
    private final List<DeviceEvent> eventBacklog = new ArrayList<>();

    private long nextSeq;
    private long intervalMillis;
    private long lastFixAt = -1;
    private long nextFixAt;
    private long batteryCheckedAt;
    private double battery;
    private boolean charging;
    private boolean lowBatteryReported;
    private boolean gnssLostReported;
    private boolean poweredOn = true;
    private OfflineWindow outage;
    private boolean backlogDue;
    private GeoPoint lastPosition;

    public Wearable(
            DeviceScript script, LocalFrame frame, RandomGenerator random, long epochStartMillis, long firstSeq) {
        this.script = script;
        this.frame = frame;
        this.route = script.route(frame);
        this.random = random;
        this.gnss = new GnssErrorModel(random);
        this.epochStartMillis = epochStartMillis;
        this.nextSeq = firstSeq;
        this.intervalMillis = Math.round(script.interval() * 1000);
        this.nextFixAt = Math.round(script.start() * 1000);
        this.battery = script.battery().level();
        this.pendingEvents = new ArrayDeque<>(script.events());
        this.pendingGlitches = new ArrayDeque<>(script.glitches());
        for (OfflineWindow window : script.offline()) {
            connectivityChanges.add(Math.round(window.from() * 1000));
            connectivityChanges.add(Math.round(window.to() * 1000));
        }
    }

    public String deviceId() {
        return script.id();
    }

    public DeviceScript script() {
        return script;
    }

    public double intervalSeconds() {
        return intervalMillis / 1000.0;
    }

    public boolean poweredOn() {
        return poweredOn;
    }

    /** The next scenario offset (ms) at which this wearable has something to do; MAX_VALUE when off. */
    public long nextDueMillis() {
        if (!poweredOn) {
            return Long.MAX_VALUE;
        }
        long due = nextFixAt;
        if (!pendingEvents.isEmpty()) {
            due = Math.min(due, Math.round(pendingEvents.peekFirst().at() * 1000));
        }
        if (!connectivityChanges.isEmpty()) {
            due = Math.min(due, connectivityChanges.first());
        }
        return due;
    }

    /** Does everything due at or before {@code now} and returns what the device sends. */
    public List<Uplink> advanceTo(long now) {
        List<Uplink> sent = new ArrayList<>();
        if (!poweredOn) {
            return sent;
        }
        updateBattery(now, sent);
        updateConnectivity(now, sent);
        raiseScriptedEvents(now, sent);
        if (poweredOn && now >= nextFixAt) {
            fix(now, sent);
        }
        return sent;
    }

    /** Obeys a downlink command at scenario offset {@code now}; returns what the wearer sees. */
    public String apply(DownlinkCommand command, long now) {
        return switch (command.type()) {
            case DownlinkCommand.SET_INTERVAL -> changeInterval(command, now);
            case DownlinkCommand.NOTIFY ->
                String.format(
                        Locale.ROOT,
                        "%s: %s",
                        command.level() == null ? "NOTICE" : command.level().toUpperCase(Locale.ROOT),
                        command.text() == null ? "" : command.text());
            default -> "ignored unknown command type '" + command.type() + "'";
        };
    }

    private String changeInterval(DownlinkCommand command, long now) {
        Integer seconds = command.seconds();
        if (seconds == null || seconds < 1 || seconds > 3600) {
            return "ignored set_interval with seconds=" + seconds + " (must be 1..3600)";
        }
        intervalMillis = seconds * 1000L;
        long base = lastFixAt < 0 ? nextFixAt : lastFixAt + intervalMillis;
        nextFixAt = Math.max(now, base);
        return "reporting every " + seconds + " s";
    }

    private void updateBattery(long now, List<Uplink> sent) {
        double hours = (now - batteryCheckedAt) / 3_600_000.0;
        batteryCheckedAt = now;
        BatteryPlan plan = script.battery();
        battery = charging
                ? Math.min(100, battery + plan.chargePerHour() * hours)
                : Math.max(0, battery - plan.drainPerHour() * hours);
        if (charging && battery >= plan.lowAt() + LOW_BATTERY_HYSTERESIS) {
            lowBatteryReported = false;
        }
        if (!charging && battery <= plan.lowAt() && !lowBatteryReported) {
            lowBatteryReported = true;
            raise(EventType.BATTERY_LOW, now, sent);
        }
        if (battery <= 0) {
            raise(EventType.POWER_OFF, now, sent);
            poweredOn = false;
        }
    }

    private void updateConnectivity(long now, List<Uplink> sent) {
        while (!connectivityChanges.isEmpty() && connectivityChanges.first() <= now) {
            connectivityChanges.pollFirst();
        }
        OfflineWindow current = script.offline().stream()
                .filter(w -> w.contains(now))
                .findFirst()
                .orElse(null);
        if (outage != null && current == null) {
            outage = null;
            backlogDue = true;
            nextFixAt = now;
        } else {
            outage = current;
        }
    }

    private void raiseScriptedEvents(long now, List<Uplink> sent) {
        while (poweredOn
                && !pendingEvents.isEmpty()
                && Math.round(pendingEvents.peekFirst().at() * 1000) <= now) {
            EventType type = pendingEvents.pollFirst().type();
            raise(type, now, sent);
            if (type == EventType.CHARGING) {
                charging = true;
            } else if (type == EventType.POWER_OFF) {
                poweredOn = false;
            }
        }
    }

    private void fix(long now, List<Uplink> sent) {
        scheduleNextFix(now);
        if (outage != null && !outage.buffer()) {
            return;
        }
        Environment environment = environmentAt(now);
        reportGnssState(environment, now, sent);
        Motion truth = route.at(now / 1000.0);
        double secondsSinceLastFix = lastFixAt < 0 ? script.interval() : (now - lastFixAt) / 1000.0;
        Fix fix = nextFix(truth, environment, now, secondsSinceLastFix);
        lastFixAt = now;
        GeoPoint position = frame.toGeo(fix.position());
        lastPosition = position;
        Ping ping = new Ping(
                nextSeq++,
                epochStartMillis + now,
                round7(position.lat()),
                round7(position.lon()),
                fix.accuracy(),
                reportedSpeed(truth, fix),
                reportedHeading(truth, fix),
                (int) Math.round(battery),
                fix.source().name().toLowerCase(Locale.ROOT));
        if (outage != null) {
            backlog.add(ping);
            return;
        }
        sent.add(new Uplink(script.id(), UplinkKind.PING, now, WireCodec.encode(ping), 1, describe(ping, fix)));
        if (backlogDue) {
            backlogDue = false;
            uploadBacklog(now, sent);
        }
    }

    private void scheduleNextFix(long now) {
        nextFixAt = now + intervalMillis;
    }

    private Fix nextFix(Motion truth, Environment environment, long now, double secondsSinceLastFix) {
        if (!pendingGlitches.isEmpty() && Math.round(pendingGlitches.peekFirst().at() * 1000) <= now) {
            Glitch glitch = pendingGlitches.pollFirst();
            return gnss.glitch(truth.position(), glitch.east(), glitch.north(), glitch.acc());
        }
        return gnss.fix(truth.position(), environment, truth.moving(), secondsSinceLastFix);
    }

    private Environment environmentAt(long now) {
        return script.environments().stream()
                .filter(w -> w.contains(now))
                .map(EnvironmentWindow::environment)
                .findFirst()
                .orElse(script.environment());
    }

    private void reportGnssState(Environment environment, long now, List<Uplink> sent) {
        boolean indoors = environment == Environment.INDOOR;
        if (indoors && !gnssLostReported) {
            gnssLostReported = true;
            raise(EventType.GNSS_LOST, now, sent);
        } else if (!indoors && gnssLostReported) {
            gnssLostReported = false;
            raise(EventType.GNSS_RESTORED, now, sent);
        }
    }

    private Double reportedSpeed(Motion truth, Fix fix) {
        if (fix.source() != FixSource.GNSS) {
            return null;
        }
        double speed = truth.moving()
                ? truth.speed() * (1 + 0.05 * random.nextGaussian())
                : Math.abs(0.15 * random.nextGaussian());
        return Math.round(Math.max(0, speed) * 10) / 10.0;
    }

    private Integer reportedHeading(Motion truth, Fix fix) {
        if (fix.source() != FixSource.GNSS || truth.heading() == null) {
            return null;
        }
        double heading = truth.heading() + 4 * random.nextGaussian();
        return (int) Math.round(((heading % 360) + 360) % 360);
    }

    private void raise(EventType type, long now, List<Uplink> sent) {
        DeviceEvent event = new DeviceEvent(
                nextSeq++,
                epochStartMillis + now,
                type,
                lastPosition == null ? null : lastPosition.lat(),
                lastPosition == null ? null : lastPosition.lon());
        if (outage != null) {
            if (outage.buffer()) {
                eventBacklog.add(event);
            }
            return;
        }
        sent.add(new Uplink(
                script.id(),
                UplinkKind.EVENT,
                now,
                WireCodec.encode(event),
                1,
                "event " + type.wireName() + " seq=" + event.seq()));
    }

    private void uploadBacklog(long now, List<Uplink> sent) {
        for (int from = 0; from < backlog.size(); from += MAX_PINGS_PER_BATCH) {
            List<Ping> batch = backlog.subList(from, Math.min(backlog.size(), from + MAX_PINGS_PER_BATCH));
            sent.add(new Uplink(
                    script.id(),
                    UplinkKind.PING_BATCH,
                    now,
                    WireCodec.encode(batch),
                    batch.size(),
                    String.format(
                            Locale.ROOT,
                            "store-and-forward burst of %d pings, seq %d..%d, fixed %.0f..%.0f s ago",
                            batch.size(),
                            batch.get(0).seq(),
                            batch.get(batch.size() - 1).seq(),
                            (epochStartMillis + now - batch.get(0).ts()) / 1000.0,
                            (epochStartMillis
                                            + now
                                            - batch.get(batch.size() - 1).ts())
                                    / 1000.0)));
        }
        backlog.clear();
        for (DeviceEvent event : eventBacklog) {
            sent.add(new Uplink(
                    script.id(),
                    UplinkKind.EVENT,
                    now,
                    WireCodec.encode(event),
                    1,
                    "buffered event " + event.type().wireName() + " seq=" + event.seq()));
        }
        eventBacklog.clear();
    }

    private static String describe(Ping ping, Fix fix) {
        return String.format(
                Locale.ROOT,
                "ping seq=%d %.6f,%.6f acc=%.1fm %s%s battery=%d%%",
                ping.seq(),
                ping.lat(),
                ping.lon(),
                ping.acc(),
                fix.source().name().toLowerCase(Locale.ROOT),
                ping.speed() == null ? "" : String.format(Locale.ROOT, " %.1fm/s", ping.speed()),
                ping.battery());
    }

    private static double round7(double degrees) {
        return Math.round(degrees * 1e7) / 1e7;
    }
}
