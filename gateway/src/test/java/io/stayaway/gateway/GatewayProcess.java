package io.stayaway.gateway;

import static org.awaitility.Awaitility.await;

import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway as it is deployed, in a JVM of its own started from the packaged jar, so that a test can kill
 * it with SIGKILL (no shutdown hook, no draining) and start it again on the same database and HTTP port.
 * Talks to the test's database, the real Mosquitto (session discarded) and a local Twilio endpoint.
 */
final class GatewayProcess {
    private final Map<String, String> env = new HashMap<>(GatewayHarness.ACCESS);
    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;
    private final String logName;
    private Process process;

    GatewayProcess(TestDatabase db, FakeTwilio twilio, String clientId, String logName) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.api = "http://127.0.0.1:" + port;
        this.logName = logName;
        env.put("STAYAWAY_DB_URL", db.jdbcUrl());
        env.put("STAYAWAY_DB_USER", db.user());
        env.put("STAYAWAY_DB_PASSWORD", db.password());
        env.put("STAYAWAY_HTTP_PORT", Integer.toString(port));
        env.put("STAYAWAY_BROKER_URL", GatewayHarness.BROKER);
        env.put("STAYAWAY_BROKER_CLIENT_ID", clientId);
        env.put("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "0");
        env.put("TWILIO_ACCOUNT_SID", GatewayHarness.TWILIO_SID);
        env.put("TWILIO_AUTH_TOKEN", GatewayHarness.TWILIO_TOKEN);
        env.put("TWILIO_FROM_NUMBER", GatewayHarness.TWILIO_FROM);
        env.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
    }

    /**
     * A gateway with exactly {@code config} (plus the test access keys) on {@code httpPort}, for a test
     * that brings its own database, broker and Twilio endpoint.
     */
    GatewayProcess(Map<String, String> config, int httpPort, String logName) {
        this.api = "http://127.0.0.1:" + httpPort;
        this.logName = logName;
        env.putAll(config);
        env.put("STAYAWAY_HTTP_PORT", Integer.toString(httpPort));
    }

    /** The HTTP API's base URL. */
    String api() {
        return api;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process (its output in {@code target/<logName>-<run>.log}) and waits until it is ready. */
    void start(String run) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "gateway-0.1.0-SNAPSHOT.jar").toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(new File("target", logName + "-" + run + ".log"));
        process = pb.start();
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create(api + "/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
    }

    /** SIGKILL: the process dies at once, with whatever it held only in memory. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** POSTs a JSON body as the bootstrap admin. */
    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        String token = GatewayHarness.login(http, api, "admin", GatewayHarness.ADMIN_PASSWORD);
        return http.send(
                HttpRequest.newBuilder(URI.create(api + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
