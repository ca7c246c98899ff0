package io.stayaway.simulator.scenario;

import io.stayaway.simulator.device.AddressedCommand;
import io.stayaway.simulator.device.DeviceScript;
import io.stayaway.simulator.device.DownlinkCommand;
import io.stayaway.simulator.device.Uplink;
import io.stayaway.simulator.device.UplinkChannel;
import io.stayaway.simulator.device.UplinkKind;
import io.stayaway.simulator.device.Wearable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plays a scenario's wearables against the wall clock: repeatedly picks the wearable with the
 * earliest due time, waits until that moment (scaled by the speed factor) while applying any
 * downlink command that arrives, and hands what it sends to the channel. Confined to the thread
 * that calls {@link #play()}; commands arrive through a thread-safe queue.
 */
public final class ScenarioPlayer {
    private final Scenario scenario;
    private ScenarioClock clock;
    private final List<Wearable> wearables;
    private final Map<String, Wearable> byId;
    private final UplinkChannel channel;
    private final BlockingQueue<AddressedCommand> downlink;
    private final PrintStream console;
    private final boolean verbose;
    private int pings;
    private int batches;
    private int pingsInBatches;
    private int events;
    private int commands;
    private final Map<String, List<Integer>> intervalCommands = new LinkedHashMap<>();

    public ScenarioPlayer(
            Scenario scenario,
            long seed,
            ScenarioClock clock,
            long firstSeq,
            UplinkChannel channel,
            BlockingQueue<AddressedCommand> downlink,
            PrintStream console,
            boolean verbose) {
        this.scenario = scenario;
        this.clock = clock;
        this.wearables = wearables(scenario, seed, clock.epochStartMillis(), firstSeq);
        this.byId = wearables.stream().collect(Collectors.toMap(Wearable::deviceId, Function.identity()));
        this.channel = channel;
        this.downlink = downlink;
        this.console = console;
        this.verbose = verbose;
    }

    /**
     * The scenario's wearables, each with its own random stream split from {@code seed} in device
     * order, so a device's noise does not depend on what the others do.
     */
    public static List<Wearable> wearables(Scenario scenario, long seed, long epochStartMillis, long firstSeq) {
        SplittableRandom root = new SplittableRandom(seed);
        List<Wearable> wearables = new ArrayList<>();
        for (DeviceScript device : scenario.devices()) {
            wearables.add(new Wearable(device, scenario.frame(), root.split(), epochStartMillis, firstSeq));
        }
        return wearables;
    }

    /**
     * Runs the scenario in virtual time, without a clock or commands, and returns every uplink in
     * send order: the deterministic content of a playback.
     */
    public static List<Uplink> simulate(Scenario scenario, long seed, long epochStartMillis, long firstSeq) {
        List<Wearable> wearables = wearables(scenario, seed, epochStartMillis, firstSeq);
        long end = durationMillis(scenario);
        List<Uplink> sent = new ArrayList<>();
        while (true) {
            Wearable next = wearables.stream()
                    .min(Comparator.comparingLong(Wearable::nextDueMillis))
                    .orElseThrow();
            long due = next.nextDueMillis();
            if (due > end) {
                return sent;
            }
            sent.addAll(next.advanceTo(due));
        }
    }

    public PlaybackSummary play() throws InterruptedException {
        long end = durationMillis(scenario);
        while (true) {
            Wearable next = wearables.stream()
                    .min(Comparator.comparingLong(Wearable::nextDueMillis))
                    .orElseThrow();
            long due = Math.min(next.nextDueMillis(), end);
            if (waitFor(due)) {
                continue;
            }
            if (next.nextDueMillis() > end) {
                return new PlaybackSummary(pings, batches, pingsInBatches, events, commands);
            }
            for (Uplink uplink : next.advanceTo(due)) {
                send(uplink);
            }
        }
    }

    /**
     * After the scenario's end, keeps the wearables reporting from where they stand and obeying
     * commands, as real devices never stop, until {@code released} answers true (asked at least
     * every {@value #HOLD_CHECK_MILLIS} ms). Time runs at real speed from the end on, so fix times keep
     * pace with the wall clock whatever the playback's speed was.
     */
    public PlaybackSummary holdUntil(BooleanSupplier released) throws InterruptedException {
        clock = clock.atRealTimeFrom(Math.max(durationMillis(scenario), clock.offsetNow()));
        while (!released.getAsBoolean()) {
            Wearable next = wearables.stream()
                    .min(Comparator.comparingLong(Wearable::nextDueMillis))
                    .orElseThrow();
            long due = next.nextDueMillis();
            long check = TimeUnit.MILLISECONDS.toNanos(HOLD_CHECK_MILLIS);
            long waitNanos = due == Long.MAX_VALUE ? check : Math.min(clock.nanosUntil(due), check);
            AddressedCommand command = waitNanos > 0 ? downlink.poll(waitNanos, TimeUnit.NANOSECONDS) : downlink.poll();
            if (command != null) {
                apply(command);
            } else if (due != Long.MAX_VALUE && clock.offsetNow() >= due) {
                for (Uplink uplink : next.advanceTo(due)) {
                    send(uplink);
                }
            }
        }
        return new PlaybackSummary(pings, batches, pingsInBatches, events, commands);
    }

    /**
     * One line per wearable: its reporting interval now, the one its script gave it, and every
     * set_interval it obeyed, in order: {@code interval DEVICE final=S scripted=S commanded=[S, ...]}.
     */
    public List<String> intervalReport() {
        return wearables.stream()
                .map(w -> String.format(
                        Locale.ROOT,
                        "interval %s final=%s scripted=%s commanded=%s",
                        w.deviceId(),
                        seconds(w.intervalSeconds()),
                        seconds(w.script().interval()),
                        intervalCommands.getOrDefault(w.deviceId(), List.of())))
                .toList();
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    /** Sleeps until scenario offset {@code due}; true if a command arrived and was applied first. */
    private boolean waitFor(long due) throws InterruptedException {
        long waitNanos = clock.nanosUntil(due);
        AddressedCommand command = waitNanos > 0 ? downlink.poll(waitNanos, TimeUnit.NANOSECONDS) : downlink.poll();
        if (command == null) {
            return false;
        }
        apply(command);
        return true;
    }

    private void apply(AddressedCommand addressed) {
        commands++;
        Wearable wearable = byId.get(addressed.deviceId());
        long now = Math.max(0, clock.offsetNow());
        if (wearable == null) {
            console.printf(
                    Locale.ROOT,
                    "%s command for unknown device %s ignored: %s%n",
                    stamp(now),
                    addressed.deviceId(),
                    addressed.command());
            return;
        }
        String seen = wearable.apply(addressed.command(), now);
        if (DownlinkCommand.SET_INTERVAL.equals(addressed.command().type())
                && addressed.command().seconds() != null) {
            intervalCommands
                    .computeIfAbsent(wearable.deviceId(), k -> new ArrayList<>())
                    .add(addressed.command().seconds());
        }
        console.printf(
                Locale.ROOT,
                "%s %s (%s) <- %s: %s%n",
                stamp(now),
                wearable.deviceId(),
                wearable.script().party().wireName(),
                addressed.command().type(),
                seen);
    }

    private void send(Uplink uplink) {
        switch (uplink.kind()) {
            case PING -> pings++;
            case PING_BATCH -> {
                batches++;
                pingsInBatches += uplink.items();
            }
            case EVENT -> events++;
        }
        channel.send(uplink);
        if (verbose || uplink.kind() != UplinkKind.PING) {
            console.printf(
                    Locale.ROOT,
                    "%s %s -> %s%n",
                    stamp(uplink.offsetMillis()),
                    uplink.deviceId(),
                    uplink.description());
        }
    }

    private static String stamp(long offsetMillis) {
        return String.format(Locale.ROOT, "[+%7.1fs]", offsetMillis / 1000.0);
    }

    private static final long HOLD_CHECK_MILLIS = 200;

    static long durationMillis(Scenario scenario) {
        return Math.round(scenario.duration() * 1000);
    }
}
