package io.stayaway.simulator.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's HTTP API as the simulator uses it: load an order, list an order's alerts. Sends
 * {@code Authorization: Bearer} when a token is given. Thread-safe (the JDK client is).
 */
public final class GatewayApi {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String token;
    private final HttpClient http;

    public GatewayApi(URI base, String token) {
        if (base == null || base.getScheme() == null || !base.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("--api must be an http(s) URL, got " + base);
        }
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    /** POST /api/orders: 201 created, 409 already exists; anything else is an error. */
    public OrderOutcome createOrder(JsonNode order) throws IOException, InterruptedException {
        HttpRequest request = request("/api/orders")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(order)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return switch (response.statusCode()) {
            case 200, 201 -> OrderOutcome.CREATED;
            case 409 -> OrderOutcome.ALREADY_EXISTS;
            default ->
                throw new GatewayApiException(
                        "POST /api/orders (" + order.path("id").asText() + ")", response.statusCode(), response.body());
        };
    }

    /** GET /api/alerts?orderId=..., newest first as the gateway answers. */
    public List<Alert> alerts(String orderId) throws IOException, InterruptedException {
        String path = "/api/alerts?orderId=" + URLEncoder.encode(orderId, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new GatewayApiException("GET " + path, response.statusCode(), response.body());
        }
        JsonNode alerts = JSON.readTree(response.body()).path("alerts");
        if (!alerts.isArray()) {
            throw new GatewayApiException(
                    "GET " + path + " (no \"alerts\" array)", response.statusCode(), response.body());
        }
        List<Alert> result = new ArrayList<>();
        for (JsonNode alert : alerts) {
            Alert parsed = JSON.treeToValue(alert, Alert.class);
            if (orderId.equals(parsed.orderId()) || parsed.orderId() == null) {
                result.add(parsed.orderId() == null ? withOrder(parsed, orderId) : parsed);
            }
        }
        return result;
    }

    private static Alert withOrder(Alert alert, String orderId) {
        return new Alert(
                alert.id(),
                orderId,
                alert.type(),
                alert.severity(),
                alert.state(),
                alert.ruleId(),
                alert.deviceId(),
                alert.party(),
                alert.openedAt(),
                alert.episodeStart(),
                alert.late());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }
}
