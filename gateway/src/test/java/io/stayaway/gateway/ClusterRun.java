package io.stayaway.gateway;

import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.ClusterNode.ClusterView;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster run: three gateway processes (the packaged jar, each in its own JVM, Hazelcast on its own
 * loopback port) sharing one private Mosquitto through a shared subscription and one throw-away
 * PostgreSQL database, with a local Twilio endpoint. The workload is the simulator's scenario library,
 * played in waves (unique ids per wave) with its orders created on the nodes in turn, plus recording
 * devices that publish once a second and keep what was acknowledged to them; meanwhile nodes are
 * SIGKILLed and started again ({@link ClusterFaults}), {@code /api/cluster} is read on every node
 * ({@link ClusterWatch}), and desk consoles listen to every node ({@link ClusterConsoles}). Access
 * state is checked across the nodes before the faults and after each restart ({@link ClusterAccessChecks}).
 * {@link ChaosChecks} and {@link ClusterChecks} then judge what is left. Driven by the test thread,
 * with threads for the faults, the recording devices, the watch and each console.
 */
final class ClusterRun implements FaultRun, AutoCloseable {
    static final Path DIR = Path.of("target", "cluster");
    private static final Pattern STATION = Pattern.compile("station: ([^,}]+)");
    private static final String RECORDER_PREFIX = "ORD-CLUSTER-REC-";

    final ClusterSettings settings;
    final String tag;
    final List<ClusterNode> nodes = new ArrayList<>();
    final FakeTwilio twilio = new FakeTwilio(GatewayHarness.TWILIO_TOKEN);
    final List<ChaosDevice> devices = new ArrayList<>();
    /** Recording order id → its two devices. */
    final Map<String, List<ChaosDevice>> recorders = new LinkedHashMap<>();

    final Map<String, Map<String, Process>> rounds = new LinkedHashMap<>();
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    /** Held while a simulator creates its orders through a node, so that no node is killed meanwhile. */
    final ReentrantLock calm = new ReentrantLock();

    final ClusterConsoles consoles = new ClusterConsoles();
    final Map<String, String> consoleTokens = new LinkedHashMap<>();
    ClusterWatch watch;
    ClusterAccessChecks access;
    ClusterFaults faults;
    private TestDatabase database;
    private PrivateBroker broker;
    private final AtomicBoolean devicesRunning = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread cleanUpOnExit = new Thread(this::close, "cluster-run-clean-up");
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile String token;

    ClusterRun(ClusterSettings settings) throws Exception {
        this.settings = settings;
        log(
                "cluster run, seed %d (replay with SEED=%d scripts/cluster-chaos or -Dstayaway.cluster.seed=%d): %s",
                settings.seed(), settings.seed(), settings.seed(), settings.describe());
        this.tag = Long.toString(Math.abs(settings.seed() % 46_656), 36) + Long.toString(System.nanoTime() % 1_296, 36);
        Files.createDirectories(DIR);
        if (!Files.exists(ChaosRun.SIMULATOR)) {
            throw new IllegalStateException(
                    "the scenarios run from the simulator's jar, built with -pl simulator,gateway" + " -am: "
                            + ChaosRun.SIMULATOR.toAbsolutePath());
        }
        Runtime.getRuntime().addShutdownHook(cleanUpOnExit);
        try {
            database = new TestDatabase();
            // Every packet in the broker's log, kept in target/cluster: what was acknowledged to whom, and when.
            broker = new PrivateBroker("log_type all");
            Path key = DIR.toAbsolutePath().resolve("evidence-key-" + tag + ".pem");
            EvidenceKey.loadOrCreate(key); // one key for every node, made before any node starts
            List<Integer> clusterPorts = new ArrayList<>();
            for (int i = 0; i < settings.nodes(); i++) {
                clusterPorts.add(freePort());
            }
            String members = String.join(
                    ",", clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList());
            for (int i = 0; i < settings.nodes(); i++) {
                String name = Character.toString('a' + i);
                Map<String, String> env = nodeEnvironment(name, key, members, clusterPorts.get(i));
                nodes.add(new ClusterNode(
                        name,
                        clusterPorts.get(i),
                        new GatewayProcess(env, freePort(), "cluster/node-" + name + "-" + tag)));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private Map<String, String> nodeEnvironment(String name, Path key, String members, int clusterPort) {
        Map<String, String> env = new HashMap<>();
        env.put("STAYAWAY_DB_URL", database.jdbcUrl());
        env.put("STAYAWAY_DB_USER", database.user());
        env.put("STAYAWAY_DB_PASSWORD", database.password());
        env.put("STAYAWAY_MQTT_MODE", "broker");
        env.put("STAYAWAY_BROKER_URL", broker.url());
        env.put("STAYAWAY_BROKER_CLIENT_ID", "stayaway-cluster-" + tag + "-" + name);
        env.put("STAYAWAY_BROKER_SHARE_GROUP", "stayaway-" + tag);
        env.put("STAYAWAY_CLUSTER_MEMBERS", members);
        env.put("STAYAWAY_CLUSTER_HOST", "127.0.0.1");
        env.put("STAYAWAY_CLUSTER_PORT", Integer.toString(clusterPort));
        env.put("STAYAWAY_EVIDENCE_KEY", key.toString());
        env.put("TWILIO_ACCOUNT_SID", GatewayHarness.TWILIO_SID);
        env.put("TWILIO_AUTH_TOKEN", GatewayHarness.TWILIO_TOKEN);
        env.put("TWILIO_FROM_NUMBER", GatewayHarness.TWILIO_FROM);
        env.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
        // Escalation steps within the run's time rather than after minutes, as in the chaos run.
        env.put("STAYAWAY_ESCALATION_ACK_SECONDS", "15");
        env.put("STAYAWAY_ESCALATION_SUPERVISOR_SECONDS", "15");
        // Every node signs a checkpoint each minute: several nodes extend the one sequence during the run.
        env.put("STAYAWAY_CHECKPOINT_MINUTES", "1");
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs the workload under the node faults; returns when the faults are over and the devices drained. */
    void play() throws Exception {
        Random random = new Random(settings.seed());
        startNodes();
        token = GatewayHarness.login(http, nodes.get(0).api(), "admin", GatewayHarness.ADMIN_PASSWORD);
        watch = new ClusterWatch(nodes, () -> token);
        awaitSettledCluster();
        log("node ids: %s", nodes.stream().map(n -> n.name + "=" + n.nodeId()).toList());
        access = new ClusterAccessChecks(tag, token);
        access.disabledUserIsRefusedEverywhere(nodes, nodes.get(0), 0);
        access.scopeHoldsOnEveryNode(nodes, nodes.get(1), 0);
        openConsoles();
        startRecordingDevices();
        long longest = settings.scenarios().stream()
                        .mapToLong(ChaosRun::playbackSeconds)
                        .max()
                        .orElse(60)
                * 1_000;
        int perWave = settings.scenarios().size();
        int waves = (settings.scenarioOrders() + perWave - 1) / perWave;
        long faultMillis = 30_000 + settings.kills() * 45_000L;
        long waveGap = waves <= 1 ? 0 : Math.max(10_000, (faultMillis - longest - 15_000) / (waves - 1));
        long total = Math.max(faultMillis, (waves - 1) * waveGap + longest + 15_000);
        faults = new ClusterFaults(this, random, faultMillis);
        if (settings.twilioFaultRate() > 0) {
            twilio.injectFaults(random.nextLong(), settings.twilioFaultRate(), Duration.ofSeconds(12));
        }
        log(
                "workload of %d s: %d wave(s) %d s apart; faults planned: %s",
                total / 1000, waves, waveGap / 1000, faults.plan);
        long start = System.currentTimeMillis();
        Thread faulting = new Thread(() -> faults.carryOut(start), "cluster-faults");
        Thread driver = new Thread(this::driveDevices, "cluster-devices");
        faulting.start();
        driver.start();
        for (int w = 0; w < waves; w++) {
            long wait = start + w * waveGap - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            launchWave(w, Math.min(perWave, settings.scenarioOrders() - w * perWave));
        }
        long left = start + total - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
        faulting.join();
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
                "faults over after %d s: %d kill(s), %d restart(s)",
                (System.currentTimeMillis() - start) / 1000, faults.kills.size(), faults.restarts());
    }

    /** The first node alone (it migrates the database), then the others together. */
    private void startNodes() throws Exception {
        nodes.get(0).start();
        List<Thread> starting = new ArrayList<>();
        List<Exception> failed = Collections.synchronizedList(new ArrayList<>());
        for (ClusterNode n : nodes.subList(1, nodes.size())) {
            Thread t = new Thread(
                    () -> {
                        try {
                            n.start();
                        } catch (Exception | AssertionError e) {
                            failed.add(new IllegalStateException(n + " did not start", e));
                        }
                    },
                    "start-" + n.name);
            t.start();
            starting.add(t);
        }
        for (Thread t : starting) {
            t.join();
        }
        if (!failed.isEmpty()) {
            throw failed.get(0);
        }
        log(
                "%d nodes up: %s",
                nodes.size(), nodes.stream().map(ClusterNode::api).toList());
    }

    /**
     * Waits (at most 30 s, none when no node serves the route) until every node that is up answers {@code /api/cluster} with as many members
     * as there are nodes up, and no order is owned by two nodes; a cluster that does not settle is a problem.
     */
    void awaitSettledCluster() throws InterruptedException {
        long asked = System.currentTimeMillis();
        long deadline = asked + 30_000;
        List<ClusterView> views = List.of();
        while (System.currentTimeMillis() < deadline) {
            views = new ArrayList<>();
            for (ClusterNode n : nodes) {
                if (n.up()) {
                    views.add(watch.fresh(n, asked).orElse(ClusterView.failed(n.name, asked, "no answer")));
                }
            }
            if (settled(views)) {
                return;
            }
            if (views.stream().allMatch(v -> !v.ok() && v.error().contains(" answered 404 "))) {
                break; // no node serves GET /api/cluster: waiting will not make one
            }
            Thread.sleep(200);
        }
        problems.add("the cluster did not settle: " + views);
        log("the cluster did not settle: %s", views);
    }

    private static boolean settled(List<ClusterView> views) {
        Set<String> owned = new HashSet<>();
        for (ClusterView v : views) {
            if (!v.ok() || v.members().size() != views.size()) {
                return false;
            }
            for (String order : v.orders().keySet()) {
                if (!owned.add(order)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A desk user for each station of the workload, listening on every node. */
    private void openConsoles() throws Exception {
        Set<String> stations = new LinkedHashSet<>();
        stations.add(GatewayHarness.sampleOrder("x", "y", "z")
                .getJsonObject("dutyDesk")
                .getString("station"));
        for (String scenario : settings.scenarios()) {
            Path yaml = Path.of("..", "simulator", "src", "main", "resources", "scenarios", scenario + ".yaml");
            Matcher m = STATION.matcher(Files.readString(yaml));
            while (m.find()) {
                stations.add(m.group(1).trim());
            }
        }
        int i = 0;
        for (String station : stations) {
            String user = "console-" + i++ + "-" + tag;
            access.createUser(nodes.get(i % nodes.size()), user, "desk", station);
            String deskToken = access.login(nodes.get(0), user);
            consoleTokens.put(station, deskToken);
            consoles.open(nodes, station, deskToken);
        }
        log("consoles of %s listening on every node", stations);
    }

    /** Orders of recording devices, created on the nodes in turn; two devices each, 5 and 6 km from the zone. */
    private void startRecordingDevices() throws Exception {
        for (int i = 0; i < settings.recordingOrders(); i++) {
            String respondent = "cl-resp-" + i + "-" + tag;
            String protectedPerson = "cl-prot-" + i + "-" + tag;
            ClusterNode via = nodes.get(i % nodes.size());
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(via.api() + "/api/orders"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(GatewayHarness.sampleOrder(
                                            RECORDER_PREFIX + i + "-" + tag, respondent, protectedPerson)
                                    .encode()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("order not created on " + via + ": " + created.body());
            }
            List<ChaosDevice> pair = List.of(
                    new ChaosDevice(respondent, broker.url(), GatewayHarness.HOME_LAT + 0.045, GatewayHarness.HOME_LON),
                    new ChaosDevice(
                            protectedPerson, broker.url(), GatewayHarness.HOME_LAT + 0.054, GatewayHarness.HOME_LON));
            devices.addAll(pair);
            recorders.put(RECORDER_PREFIX + i + "-" + tag, pair);
        }
        log("%d recording devices publishing once a second", devices.size());
    }

    private void driveDevices() {
        while (devicesRunning.get()) {
            long started = System.currentTimeMillis();
            for (ChaosDevice d : devices) {
                d.publishNext();
            }
            try {
                Thread.sleep(Math.max(0, 1_000 - (System.currentTimeMillis() - started)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Plays {@code count} scenarios of the library (ids suffixed by the wave), creating their orders on the nodes up in turn. */
    private void launchWave(int wave, int count) throws Exception {
        String suffix = "w" + wave + tag;
        calm.lock();
        try {
            List<ClusterNode> up = nodes.stream().filter(ClusterNode::up).toList();
            Map<String, Process> procs = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String scenario = settings.scenarios().get(i);
                String api = up.get((wave + i) % up.size()).api();
                procs.put(
                        scenario,
                        ChaosRun.scenarioProcess(
                                        scenario, api, suffix, broker.url(), token, scenarioLog(suffix, scenario))
                                .start());
            }
            rounds.put(suffix, procs);
            for (String scenario : procs.keySet()) {
                ChaosRun.awaitFirstUplink(
                        scenarioLog(suffix, scenario), scenario + " of wave " + suffix, procs.get(scenario));
            }
        } finally {
            calm.unlock();
        }
        log("wave %s: %d scenario(s) playing", suffix, count);
    }

    static Path scenarioLog(String suffix, String scenario) {
        return DIR.resolve("scenario-" + suffix + "-" + scenario + ".log");
    }

    static void log(String format, Object... args) {
        System.out.printf("[cluster %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
        System.out.flush();
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
        return "CLUSTER SUMMARY  seed " + settings.seed() + " (replay: SEED=" + settings.seed()
                + " scripts/cluster-chaos, or -Dstayaway.cluster.seed=" + settings.seed() + ")\n"
                + "  settings: " + settings.describe() + "\n"
                + "  nodes SIGKILLed: " + (faults == null ? 0 : faults.kills.size()) + ", started again: "
                + (faults == null ? 0 : faults.restarts()) + "\n";
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
        return RECORDER_PREFIX;
    }

    @Override
    public Map<String, Map<String, Process>> rounds() {
        return rounds;
    }

    @Override
    public Map<String, String> releaseHolds() throws Exception {
        return ChaosRun.releaseHolds(rounds, ClusterRun::scenarioLog, problems);
    }

    /** A node that is up, the {@code spread}-th of them. */
    @Override
    public String api(int spread) {
        List<ClusterNode> up = nodes.stream().filter(ClusterNode::up).toList();
        return up.get(Math.floorMod(spread, up.size())).api();
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public FakeTwilio twilio() {
        return twilio;
    }

    @Override
    public Connection db() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    /** Stops everything the run started, whatever state it is in; also run on exit if the test JVM is stopped. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUpOnExit);
        } catch (IllegalStateException shuttingDown) {
            // called by the hook itself
        }
        devicesRunning.set(false);
        consoles.close();
        if (watch != null) {
            watch.close();
        }
        for (Map<String, Process> procs : rounds.values()) {
            procs.values().forEach(Process::destroyForcibly);
        }
        for (ChaosDevice d : devices) {
            d.close();
        }
        for (ClusterNode n : nodes) {
            try {
                n.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        twilio.close();
        if (broker != null) {
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
        }
        if (database != null) {
            database.close();
        }
    }
}
