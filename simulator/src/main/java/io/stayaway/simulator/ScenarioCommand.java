package io.stayaway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.stayaway.simulator.api.GatewayApi;
import io.stayaway.simulator.device.AddressedCommand;
import io.stayaway.simulator.device.DeviceScript;
import io.stayaway.simulator.device.UplinkChannel;
import io.stayaway.simulator.expect.AlertExpectation;
import io.stayaway.simulator.expect.AlertWatch;
import io.stayaway.simulator.expect.ExpectationCheck;
import io.stayaway.simulator.expect.Expectations;
import io.stayaway.simulator.expect.Verdict;
import io.stayaway.simulator.mqtt.DeviceCredentials;
import io.stayaway.simulator.mqtt.WearableLinks;
import io.stayaway.simulator.replay.Recording;
import io.stayaway.simulator.scenario.PlaybackSummary;
import io.stayaway.simulator.scenario.Scenario;
import io.stayaway.simulator.scenario.ScenarioClock;
import io.stayaway.simulator.scenario.ScenarioLibrary;
import io.stayaway.simulator.scenario.ScenarioPlayer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `scenario`: load the order(s), play the wearables, check the expectations. Steps: resolve the
 * scenario → create orders → start watching alerts → connect devices → play → await PUBACKs →
 * judge. Runs on the main thread; alerts are polled on one helper thread during playback.
 */
@Command(
        name = "scenario",
        mixinStandardHelpOptions = true,
        description =
                "Play a scenario (a YAML file or a shipped NAME) and check the alerts it must and must not raise.")
final class ScenarioCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|NAME", description = "scenario file, or the name of a shipped scenario (see `list`)")
    String scenarioRef;

    @Option(
            names = "--speed",
            defaultValue = "1",
            paramLabel = "F",
            description = "time-scale factor, up to the scenario's maxSpeed; with F > 1 fix times start in the past "
                    + "so that none is later than its send time (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: the scenario's)")
    Long seed;

    @Option(
            names = "--unique",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "SUFFIX",
            description = "append -SUFFIX (random when omitted) to order and device ids so reruns do not collide")
    String unique;

    @Option(names = "--record", paramLabel = "FILE.jsonl", description = "also write every message sent, for `replay`")
    Path record;

    @Option(
            names = "--poll",
            defaultValue = "1000",
            paramLabel = "MS",
            description = "how often to read GET /api/alerts while checking (default ${DEFAULT-VALUE} ms)")
    long pollMillis;

    @Option(
            names = {"-q", "--quiet"},
            description = "print only events, bursts and commands, not every ping")
    boolean quiet;

    @Option(
            names = "--hold",
            description = "after the scenario's end, keep the devices reporting from where they stand and obeying "
                    + "commands until standard input closes; then print each device's final reporting interval "
                    + "(lines 'interval DEVICE final=S scripted=S commanded=[...]'). Expectations are not judged: "
                    + "check them afterwards with `expect`")
    boolean hold;

    @Mixin
    MqttOptions mqtt = new MqttOptions();

    @Mixin
    ApiOptions apiOptions = new ApiOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = resolveScenario();
        long runSeed = seed != null ? seed : scenario.seed();
        describe(scenario, runSeed);
        GatewayApi api = apiOptions.given() ? apiOptions.client() : null;
        if (api != null) {
            createOrders(api, scenario);
        }
        AlertWatch watch = api == null ? null : AlertWatch.ignoringExisting(api, scenario.orderIds());
        if (watch != null && watch.ignoredExisting() > 0) {
            out.printf(
                    "note: ignoring %d alert(s) these orders already had; use --unique for a clean run%n",
                    watch.ignoredExisting());
        }
        ScenarioClock clock =
                ScenarioClock.startingNow(Clock.systemUTC(), Math.round(scenario.duration() * 1000), speed);
        PlaybackSummary summary = playWatching(scenario, runSeed, clock, watch);
        out.println(summary.describe());
        if (watch == null) {
            out.println("no --api given: orders not created, expectations not checked");
            return 0;
        }
        if (hold) {
            out.printf(
                    "held past the end: expectations not judged here; check them with: expect %s --unique=%s%n",
                    scenarioRef, unique.isEmpty() ? "" : unique.substring(1));
            return 0;
        }
        Verdict verdict = judge(scenario, clock, watch);
        out.print(verdict.report());
        if (!unique.isEmpty()) {
            out.printf(
                    "re-check later with: expect %s --unique=%s --api %s%n",
                    scenarioRef, unique.substring(1), api.base());
        }
        return verdict.passed() ? 0 : 1;
    }

    private Scenario resolveScenario() {
        Scenario scenario = ScenarioLibrary.load(scenarioRef);
        if (speed > scenario.maxSpeed()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "scenario %s allows --speed up to %s (its timing depends on the server clock), got %s",
                    scenario.name(),
                    scenario.maxSpeed(),
                    speed));
        }
        unique = RunSuffix.resolve(unique);
        return scenario.withSuffix(unique);
    }

    private void describe(Scenario scenario, long runSeed) {
        out.printf(Locale.ROOT, "scenario %s: %s%n", scenario.name(), scenario.description());
        out.printf(
                Locale.ROOT,
                "  %.0f s of scenario time at speed %s (about %.0f s), seed %d, orders %s, devices %s%n",
                scenario.duration(),
                speed,
                scenario.duration() / speed,
                runSeed,
                scenario.orderIds(),
                scenario.devices().stream()
                        .map(d -> d.id() + " (" + d.party().wireName() + ")")
                        .toList());
        out.printf("  MQTT %s%n", mqtt.endpoint().serverUri());
    }

    private void createOrders(GatewayApi api, Scenario scenario) throws Exception {
        for (JsonNode order : scenario.ordersToSubmit(Instant.now())) {
            out.printf("order %s: %s%n", order.path("id").asText(), api.createOrder(order));
        }
    }

    private PlaybackSummary playWatching(Scenario scenario, long runSeed, ScenarioClock clock, AlertWatch watch)
            throws Exception {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try {
            if (watch != null) {
                poller.scheduleWithFixedDelay(() -> pollQuietly(watch), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
            }
            return play(scenario, runSeed, clock);
        } finally {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void pollQuietly(AlertWatch watch) {
        try {
            watch.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PlaybackSummary play(Scenario scenario, long runSeed, ScenarioClock clock) throws Exception {
        BlockingQueue<AddressedCommand> downlink = new LinkedBlockingQueue<>();
        try (WearableLinks links = WearableLinks.connect(
                mqtt.endpoint(),
                passwords(scenario),
                downlink,
                out,
                Duration.ofSeconds(10),
                mqtt.sessionExpirySeconds)) {
            PlaybackSummary summary;
            if (record != null) {
                try (Recording.Writer recorder = Recording.writer(record, clock::epochMillis, links)) {
                    summary = playThrough(scenario, runSeed, clock, recorder, downlink);
                }
                out.printf("recorded to %s%n", record);
            } else {
                summary = playThrough(scenario, runSeed, clock, links, downlink);
            }
            WearableLinks.DeliveryReport delivery = links.awaitDelivery(Duration.ofSeconds(30));
            out.printf(
                    "MQTT: %d acknowledged, %d failed%s%n",
                    delivery.acknowledged(),
                    delivery.failed(),
                    delivery.problems().isEmpty() ? "" : " " + delivery.problems());
            if (delivery.failed() > 0) {
                throw new IllegalStateException(delivery.failed() + " uplink(s) were not acknowledged by the broker");
            }
            return summary;
        }
    }

    private PlaybackSummary playThrough(
            Scenario scenario,
            long runSeed,
            ScenarioClock clock,
            UplinkChannel channel,
            BlockingQueue<AddressedCommand> downlink)
            throws InterruptedException {
        long firstSeq = System.currentTimeMillis();
        ScenarioPlayer player = new ScenarioPlayer(scenario, runSeed, clock, firstSeq, channel, downlink, out, !quiet);
        PlaybackSummary summary = player.play();
        if (hold) {
            out.println("holding: devices keep reporting and obeying commands until standard input closes");
            out.flush();
            AtomicBoolean released = new AtomicBoolean();
            Thread stdin = new Thread(() -> awaitEndOfInput(released), "hold-stdin");
            stdin.setDaemon(true);
            stdin.start();
            summary = player.holdUntil(released::get);
            player.intervalReport().forEach(out::println);
        }
        return summary;
    }

    /** Reads standard input to its end (the caller closing it), then releases the hold. */
    private static void awaitEndOfInput(AtomicBoolean released) {
        try {
            System.in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // a broken stdin ends the hold all the same
        }
        released.set(true);
    }

    private Map<String, String> passwords(Scenario scenario) {
        DeviceCredentials credentials = mqtt.deviceCredentials();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (DeviceScript device : scenario.devices()) {
            String written = device.id().substring(0, device.id().length() - unique.length());
            passwords.put(device.id(), credentials.passwordFor(device.id(), written, device.password()));
        }
        return passwords;
    }

    private Verdict judge(Scenario scenario, ScenarioClock clock, AlertWatch watch) throws InterruptedException {
        Expectations expectations = scenario.expect();
        long playbackEnd = clock.wallNanosAt(Math.round(scenario.duration() * 1000));
        long settleNanos = TimeUnit.MILLISECONDS.toNanos(Math.round(expectations.settle() * 1000));
        ExpectationCheck check = new ExpectationCheck(
                expectations,
                expectation -> deadline(expectation, clock, playbackEnd + settleNanos),
                clock.wallStartNanos(),
                Duration.ofMillis(pollMillis));
        out.printf(
                "checking %d expectation(s) against %s ...%n",
                expectations.must().size() + expectations.mustNot().size(), apiOptions.api);
        return check.await(watch, Math.max(System.nanoTime(), playbackEnd) + settleNanos);
    }

    /** Wall-clock deadline: `within` seconds after scenario second `after`; without `within`, the end of settling. */
    private static long deadline(AlertExpectation expectation, ScenarioClock clock, long endOfSettling) {
        if (expectation.within() == null) {
            return endOfSettling;
        }
        return clock.wallNanosAt(Math.round(expectation.after() * 1000))
                + TimeUnit.MILLISECONDS.toNanos(Math.round(expectation.within() * 1000));
    }
}
