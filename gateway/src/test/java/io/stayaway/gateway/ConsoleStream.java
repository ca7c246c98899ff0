package io.stayaway.gateway;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A console's live alert stream ({@code GET /api/alerts/stream}) read as a plain HTTP client; its lines are collected on a background thread. */
final class ConsoleStream implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private volatile boolean ended;

    private ConsoleStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(
                () -> {
                    try {
                        response.body().forEach(lines::add);
                    } catch (RuntimeException closed) {
                        // the test closed the stream, or the connection was cut
                    }
                    ended = true;
                },
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream of the gateway at {@code api} with {@code token}; fails unless it is answered 200. */
    static ConsoleStream open(HttpClient http, String api, String token) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create(api + "/api/alerts/stream"))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new AssertionError("the stream answered " + r.statusCode());
        }
        return new ConsoleStream(r);
    }

    boolean snapshotReceived() {
        return lines.contains("event: snapshot");
    }

    /** The data of every {@code alert} event about {@code alertId} so far, in arrival order. */
    List<JsonObject> changesOf(String alertId) {
        List<JsonObject> out = new java.util.ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i - 1).equals("event: alert") && lines.get(i).startsWith("data: ")) {
                JsonObject data = new JsonObject(lines.get(i).substring("data: ".length()));
                if (alertId.equals(data.getJsonObject("alert").getString("id"))) {
                    out.add(data);
                }
            }
        }
        return out;
    }

    /** Whether the stream has ended (the server closed it, the connection was cut, or the test closed it). */
    boolean ended() {
        return ended;
    }

    /** Every line received so far. */
    List<String> lines() {
        return lines;
    }

    /** Whether any line so far names {@code text} (an order or alert id). */
    boolean mentions(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    @Override
    public void close() {
        response.body().close();
    }
}
