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
 * test can restart or starve it without touching the machine's broker on 1883.
 */
final class PrivateBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    PrivateBroker() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("stayaway-mosquitto");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String shipped = Files.readString(Path.of("broker", "mosquitto.conf"));
        String conf = shipped.replace("listener 1885 127.0.0.1", "listener " + port + " 127.0.0.1")
                .replace("persistence_location /tmp/stayaway-mosquitto/", "persistence_location " + dir + "/");
        Path file = dir.resolve("mosquitto.conf");
        Files.writeString(file, conf);
        process = new ProcessBuilder("mosquitto", "-c", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("private mosquitto did not start on port " + port + "; log in " + dir);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
