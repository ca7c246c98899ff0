package io.stayaway.gateway;

import io.stayaway.alerts.testing.FakeTwilio;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A randomized fault run: the gateway (its own JVM, broker mode, a persistent session at a private
 * Mosquitto with persistence), a private PostgreSQL and an unreliable Twilio endpoint, under the
 * simulator's scenario library played round after round (unique ids per round) and devices that keep
 * what was acknowledged to them, while at seeded random moments the gateway is SIGKILLed and restarted,
 * PostgreSQL and Mosquitto are restarted, and devices lose their connection or have their session
 * taken over. {@link ChaosChecks} then judges what is left. Driven by the test thread, with one thread
 * for the faults and one for the devices.
 */
final class ChaosRun implements FaultRun, AutoCloseable {
    static final Path DIR = Path.of("target", "chaos");
    static final Path SIMULATOR = Path.of("..", "simulator", "target", "simulator-0.1.0-SNAPSHOT.jar");

    final ChaosSettings settings;
    final String tag;
    final PrivatePostgres postgres;
    final PrivateBroker broker;
    final FakeTwilio twilio = new FakeTwilio(GatewayHarness.TWILIO_TOKEN);
    final GatewayProcess gateway;
    final List<ChaosDevice> devices = new ArrayList<>();
    /** Per round suffix: scenario name → its process (held after playback until {@link #releaseHolds}). */
    final Map<String, Map<String, Process>> rounds = new LinkedHashMap<>();

    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger pgRestarts = new AtomicInteger();
    final AtomicInteger brokerRestarts = new AtomicInteger();
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** Held while something needs the gateway and broker up (launching scenarios, restarting). */
    private final ReentrantLock calm = new ReentrantLock();

    private final AtomicBoolean devicesRunning = new AtomicBoolean(true);
    private int gatewayStarts;
    private String token;

    ChaosRun(ChaosSettings settings) throws Exception {
        this.settings = settings;
        log(
                "chaos run, seed %d (replay with -Dstayaway.chaos.seed=%d): %s",
                settings.seed(), settings.seed(), settings.describe());
        this.tag = Long.toString(Math.abs(settings.seed() % 46_656), 36) + Long.toString(System.nanoTime() % 1_296, 36);
        Files.createDirectories(DIR);
        if (!Files.exists(SIMULATOR)) {
            throw new IllegalStateException("the simulator jar is built before the gateway: " + SIMULATOR);
        }
        postgres = new PrivatePostgres();
        // Every packet in the broker's log, kept in target/chaos: what was acknowledged to whom, and when.
        broker = new PrivateBroker("log_type all");
        twilio.sendStatusCallbacks(true);
        int httpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            httpPort = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("STAYAWAY_DB_URL", postgres.jdbcUrl());
        env.put("STAYAWAY_DB_USER", "postgres");
        env.put("STAYAWAY_DB_PASSWORD", "");
        env.put("STAYAWAY_MQTT_MODE", "broker");
        env.put("STAYAWAY_BROKER_URL", broker.url());
        env.put("STAYAWAY_BROKER_CLIENT_ID", "stayaway-chaos-" + tag);
        // Production's default: the broker keeps the gateway's session and queues for a week.
        env.put("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "604800");
        env.put("TWILIO_ACCOUNT_SID", GatewayHarness.TWILIO_SID);
        env.put("TWILIO_AUTH_TOKEN", GatewayHarness.TWILIO_TOKEN);
        env.put("TWILIO_FROM_NUMBER", GatewayHarness.TWILIO_FROM);
        env.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
        env.put("TWILIO_STATUS_CALLBACK_URL", "http://127.0.0.1:" + httpPort + "/twilio/status");
        // Escalation steps within the run's time rather than after minutes.
        env.put("STAYAWAY_ESCALATION_ACK_SECONDS", "15");
        env.put("STAYAWAY_ESCALATION_SUPERVISOR_SECONDS", "15");
        env.put(
                "STAYAWAY_EVIDENCE_KEY",
                DIR.toAbsolutePath().resolve("evidence-key-" + tag + ".pem").toString());
        gateway = new GatewayProcess(env, httpPort, "chaos/gateway-" + tag);
    }

    /** Runs the workload under faults, then stops the faults; returns when the faults are over and devices drained. */
    void play() throws Exception {
        Random random = new Random(settings.seed());
        startGateway();
        token = GatewayHarness.login(
                java.net.http.HttpClient.newHttpClient(), gateway.api(), "admin", GatewayHarness.ADMIN_PASSWORD);
        startDevices();
        long roundMillis = TimeUnit.SECONDS.toMillis(settings.scenarios().stream()
                        .mapToLong(ChaosRun::playbackSeconds)
                        .max()
                        .orElse(60)
                + 15);
        long total = roundMillis * settings.rounds();
        ChaosSchedule schedule = ChaosSchedule.draw(random, settings, total);
        twilio.injectFaults(random.nextLong(), settings.twilioFaultRate(), Duration.ofSeconds(12));
        long start = System.currentTimeMillis();
        Thread faults = new Thread(() -> runFaults(schedule.gatewayFaults(), start), "chaos-faults");
        Thread driver = new Thread(
                () -> driveDevices(schedule.deviceFaults(), start, new Random(random.nextLong())), "chaos-devices");
        faults.start();
        driver.start();
        for (int r = 0; r < settings.rounds(); r++) {
            long roundStart = System.currentTimeMillis();
            launchRound("r" + r + tag);
            long left = roundMillis - (System.currentTimeMillis() - roundStart);
            if (left > 0) {
                Thread.sleep(left);
            }
        }
        faults.join();
        twilio.stopFaults();
        devicesRunning.set(false);
        driver.join();
        for (ChaosDevice d : devices) {
            if (!d.drain(120_000)) {
                problems.add(
                        "device " + d.deviceId() + ": pings never acknowledged by the broker: " + d.unacknowledged());
            }
        }
        log(
                "faults over after %d s: %d kills, %d PostgreSQL restarts, %d broker restarts",
                (System.currentTimeMillis() - start) / 1000, kills.get(), pgRestarts.get(), brokerRestarts.get());
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public Path dir() {
        return DIR;
    }

    @Override
    public long seed() {
        return settings.seed();
    }

    @Override
    public String summaryHeader() {
        return "CHAOS SUMMARY  seed " + settings.seed() + " (replay: -Dstayaway.chaos.seed=" + settings.seed() + ")\n"
                + "  settings: " + settings.describe() + "\n"
                + "  gateway SIGKILLs+restarts: " + kills.get() + ", PostgreSQL restarts: " + pgRestarts.get()
                + ", Mosquitto restarts: " + brokerRestarts.get() + "\n";
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    @Override
    public List<ChaosDevice> devices() {
        return devices;
    }

    @Override
    public String recorderOrderPrefix() {
        return "ORD-CHAOS-";
    }

    @Override
    public Map<String, Map<String, Process>> rounds() {
        return rounds;
    }

    @Override
    public String api(int spread) {
        return gateway.api();
    }

    @Override
    public FakeTwilio twilio() {
        return twilio;
    }

    static long playbackSeconds(String scenario) {
        long duration = switch (scenario) {
            case "approach-and-breach" -> 60;
            case "drive-past" -> 150;
            case "home-80m-outside" -> 3600;
            case "meeting-in-the-city" -> 420;
            case "offline-late-burst" -> 260;
            case "strap-tamper" -> 120;
            case "victim-panic" -> 90;
            case "battery-runs-down" -> 7800;
            case "protected-goes-silent" -> 360;
            default -> 120;
        };
        return (long) Math.ceil(duration / Double.parseDouble(ChaosSettings.speedOf(scenario)));
    }

    private void startGateway() throws IOException {
        gateway.start(Integer.toString(gatewayStarts++));
    }

    private void startDevices() throws Exception {
        for (int i = 0; i < settings.devicePairs(); i++) {
            String respondent = "chaos-resp-" + i + "-" + tag;
            String protectedPerson = "chaos-prot-" + i + "-" + tag;
            var created = gateway.post(
                    "/api/orders",
                    GatewayHarness.sampleOrder("ORD-CHAOS-" + i + "-" + tag, respondent, protectedPerson)
                            .encode());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("order not created: " + created.body());
            }
            // 5 km and 6 km north of the order's home zone: nothing these devices do may raise a zone alert.
            devices.add(new ChaosDevice(
                    respondent, broker.url(), GatewayHarness.HOME_LAT + 0.045, GatewayHarness.HOME_LON));
            devices.add(new ChaosDevice(
                    protectedPerson, broker.url(), GatewayHarness.HOME_LAT + 0.054, GatewayHarness.HOME_LON));
        }
    }

    private void launchRound(String suffix) throws Exception {
        calm.lock();
        try {
            Map<String, Process> procs = new LinkedHashMap<>();
            for (String scenario : settings.scenarios()) {
                procs.put(
                        scenario,
                        scenarioProcess(scenario, gateway.api(), suffix, broker.url(), token, log(suffix, scenario))
                                .start());
            }
            rounds.put(suffix, procs);
            for (String scenario : settings.scenarios()) {
                awaitFirstUplink(log(suffix, scenario), scenario + " of round " + suffix, procs.get(scenario));
            }
        } finally {
            calm.unlock();
        }
        log(
                "round %s: %d scenarios playing (seed %d)",
                suffix, settings.scenarios().size(), settings.seed());
    }

    /**
     * The simulator playing {@code scenario} at its chaos speed with ids suffixed {@code suffix}, creating its
     * orders at {@code api}, its devices on the broker at {@code brokerUrl} with persistent sessions, held
     * past its end (until its standard input closes), its output in {@code log}.
     */
    static ProcessBuilder scenarioProcess(
            String scenario, String api, String suffix, String brokerUrl, String token, Path log) {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx96m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        SIMULATOR.toString(),
                        "scenario",
                        scenario,
                        "--speed",
                        ChaosSettings.speedOf(scenario),
                        "--api",
                        api,
                        "--unique=" + suffix,
                        "--hold",
                        "--session-expiry",
                        "600",
                        "--port",
                        brokerUrl.substring(brokerUrl.lastIndexOf(':') + 1))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("STAYAWAY_API_TOKEN", token);
        return pb;
    }

    static Path log(String suffix, String scenario) {
        return DIR.resolve("scenario-" + suffix + "-" + scenario + ".log");
    }

    /** Orders created, devices connected: the first uplink is in the scenario's {@code log}. */
    static void awaitFirstUplink(Path log, String what, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            String text = Files.readString(log);
            if (text.lines().anyMatch(l -> l.startsWith("[+"))) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("scenario " + what + " ended before playing:\n" + text);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("scenario " + what + " did not start playing in 90 s");
    }

    private void runFaults(List<ChaosSchedule.Fault> faults, long start) {
        for (ChaosSchedule.Fault f : faults) {
            try {
                long wait = start + f.atMillis() - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                calm.lock();
                try {
                    inject(f);
                } finally {
                    calm.unlock();
                }
            } catch (Exception e) {
                problems.add("fault " + f + " could not be carried out: " + e);
                log("fault %s failed: %s", f, e);
            }
        }
    }

    private void inject(ChaosSchedule.Fault f) throws Exception {
        switch (f.kind()) {
            case KILL_GATEWAY -> {
                gateway.kill();
                kills.incrementAndGet();
                Thread.sleep(f.downMillis());
                startGateway();
            }
            case RESTART_POSTGRES -> {
                postgres.stop();
                Thread.sleep(f.downMillis());
                postgres.start();
                pgRestarts.incrementAndGet();
            }
            case RESTART_BROKER -> {
                broker.stop();
                Thread.sleep(f.downMillis());
                broker.start();
                brokerRestarts.incrementAndGet();
            }
        }
        log("fault %s done (down %d ms)", f.kind(), f.downMillis());
    }

    private void driveDevices(List<ChaosSchedule.Fault> deviceFaults, long start, Random random) {
        int next = 0;
        while (devicesRunning.get()) {
            for (ChaosDevice d : devices) {
                d.publishNext();
            }
            if (next < deviceFaults.size()
                    && System.currentTimeMillis() - start
                            >= deviceFaults.get(next).atMillis()) {
                ChaosSchedule.Fault f = deviceFaults.get(next++);
                ChaosDevice d = devices.get(random.nextInt(devices.size()));
                try {
                    if (f.kind() == ChaosSchedule.Kind.TAKE_OVER) {
                        d.takeOver();
                    } else {
                        d.dropConnection();
                    }
                    log("device %s: %s", d.deviceId(), f.kind());
                } catch (Exception e) {
                    next--; // the broker is restarting: the device tries again on the next turn
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Closes every held scenario's standard input; returns each device's interval line ("interval ID final=…"). */
    @Override
    public Map<String, String> releaseHolds() throws Exception {
        return releaseHolds(rounds, ChaosRun::log, problems);
    }

    /**
     * Closes the standard input of every held scenario of {@code rounds} (whose output is in {@code logOf(suffix,
     * scenario)}) and waits for each to end; a scenario that does not end or fails is one of the {@code problems}.
     * Returns each device's interval line ("interval ID final=…").
     */
    static Map<String, String> releaseHolds(
            Map<String, Map<String, Process>> rounds,
            java.util.function.BiFunction<String, String, Path> logOf,
            List<String> problems)
            throws Exception {
        Map<String, String> intervals = new LinkedHashMap<>();
        for (Map<String, Process> procs : rounds.values()) {
            for (Process p : procs.values()) {
                p.getOutputStream().close();
            }
        }
        for (Map.Entry<String, Map<String, Process>> round : rounds.entrySet()) {
            for (Map.Entry<String, Process> e : round.getValue().entrySet()) {
                Process p = e.getValue();
                Path log = logOf.apply(round.getKey(), e.getKey());
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    problems.add(
                            "scenario " + e.getKey() + " of round " + round.getKey() + " did not end when released");
                } else if (p.exitValue() != 0) {
                    problems.add("scenario " + e.getKey() + " of round " + round.getKey() + " exited " + p.exitValue()
                            + ", see " + log);
                }
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith("interval ")) {
                        intervals.put(line.split(" ")[1], line);
                    }
                }
            }
        }
        return intervals;
    }

    @Override
    public Connection db() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
    }

    static void log(String format, Object... args) {
        System.out.printf("[chaos %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
        System.out.flush();
    }

    @Override
    public void close() {
        devicesRunning.set(false);
        for (Map<String, Process> procs : rounds.values()) {
            procs.values().forEach(p -> p.destroyForcibly());
        }
        for (ChaosDevice d : devices) {
            d.close();
        }
        try {
            gateway.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        twilio.close();
        try {
            broker.stop();
            Files.copy(
                    broker.log(),
                    DIR.resolve("mosquitto-" + tag + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | InterruptedException e) {
            log("broker log not kept: %s", e);
        }
        broker.close();
        postgres.close();
    }

    static File file(String name) {
        return DIR.resolve(name).toFile();
    }
}
