package io.stayaway.gateway;

import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Benchmark (not a test): from the ping that opens a breach episode to the SMS request reaching a
 * Twilio-compatible endpoint, while the simulator's load mode feeds the gateway background pings.
 * Everything runs on this machine: a private Mosquitto from the shipped configuration, a
 * throw-away database, the gateway in-process with the real Twilio SDK.
 *
 * <pre>mvn -B -q install -DskipTests && mvn -B -pl gateway -Pbench-alerts test-compile exec:exec</pre>
 * Arguments (system properties): {@code -Drate=5000 -Dbreaches=100 -Dwarmup=20}.
 */
public final class AlertLatencyBenchmark {
    private AlertLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("rate", 5000);
        int breaches = Integer.getInteger("breaches", 100);
        int warmupSeconds = Integer.getInteger("warmup", 20);
        int devices = 1000;
        double interval = devices / (double) rate;
        int loadSeconds = warmupSeconds + breaches + 30;
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        try (TestDatabase db = new TestDatabase();
                FakeTwilio twilio = new FakeTwilio();
                PrivateBroker broker = new PrivateBroker();
                Gateway gateway = Gateway.start(
                        GatewayConfig.from(Map.ofEntries(
                                Map.entry("STAYAWAY_DB_URL", db.jdbcUrl()),
                                Map.entry("STAYAWAY_DB_USER", db.user()),
                                Map.entry("STAYAWAY_HTTP_PORT", "0"),
                                Map.entry("STAYAWAY_BROKER_URL", broker.url()),
                                Map.entry("STAYAWAY_BROKER_CLIENT_ID", "bench-" + suffix),
                                Map.entry("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "0"),
                                Map.entry("STAYAWAY_COMMUNICATION_LOSS_SECONDS", "3600"),
                                Map.entry("TWILIO_ACCOUNT_SID", GatewayHarness.TWILIO_SID),
                                Map.entry("TWILIO_AUTH_TOKEN", GatewayHarness.TWILIO_TOKEN),
                                Map.entry("TWILIO_FROM_NUMBER", GatewayHarness.TWILIO_FROM),
                                Map.entry(
                                        "TWILIO_API_BASE_URL", twilio.baseUrl().toString()),
                                Map.entry("STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD", GatewayHarness.ADMIN_PASSWORD),
                                Map.entry("STAYAWAY_JWT_SECRET", GatewayHarness.JWT_SECRET))),
                        Clock.systemUTC())) {
            String api = "http://127.0.0.1:" + gateway.httpPort();
            HttpClient http = HttpClient.newHttpClient();
            String token = GatewayHarness.login(http, api, "admin", GatewayHarness.ADMIN_PASSWORD);
            String port = broker.url().substring(broker.url().lastIndexOf(':') + 1);
            ProcessBuilder loadProcess = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            Path.of("..", "simulator", "target", "simulator-0.1.0-SNAPSHOT.jar")
                                    .toString(),
                            "load",
                            "--port",
                            port,
                            "--devices",
                            Integer.toString(devices),
                            "--interval",
                            Double.toString(interval),
                            "--duration",
                            Integer.toString(loadSeconds),
                            "--create-orders",
                            "--api",
                            api,
                            "--connections",
                            "8")
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target", "alert-latency-load.log"));
            loadProcess.environment().put("STAYAWAY_API_TOKEN", token);
            Process load = loadProcess.start();
            System.out.printf(
                    "background load: %d devices, %.0f pings/s for %d s; warming up %d s%n",
                    devices, devices / interval, loadSeconds, warmupSeconds);
            Thread.sleep(warmupSeconds * 1000L);

            MqttClient device = new MqttClient(broker.url(), "bench-breacher-" + suffix, new MemoryPersistence());
            device.connect(new MqttConnectionOptions());
            List<Double> millis = new ArrayList<>();
            for (int k = 0; k < breaches; k++) {
                String orderId = "BENCH-" + suffix + "-" + k;
                String respondent = "bench-r-" + suffix + "-" + k;
                http.send(
                        HttpRequest.newBuilder(URI.create(api + "/api/orders"))
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        GatewayHarness.sampleOrder(orderId, respondent, "bench-p-" + suffix + "-" + k)
                                                .encode()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Instant t = Instant.now().minusSeconds(40);
                // Two fixes deep inside 20 s apart, then the third, which confirms the breach (3 fixes).
                publish(device, respondent, 1, t);
                publish(device, respondent, 2, t.plusSeconds(10));
                long sent = System.nanoTime();
                publish(device, respondent, 3, t.plusSeconds(20));
                long deadline = sent + 10_000_000_000L;
                Long received = null;
                while (received == null && System.nanoTime() < deadline) {
                    received = twilio.received().stream()
                            .filter(r -> "Messages".equals(r.resource())
                                    && r.body() != null
                                    && r.body().contains(orderId)
                                    && r.body().startsWith("【严重违令】"))
                            .map(FakeTwilio.Received::receivedAtNanos)
                            .findFirst()
                            .orElse(null);
                    if (received == null) {
                        Thread.sleep(1);
                    }
                }
                if (received == null) {
                    System.out.println("breach " + k + ": no SMS within 10 s");
                } else {
                    millis.add((received - sent) / 1e6);
                }
                Thread.sleep(500);
            }
            device.disconnect();
            device.close();
            load.waitFor();
            Collections.sort(millis);
            System.out.printf(
                    "ping that opens a breach -> SMS request at the Twilio endpoint, %d breaches under %.0f pings/s:%n",
                    millis.size(), devices / interval);
            System.out.printf(
                    "  p50 %.1f ms   p90 %.1f ms   p99 %.1f ms   max %.1f ms   (missing: %d)%n",
                    pct(millis, 0.5),
                    pct(millis, 0.9),
                    pct(millis, 0.99),
                    millis.get(millis.size() - 1),
                    breaches - millis.size());
            System.out.println("background load summary (target/alert-latency-load.log):");
            java.nio.file.Files.readAllLines(Path.of("target", "alert-latency-load.log")).stream()
                    .filter(l -> l.startsWith("sent") || l.startsWith("acknowledged") || l.startsWith("PUBACK"))
                    .forEach(l -> System.out.println("  " + l));
        }
        System.exit(0);
    }

    private static void publish(MqttClient device, String respondent, int seq, Instant ts) throws Exception {
        MqttMessage m = new MqttMessage(new JsonObject()
                .put("seq", seq)
                .put("ts", ts.toEpochMilli())
                .put("lat", 31.2304 + 100 / 110_950.0)
                .put("lon", 121.4737)
                .put("acc", 5.0)
                .encode()
                .getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish("wearables/" + respondent + "/ping", m);
    }

    private static double pct(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
