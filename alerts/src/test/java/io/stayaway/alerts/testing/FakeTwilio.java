package io.stayaway.alerts.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Twilio-compatible endpoint for tests: answers the REST API's Messages and Calls
 * resources the way Twilio does (201 + JSON resource), records every request exactly as the SDK
 * sent it, and can be told to fail the next requests with a status code. Not a mock of our code:
 * it stands in for Twilio's servers, which are the edge of the world.
 */
public final class FakeTwilio implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedFailures = new ArrayDeque<>();
    private final AtomicLong sids = new AtomicLong();

    /** One request as received: resource ("Messages" or "Calls"), account, form fields, auth header, arrival time. */
    public record Received(String resource, String accountSid, Map<String, String> form, String authorization, long receivedAtNanos) {
        public String to() {
            return form.get("To");
        }

        public String from() {
            return form.get("From");
        }

        public String body() {
            return form.get("Body");
        }
    }

    public FakeTwilio() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port for the fake Twilio endpoint", e);
        }
        server.createContext("/2010-04-01/Accounts/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The next {@code count} requests are answered with {@code status} (e.g. 500, 429) and not recorded as delivered. */
    public synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            scriptedFailures.add(status);
        }
    }

    private synchronized Integer nextFailure() {
        return scriptedFailures.poll();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (!"POST".equals(ex.getRequestMethod()) || parts.length != 5 || !parts[4].endsWith(".json")) {
            respond(ex, 404, JSON.writeValueAsString(Map.of("code", 20404, "message", "The requested resource " + path + " was not found", "status", 404)));
            return;
        }
        String account = parts[3];
        String resource = parts[4].substring(0, parts[4].length() - ".json".length());
        Map<String, String> form = parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Integer failure = nextFailure();
        if (failure != null) {
            respond(ex, failure, JSON.writeValueAsString(Map.of("code", failure == 429 ? 20429 : 20500, "message", "scripted failure", "status", failure)));
            return;
        }
        received.add(new Received(resource, account, form, ex.getRequestHeaders().getFirst("Authorization"), System.nanoTime()));
        String sid = ("Calls".equals(resource) ? "CA" : "SM") + String.format("%032x", sids.incrementAndGet());
        Map<String, Object> resourceJson = new LinkedHashMap<>();
        resourceJson.put("sid", sid);
        resourceJson.put("account_sid", account);
        resourceJson.put("to", form.get("To"));
        resourceJson.put("from", form.get("From"));
        resourceJson.put("body", form.get("Body"));
        resourceJson.put("status", "queued");
        resourceJson.put("direction", "outbound-api");
        resourceJson.put("api_version", "2010-04-01");
        respond(ex, 201, JSON.writeValueAsString(resourceJson));
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
