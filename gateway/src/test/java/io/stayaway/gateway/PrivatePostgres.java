package io.stayaway.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb into a temporary directory, the machine's
 * PostgreSQL binaries, a free port), so a test can stop and restart the database under the gateway
 * without disturbing the machine's server. Removed on close.
 */
final class PrivatePostgres implements AutoCloseable {
    private static final Path BIN = findBin();
    private final Path dir;
    private final int port;

    PrivatePostgres() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("stayaway-pg");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run("chown", "postgres", dir.toString());
        asPostgres(
                BIN.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8");
        start();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    void start() throws IOException, InterruptedException {
        asPostgres(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c shared_preload_libraries=timescaledb",
                "start");
    }

    void stop() throws IOException, InterruptedException {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException | InterruptedException | IllegalStateException ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        String[] full = new String[command.length + 4];
        full[0] = "runuser";
        full[1] = "-u";
        full[2] = "postgres";
        full[3] = "--";
        System.arraycopy(command, 0, full, 4, command.length);
        run(full);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", List.of(command)) + " failed: " + out);
        }
    }

    private static Path findBin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted(Comparator.reverseOrder())
                    .findFirst()
                    .orElseThrow()
                    .resolve("bin");
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql", e);
        }
    }
}
