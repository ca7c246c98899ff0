package io.stayaway.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.stayaway.simulator.api.GatewayApi;
import io.stayaway.simulator.api.OrderOutcome;
import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.mqtt.DeviceCredentials;
import io.stayaway.simulator.mqtt.MqttEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link LoadPlan}: connects, optionally loads one order per device pair through the API, publishes on
 * schedule, then waits for the last PUBACKs and reports. Lean, so that the benchmark measures the gateway rather
 * than its generator: Vert.x's MQTT client on {@code threads} event loops, each owning the connections
 * {@code c} with {@code c % threads} equal to its index and the devices on them, so that a device's seq, a
 * connection's unacknowledged publishes (at most {@code maxInflight}) and its PUBACKs are all handled on one thread
 * without locks. Each loop wakes every millisecond and sends what has fallen due. The counters, the latency
 * recorders and the synchronized send log are shared.
 */
public final class LoadRun {
    /** Concurrent POST /api/orders while preparing a run. */
    static final int ORDER_CONCURRENCY = 8;

    private final LoadPlan plan;
    private final LoadLayout layout;
    private final PrintStream console;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicLong lastSendNanos = new AtomicLong();
    private final LatencyRecorder ackLatency;
    private final LatencyRecorder scheduleLag;
    private final List<Link> links = new ArrayList<>();
    private Vertx vertx;

    public LoadRun(LoadPlan plan, PrintStream console) {
        this.plan = plan;
        this.layout = new LoadLayout(plan);
        this.console = console;
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, plan.plannedPings());
        this.ackLatency = new LatencyRecorder(capacity);
        this.scheduleLag = new LatencyRecorder(capacity);
    }

    /** POSTs one order per device pair; fails on the first order the gateway refuses. */
    public void createOrders(GatewayApi api, Instant now) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        String validFrom = now.minus(Duration.ofDays(1)).toString();
        String validUntil = now.plus(Duration.ofDays(30)).toString();
        ExecutorService posters = Executors.newFixedThreadPool(ORDER_CONCURRENCY);
        try {
            List<java.util.concurrent.Future<OrderOutcome>> outcomes = new ArrayList<>();
            for (int pair = 0; pair < layout.orders(); pair++) {
                JsonNode order = layout.order(json, pair, validFrom, validUntil);
                outcomes.add(posters.submit(() -> api.createOrder(order)));
            }
            int created = 0;
            int existing = 0;
            for (java.util.concurrent.Future<OrderOutcome> outcome : outcomes) {
                try {
                    if (outcome.get() == OrderOutcome.CREATED) {
                        created++;
                    } else {
                        existing++;
                    }
                } catch (ExecutionException e) {
                    throw new IOException(
                            "creating load orders failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            console.printf(
                    "orders: %d created, %d already existed (%s-0..%d)%n",
                    created, existing, layout.orderId(0).replaceAll("-0$", ""), layout.orders() - 1);
        } finally {
            posters.shutdownNow();
        }
    }

    public LoadReport run(MqttEndpoint endpoint, DeviceCredentials credentials, Path sendLogFile)
            throws InterruptedException, IOException {
        vertx = Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(plan.threads()).setWorkerPoolSize(1));
        try (SendLog sendLog = SendLog.to(sendLogFile)) {
            List<Context> loops = new ArrayList<>();
            for (int i = 0; i < plan.threads(); i++) {
                loops.add(vertx.getOrCreateContext()); // a new event-loop context per call from this thread
            }
            connect(endpoint, credentials, loops, sendLog);
            long cpuBefore = processCpuNanos();
            long startNanos = System.nanoTime();
            long startEpochMicros = Instant.now().toEpochMilli() * 1000;
            List<CompletableFuture<Void>> schedules = new ArrayList<>();
            for (int i = 0; i < loops.size(); i++) {
                Schedule schedule = new Schedule(i, endpoint, sendLog, startNanos, startEpochMicros);
                loops.get(i).runOnContext(v -> schedule.start());
                schedules.add(schedule.done);
            }
            awaitAll(schedules);
            drain();
            long cpuAfter = processCpuNanos();
            double seconds = Math.max(plan.duration().toNanos(), lastSendNanos.get() - startNanos) / 1e9;
            return new LoadReport(
                    plan,
                    sent.get(),
                    acknowledged.get(),
                    failed.get(),
                    seconds,
                    ackLatency.percentilesMillis(LoadReport.PERCENTILES),
                    scheduleLag.percentilesMillis(LoadReport.PERCENTILES),
                    firstFailure.get(),
                    cpuBefore < 0 || cpuAfter < 0 ? Double.NaN : (cpuAfter - cpuBefore) / 1e9);
        } finally {
            disconnect();
        }
    }

    /** CPU time of this whole process (every thread, the MQTT client's included), or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures) throws InterruptedException, IOException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IOException("a publishing loop failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * One MQTT connection, confined to its event loop: how many publishes have neither a PUBACK nor a failure yet, and
     * those whose packet id is known, by id.
     */
    private static final class Link {
        final MqttClient client;
        final int limit;
        final Map<Integer, Pending> pending = new HashMap<>();
        final Set<Integer> ackedEarly = new HashSet<>();
        int unsettled;

        Link(MqttClient client, int limit) {
            this.client = client;
            this.limit = limit;
        }
    }

    /** A publish waiting for its PUBACK. */
    private record Pending(String deviceId, long seq, long ts, long sentNanos, long sentMicros) {}

    private void connect(MqttEndpoint endpoint, DeviceCredentials credentials, List<Context> loops, SendLog sendLog)
            throws InterruptedException, IOException {
        String runTag = UUID.randomUUID().toString().substring(0, 8);
        List<CompletableFuture<Link>> connecting = new ArrayList<>();
        for (int i = 0; i < plan.connections(); i++) {
            String username = plan.connectionPerDevice() ? plan.deviceId(i) : null;
            String password = username == null ? null : credentials.passwordFor(username, username, null);
            MqttClientOptions options = options(endpoint, username, password)
                    .setClientId("stayaway-load-" + runTag + "-" + (username == null ? "c" + i : username));
            CompletableFuture<Link> link = new CompletableFuture<>();
            loops.get(i % loops.size()).runOnContext(v -> {
                MqttClient client = MqttClient.create(vertx, options);
                Link l = new Link(client, plan.maxInflight());
                client.publishCompletionHandler(id -> acknowledge(l, id, sendLog));
                client.connect(endpoint.port(), endpoint.host())
                        .onSuccess(ack -> link.complete(l))
                        .onFailure(link::completeExceptionally);
            });
            connecting.add(link);
        }
        for (CompletableFuture<Link> link : connecting) {
            try {
                links.add(link.get(10, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("MQTT connection to " + endpoint.serverUri() + " failed: " + e, e);
            }
        }
    }

    private MqttClientOptions options(MqttEndpoint endpoint, String username, String password) {
        MqttClientOptions options = new MqttClientOptions()
                .setCleanSession(true)
                .setKeepAliveInterval(30)
                .setMaxInflightQueue(plan.maxInflight())
                .setUsername(username)
                .setPassword(password);
        if (endpoint.tls()) {
            options.setSsl(true);
            if (endpoint.truststore() != null) {
                String store = endpoint.truststore().toString();
                String secret = endpoint.truststorePassword();
                options.setTrustOptions(
                        store.endsWith(".jks")
                                ? new JksOptions().setPath(store).setPassword(secret)
                                : new PfxOptions().setPath(store).setPassword(secret));
            }
        }
        return options;
    }

    /** A PUBACK: on the link's event loop. */
    private void acknowledge(Link link, int packetId, SendLog sendLog) {
        Pending p = link.pending.remove(packetId);
        if (p == null) {
            link.ackedEarly.add(packetId); // before publish's future told its id: settled there
            return;
        }
        settle(link, p, sendLog);
    }

    private void settle(Link link, Pending p, SendLog sendLog) {
        link.unsettled--;
        long now = System.nanoTime();
        acknowledged.incrementAndGet();
        ackLatency.record(now - p.sentNanos());
        sendLog.record(
                p.deviceId(), p.seq(), p.ts(), p.sentMicros(), p.sentMicros() + (now - p.sentNanos()) / 1000, "acked");
    }

    /**
     * The devices of one event loop (those on its connections) in schedule order: round by round, each device at its
     * offset in the interval. Confined to its event loop.
     */
    private final class Schedule {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final int[] devices;
        private final String[] topics;
        private final long[] seqs;
        private final SplittableRandom noise;
        private final SendLog sendLog;
        private final long startNanos;
        private final long startEpochMicros;
        private final StringBuilder json = new StringBuilder(160);
        private long round;
        private int next;
        private long timer = -1;

        Schedule(int loop, MqttEndpoint endpoint, SendLog sendLog, long startNanos, long startEpochMicros) {
            this.devices = java.util.stream.IntStream.range(0, plan.devices())
                    .filter(d -> (d % plan.connections()) % plan.threads() == loop)
                    .toArray();
            this.topics = Arrays.stream(devices)
                    .mapToObj(d -> endpoint.topics().ping(plan.deviceId(d)))
                    .toArray(String[]::new);
            this.seqs = new long[devices.length];
            Arrays.fill(seqs, startEpochMicros / 1000);
            this.noise = new SplittableRandom(plan.seed() * 31 + loop);
            this.sendLog = sendLog;
            this.startNanos = startNanos;
            this.startEpochMicros = startEpochMicros;
        }

        void start() {
            if (devices.length == 0) {
                done.complete(null);
                return;
            }
            timer = vertx.setPeriodic(1, id -> pump());
            pump();
        }

        /** Sends every ping that has fallen due, unless its connection has the most unacknowledged publishes it may. */
        void pump() {
            long interval = plan.interval().toNanos();
            long duration = plan.duration().toNanos();
            long elapsed = System.nanoTime() - startNanos;
            while (!done.isDone()) {
                int device = devices[next];
                long due = round * interval + plan.firstOffsetNanos(device);
                if (due >= duration) {
                    finish();
                    return;
                }
                Link link = links.get(device % plan.connections());
                if (due > elapsed || link.unsettled >= link.limit) {
                    return;
                }
                if (sent.incrementAndGet() > plan.maxPings()) { // the budget is shared by every loop
                    sent.decrementAndGet();
                    finish();
                    return;
                }
                scheduleLag.record(Math.max(0, elapsed - due));
                publish(link, next);
                if (++next == devices.length) {
                    next = 0;
                    round++;
                }
            }
        }

        private void finish() {
            vertx.cancelTimer(timer);
            done.complete(null);
        }

        private void publish(Link link, int k) {
            int device = devices[k];
            long seq = seqs[k]++;
            long ts = System.currentTimeMillis();
            double acc = Math.round((3 + noise.nextDouble() * 7) * 10) / 10.0;
            GeoPoint position =
                    layout.position(device, seq, noise.nextGaussian() * acc / 1.51, noise.nextGaussian() * acc / 1.51);
            Buffer payload = Buffer.buffer(pingJson(seq, ts, position, acc).getBytes(StandardCharsets.UTF_8));
            String deviceId = plan.deviceId(device);
            long sentNanos = System.nanoTime();
            lastSendNanos.accumulateAndGet(sentNanos, Math::max);
            Pending p = new Pending(deviceId, seq, ts, sentNanos, startEpochMicros + (sentNanos - startNanos) / 1000);
            link.unsettled++;
            Future<Integer> published = link.client.publish(topics[k], payload, MqttQoS.AT_LEAST_ONCE, false, false);
            published.onComplete(ar -> {
                if (ar.failed()) {
                    link.unsettled--;
                    fail(deviceId, ar.cause());
                    sendLog.record(deviceId, seq, ts, p.sentMicros(), -1, "failed");
                } else if (link.ackedEarly.remove(ar.result())) {
                    settle(link, p, sendLog);
                } else {
                    link.pending.put(ar.result(), p);
                }
            });
        }

        /** A contract ping; the heading follows the 25 m circle the layout walks (one degree per ping). */
        private String pingJson(long seq, long ts, GeoPoint position, double acc) {
            json.setLength(0);
            return json.append("{\"seq\":")
                    .append(seq)
                    .append(",\"ts\":")
                    .append(ts)
                    .append(",\"lat\":")
                    .append(Math.round(position.lat() * 1e7) / 1e7)
                    .append(",\"lon\":")
                    .append(Math.round(position.lon() * 1e7) / 1e7)
                    .append(",\"acc\":")
                    .append(acc)
                    .append(",\"speed\":0.4,\"heading\":")
                    .append((seq + 90) % 360)
                    .append(",\"battery\":80}")
                    .toString();
        }
    }

    private void fail(String deviceId, Throwable cause) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, deviceId + ": " + cause);
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
        while (acknowledged.get() + failed.get() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void disconnect() {
        List<Future<Void>> closing = new ArrayList<>();
        for (Link link : links) {
            if (link.client.isConnected()) {
                closing.add(link.client.disconnect());
            }
        }
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            console.printf("closing the MQTT connections failed: %s%n", e.getMessage());
        }
        links.clear();
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                console.printf("stopping the event loops failed: %s%n", e.getMessage());
            }
            vertx = null;
        }
    }
}
