package io.stayaway.gateway;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Duty-desk consoles connected to every node of a cluster run: for each node and each desk user, the
 * live alert stream ({@code GET /api/alerts/stream}, Server-Sent Events, WHATWG HTML §9.2) read on a
 * thread of its own, as the console reads it, and opened again whenever it ends (the node was killed,
 * the stream's lifetime ended). Each stream keeps when it was live (from its snapshot to its end) and
 * when it first heard of each alert. Thread-safe.
 */
final class ClusterConsoles implements AutoCloseable {
    private final List<Stream> streams = new ArrayList<>();
    private volatile boolean running = true;

    /** A time (epoch ms) during which a stream was live, from its snapshot to its end (MAX_VALUE while live). */
    private static final class Live {
        final long from;
        volatile long to = Long.MAX_VALUE;

        Live(long from) {
            this.from = from;
        }
    }

    /** One desk user's stream from one node. */
    final class Stream {
        final ClusterNode node;
        final String station;
        private final String token;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        private final List<Live> live = new CopyOnWriteArrayList<>();

        private final Map<String, Long> firstHeard = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile InputStream body;

        Stream(ClusterNode node, String station, String token) {
            this.node = node;
            this.station = station;
            this.token = token;
            thread = new Thread(this::keepOpen, "console-" + node.name + "-" + station);
            thread.setDaemon(true);
            thread.start();
        }

        private void keepOpen() {
            while (running) {
                if (node.up()) {
                    try {
                        read();
                    } catch (IOException | RuntimeException e) {
                        // the node went away mid-stream, or refused it while starting: open it again
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void read() throws IOException, InterruptedException {
            HttpResponse<InputStream> r = http.send(
                    HttpRequest.newBuilder(URI.create(node.api() + "/api/alerts/stream"))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            body = r.body();
            Live interval = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                if (r.statusCode() != 200) {
                    return;
                }
                String event = null;
                String line;
                while (running && (line = in.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring("event: ".length());
                    } else if (line.startsWith("data: ") && "snapshot".equals(event)) {
                        interval = new Live(System.currentTimeMillis());
                        live.add(interval);
                    } else if (line.startsWith("data: ") && "alert".equals(event)) {
                        long now = System.currentTimeMillis();
                        String id = new JsonObject(line.substring("data: ".length()))
                                .getJsonObject("alert")
                                .getString("id");
                        firstHeard.putIfAbsent(id, now);
                    }
                }
            } finally {
                if (interval != null) {
                    interval.to = System.currentTimeMillis();
                }
            }
        }

        /** Whether the stream was live throughout [fromMillis, toMillis]. */
        boolean liveThroughout(long fromMillis, long toMillis) {
            return live.stream().anyMatch(i -> i.from <= fromMillis && i.to >= toMillis);
        }

        /** When this stream first carried the alert as an {@code alert} event, or null. */
        Long firstHeard(String alertId) {
            return firstHeard.get(alertId);
        }

        void close() {
            thread.interrupt();
            InputStream b = body;
            if (b != null) {
                try {
                    b.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** Opens a stream on each node for the desk user of {@code station} with {@code token}. */
    void open(List<ClusterNode> nodes, String station, String token) {
        for (ClusterNode n : nodes) {
            streams.add(new Stream(n, station, token));
        }
    }

    List<Stream> streams() {
        return List.copyOf(streams);
    }

    @Override
    public void close() {
        running = false;
        streams.forEach(Stream::close);
    }
}
