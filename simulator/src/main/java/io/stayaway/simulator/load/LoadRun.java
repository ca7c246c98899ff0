package io.stayaway.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stayaway.simulator.api.GatewayApi;
import io.stayaway.simulator.api.OrderOutcome;
import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.mqtt.DeviceCredentials;
import io.stayaway.simulator.mqtt.MqttEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Runs a {@link LoadPlan}: connects, optionally loads one order per device pair through the API,
 * publishes on schedule from the publisher threads (each owns a fixed slice of the devices, so a
 * device's seq needs no locking), bounds unacknowledged publishes per connection with a
 * semaphore (the connection's MQTT Receive Maximum), then waits for the last PUBACKs and reports.
 * Paho callbacks update only atomics, the latency recorder and the synchronized send log.
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

    public LoadRun(LoadPlan plan, PrintStream console) {
        this.plan = plan;
        this.layout = new LoadLayout(plan);
        this.console = console;
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, plan.plannedPings());
        this.ackLatency = new LatencyRecorder(capacity);
        this.scheduleLag = new LatencyRecorder(capacity);
    }

    /** One MQTT connection and the bound on its unacknowledged publishes. */
    private record Link(MqttAsyncClient client, Semaphore inflight) {}

    /** POSTs one order per device pair; fails on the first order the gateway refuses. */
    public void createOrders(GatewayApi api, Instant now) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        String validFrom = now.minus(Duration.ofDays(1)).toString();
        String validUntil = now.plus(Duration.ofDays(30)).toString();
        ExecutorService posters = Executors.newFixedThreadPool(ORDER_CONCURRENCY);
        try {
            List<Future<OrderOutcome>> outcomes = new ArrayList<>();
            for (int pair = 0; pair < layout.orders(); pair++) {
                JsonNode order = layout.order(json, pair, validFrom, validUntil);
                outcomes.add(posters.submit(() -> api.createOrder(order)));
            }
            int created = 0;
            int existing = 0;
            for (Future<OrderOutcome> outcome : outcomes) {
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
            throws MqttException, InterruptedException {
        try (SendLog sendLog = SendLog.to(sendLogFile)) {
            connect(endpoint, credentials);
            long cpuBefore = processCpuNanos();
            long startNanos = System.nanoTime();
            long startEpochMicros = Instant.now().toEpochMilli() * 1000;
            publishOnSchedule(endpoint, sendLog, startNanos, startEpochMicros);
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

    private void connect(MqttEndpoint endpoint, DeviceCredentials credentials) throws MqttException {
        String runTag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < plan.connections(); i++) {
            String username = plan.connectionPerDevice() ? plan.deviceId(i) : null;
            String password = username == null ? null : credentials.passwordFor(username, username, null);
            String clientId = "stayaway-load-" + runTag + "-" + (username == null ? "c" + i : username);
            MqttAsyncClient client = new MqttAsyncClient(endpoint.serverUri(), clientId, new MemoryPersistence());
            IMqttToken connected;
            try {
                connected = client.connect(endpoint.connectionOptions(username, password));
                connected.waitForCompletion(10_000);
            } catch (MqttException e) {
                client.close(true);
                throw e;
            }
            links.add(new Link(client, new Semaphore(inflightLimit(connected.getResponseProperties()))));
        }
    }

    private int inflightLimit(MqttProperties connack) {
        Integer receiveMaximum = connack == null ? null : connack.getReceiveMaximum();
        return Math.min(plan.maxInflight(), receiveMaximum == null ? 65_535 : receiveMaximum);
    }

    private void publishOnSchedule(MqttEndpoint endpoint, SendLog sendLog, long startNanos, long startEpochMicros)
            throws InterruptedException {
        ExecutorService publishers = Executors.newFixedThreadPool(plan.threads());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int thread = 0; thread < plan.threads(); thread++) {
                int slice = thread;
                running.add(publishers.submit(() -> {
                    publishSlice(slice, endpoint, sendLog, startNanos, startEpochMicros);
                    return null;
                }));
            }
            for (Future<?> publisher : running) {
                try {
                    publisher.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a publisher thread failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            publishers.shutdownNow();
        }
    }

    /** Publishes for devices slice, slice + threads, ... in schedule order. Runs on one publisher thread. */
    private void publishSlice(int slice, MqttEndpoint endpoint, SendLog sendLog, long startNanos, long startEpochMicros)
            throws InterruptedException {
        List<Integer> devices = new ArrayList<>();
        for (int device = slice; device < plan.devices(); device += plan.threads()) {
            devices.add(device);
        }
        String[] topics = devices.stream()
                .map(d -> endpoint.topics().ping(plan.deviceId(d)))
                .toArray(String[]::new);
        long[] seqs = new long[devices.size()];
        long firstSeq = startEpochMicros / 1000;
        Arrays.fill(seqs, firstSeq);
        SplittableRandom noise = new SplittableRandom(plan.seed() * 31 + slice);
        long interval = plan.interval().toNanos();
        long duration = plan.duration().toNanos();
        for (long round = 0; round * interval < duration; round++) {
            for (int k = 0; k < devices.size(); k++) {
                int device = devices.get(k);
                long due = round * interval + plan.firstOffsetNanos(device);
                if (due >= duration) {
                    break;
                }
                if (sent.incrementAndGet() > plan.maxPings()) {
                    sent.decrementAndGet();
                    return;
                }
                waitUntil(startNanos + due);
                scheduleLag.record(Math.max(0, System.nanoTime() - (startNanos + due)));
                publish(device, topics[k], seqs[k]++, noise, sendLog, startNanos, startEpochMicros);
            }
        }
    }

    private static void waitUntil(long nanoTime) throws InterruptedException {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void publish(
            int device,
            String topic,
            long seq,
            SplittableRandom noise,
            SendLog sendLog,
            long startNanos,
            long startEpochMicros)
            throws InterruptedException {
        Link link = links.get(device % plan.connections());
        long ts = System.currentTimeMillis();
        double acc = Math.round((3 + noise.nextDouble() * 7) * 10) / 10.0;
        GeoPoint position =
                layout.position(device, seq, noise.nextGaussian() * acc / 1.51, noise.nextGaussian() * acc / 1.51);
        byte[] payload = pingJson(seq, ts, position, acc).getBytes(StandardCharsets.UTF_8);
        String deviceId = plan.deviceId(device);
        link.inflight().acquire();
        long sentNanos = System.nanoTime();
        lastSendNanos.accumulateAndGet(sentNanos, Math::max);
        long sentMicros = startEpochMicros + (sentNanos - startNanos) / 1000;
        try {
            link.client().publish(topic, payload, 1, false, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    long now = System.nanoTime();
                    link.inflight().release();
                    acknowledged.incrementAndGet();
                    ackLatency.record(now - sentNanos);
                    sendLog.record(
                            deviceId, seq, ts, sentMicros, startEpochMicros + (now - startNanos) / 1000, "acked");
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    link.inflight().release();
                    fail(deviceId, cause);
                    sendLog.record(deviceId, seq, ts, sentMicros, -1, "failed");
                }
            });
        } catch (MqttException e) {
            link.inflight().release();
            fail(deviceId, e);
            sendLog.record(deviceId, seq, ts, sentMicros, -1, "failed");
        }
    }

    private void fail(String deviceId, Throwable cause) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, deviceId + ": " + cause);
    }

    /** A contract ping; the heading follows the 25 m circle the layout walks (one degree per ping). */
    private static String pingJson(long seq, long ts, GeoPoint position, double acc) {
        return "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"lat\":" + Math.round(position.lat() * 1e7) / 1e7
                + ",\"lon\":" + Math.round(position.lon() * 1e7) / 1e7 + ",\"acc\":" + acc
                + ",\"speed\":0.4,\"heading\":" + (seq + 90) % 360 + ",\"battery\":80}";
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
        while (acknowledged.get() + failed.get() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void disconnect() {
        for (Link link : links) {
            try {
                if (link.client().isConnected()) {
                    link.client().disconnect(2_000).waitForCompletion(3_000);
                }
                link.client().close(true);
            } catch (MqttException e) {
                console.printf("closing %s failed: %s%n", link.client().getClientId(), e.getMessage());
            }
        }
        links.clear();
    }
}
