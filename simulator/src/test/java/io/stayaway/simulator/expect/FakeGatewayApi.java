package io.stayaway.simulator.expect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the gateway's HTTP API on an ephemeral local port, answering GET /api/alerts with
 * canned alerts per order and POST /api/orders with 201 then 409, as the gateway does. Handles
 * requests on the JDK server's thread; its state is thread-safe.
 */
public final class FakeGatewayApi implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, List<String>> alertsByOrder = new ConcurrentHashMap<>();
    private final Set<String> orders = ConcurrentHashMap.newKeySet();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int alertsStatus = 200;

    public FakeGatewayApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/alerts", this::alerts);
        server.createContext("/api/orders", this::orders);
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void addAlert(String orderId, String id, String type, String party, Boolean late) {
        String json = String.format(
                "{\"id\":\"%s\",\"orderId\":\"%s\",\"type\":\"%s\",\"severity\":\"critical\","
                        + "\"state\":\"NOTIFIED\",\"ruleId\":\"home\",\"deviceId\":\"dev-1\",\"party\":\"%s\","
                        + "\"openedAt\":\"2026-11-27T13:20:00.123Z\",\"episodeStart\":\"2026-11-27T13:19:58Z\",\"late\":%s,"
                        + "\"detail\":{\"minDistanceMetres\":-120.5}}",
                id, orderId, type, party, late);
        alertsByOrder
                .computeIfAbsent(orderId, o -> new CopyOnWriteArrayList<>())
                .add(0, json);
    }

    public void failAlertsWith(int status) {
        alertsStatus = status;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    private void alerts(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String query = exchange.getRequestURI().getRawQuery();
        String orderId = query == null ? "" : URLDecoder.decode(query.replace("orderId=", ""), StandardCharsets.UTF_8);
        if (alertsStatus != 200) {
            answer(exchange, alertsStatus, "{\"error\":\"database unavailable\"}");
            return;
        }
        List<String> alerts = new ArrayList<>(alertsByOrder.getOrDefault(orderId, List.of()));
        answer(exchange, 200, "{\"alerts\":[" + String.join(",", alerts) + "]}");
    }

    public Set<String> orders() {
        return Set.copyOf(orders);
    }

    private void orders(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = new ObjectMapper().readTree(body).path("id").asText();
        if (orders.add(id)) {
            answer(exchange, 201, body);
        } else {
            answer(exchange, 409, "{\"error\":\"order " + id + " exists\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
