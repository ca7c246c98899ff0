package io.stayaway.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One gateway of a cluster run: a {@link GatewayProcess} (the packaged jar in its own JVM, SIGKILLed and
 * started again on the same HTTP port, Hazelcast port and MQTT client id) with its name in the run
 * ("a", "b", "c") and its answers to {@code GET /api/cluster}. Started and killed by one thread at a time;
 * {@link #view} may be called from any thread.
 */
final class ClusterNode {
    final String name;
    final int clusterPort;
    private final GatewayProcess process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile boolean up;
    private volatile String nodeId;
    private int starts;

    ClusterNode(String name, int clusterPort, GatewayProcess process) {
        this.name = name;
        this.clusterPort = clusterPort;
        this.process = process;
    }

    String api() {
        return process.api();
    }

    boolean up() {
        return up;
    }

    /** The id this node gave itself in {@code /api/cluster} since its last start, or null when not known. */
    String nodeId() {
        return nodeId;
    }

    /** Starts the process and waits until it is ready; returns the start's number (0 first). */
    int start() throws IOException {
        int run = starts++;
        process.start(Integer.toString(run));
        up = true;
        nodeId = null;
        return run;
    }

    /** SIGKILL; returns the instant just before the signal. */
    Instant kill() throws InterruptedException {
        up = false;
        Instant at = Instant.now();
        process.kill();
        return at;
    }

    /**
     * This node's {@code GET /api/cluster} as {@code token} (an admin), read within a second, or an
     * answer whose {@code error} says why there is none.
     */
    ClusterView view(String token) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(api() + "/api/cluster"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(1))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long at = System.currentTimeMillis();
            if (r.statusCode() != 200) {
                return ClusterView.failed(name, at, "GET /api/cluster answered " + r.statusCode() + " " + r.body());
            }
            ClusterView v = ClusterView.parse(name, at, new JsonObject(r.body()));
            nodeId = v.nodeId();
            return v;
        } catch (IOException | RuntimeException e) {
            return ClusterView.failed(name, System.currentTimeMillis(), "GET /api/cluster failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ClusterView.failed(name, System.currentTimeMillis(), "interrupted");
        }
    }

    @Override
    public String toString() {
        return "node " + name;
    }

    /**
     * One answer of {@code GET /api/cluster}: the node's id, the members it sees, and the orders it owns
     * with the receive time of the newest record it evaluated for each (null: none yet). Immutable.
     */
    record ClusterView(
            String name,
            long atMillis,
            String nodeId,
            List<String> members,
            Map<String, Instant> orders,
            String error) {
        static ClusterView failed(String name, long atMillis, String error) {
            return new ClusterView(name, atMillis, null, List.of(), Map.of(), error);
        }

        static ClusterView parse(String name, long atMillis, JsonObject body) {
            List<String> members = new ArrayList<>();
            JsonArray m = body.getJsonArray("members", new JsonArray());
            for (int i = 0; i < m.size(); i++) {
                members.add(m.getString(i));
            }
            Map<String, Instant> orders = new LinkedHashMap<>();
            JsonArray o = body.getJsonArray("orders", new JsonArray());
            for (int i = 0; i < o.size(); i++) {
                JsonObject order = o.getJsonObject(i);
                String through = order.getString("evaluatedThrough");
                orders.put(order.getString("orderId"), through == null ? null : Instant.parse(through));
            }
            return new ClusterView(name, atMillis, body.getString("node"), List.copyOf(members), orders, null);
        }

        boolean ok() {
            return error == null;
        }

        /** Whether this node lists {@code orderId} as evaluated through a record received after {@code instant}. */
        boolean evaluatedAfter(String orderId, Instant instant) {
            Instant through = orders.get(orderId);
            return through != null && through.isAfter(instant);
        }
    }
}
