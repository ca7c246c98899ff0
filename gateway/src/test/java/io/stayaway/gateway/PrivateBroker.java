package io.stayaway.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Mosquitto of the test's own, started from the broker configuration the project ships
 * (gateway/broker/mosquitto.conf) with a free port and a temporary persistence directory, so a
 * test can restart or starve it without touching the machine's broker on 1883. {@link #restart}
 * is a graceful restart (SIGTERM, which makes Mosquitto write its persistence file, then start on
 * the same port and directory), so sessions and queued messages survive it as they would in
 * production. Not thread-safe: one test thread drives it.
 */
final class PrivateBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path conf;
    private Process process;

    PrivateBroker() throws IOException, InterruptedException {
        this("");
    }

    /** @param extraConfig lines appended to the shipped configuration (e.g. {@code log_type all}) */
    PrivateBroker(String extraConfig) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("stayaway-mosquitto");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String shipped = Files.readString(Path.of("broker", "mosquitto.conf"));
        String text = shipped.replace("listener 1885 127.0.0.1", "listener " + port + " 127.0.0.1")
                .replace("persistence_location /tmp/stayaway-mosquitto/", "persistence_location " + dir + "/");
        allowBrokerUser(dir);
        conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, text + "\n" + extraConfig + "\n");
        try {
            start();
        } catch (IOException | InterruptedException | IllegalStateException e) {
            close();
            throw e;
        }
    }

    /**
     * Mosquitto started as root drops to the user {@code mosquitto} before it writes its persistence file;
     * in a directory only root may write, every save fails ("Permission denied", in its log) and a restart
     * loses every session, subscription and queued message. So the directory is handed to that user.
     */
    private static void allowBrokerUser(Path dir) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return; // mosquitto keeps our user, who owns the directory
        }
        Process chown = new ProcessBuilder("chown", "mosquitto", dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(chown.getInputStream().readAllBytes());
        if (chown.waitFor() != 0) {
            throw new IllegalStateException("cannot hand " + dir + " to the mosquitto user: " + out);
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Mosquitto's log (removed on close). */
    Path log() {
        return dir.resolve("mosquitto.log");
    }

    /** Starts Mosquitto on this broker's port and persistence directory; returns once it accepts connections. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("mosquitto.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("private mosquitto did not start on port " + port + "; log in " + dir);
    }

    /** SIGTERM and wait: Mosquitto saves its persistence file (sessions, queued QoS 1 messages) and exits. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
