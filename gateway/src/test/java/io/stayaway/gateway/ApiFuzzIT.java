package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fuzz suite's HTTP half (issue 15): generated hostile requests against every operation
 * {@code /openapi.yaml} documents, with tokens of every role and of none. Each answer must be documented
 * (status and schema, checked by vertx-openapi), never a 5xx or a stack trace; a 400 names its field; a
 * desk officer or court clerk never receives anything of another station's or court's order; and the
 * gateway keeps serving (a valid request and a valid ping succeed after every round).
 *
 * <p>{@code -Dstayaway.fuzz.seed=N|random} and {@code -Dstayaway.fuzz.http.tries=N} choose the run (docs/testing.md);
 * CI runs the fixed seed. A failure names the seed, the try and the request, which replays it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.MINUTES)
class ApiFuzzIT {
    /** Answers the HTTP server gives before any route runs, documented in http-api.md ("Limits"). */
    private static final int URI_TOO_LONG = 414;
    /** The HTTP server's limit on a request line (Vert.x's default, 4,096 bytes), less the method and version. */
    private static final int MAX_REQUEST_LINE = 4_000;

    /** A run stops after this many different failures: enough to see them all, not a flood. */
    private static final int MAX_FAILURE_KINDS = 60;

    private final FuzzSettings settings = FuzzSettings.fromSystemProperties("http", 1_500);
    private HttpClient http = newClient();
    private GatewayHarness h;
    private Vertx vertx;
    private ServedContract served;
    private FuzzWorld world;

    @BeforeAll
    void start() throws Exception {
        h = new GatewayHarness(Map.of(
                "STAYAWAY_MQTT_MODE", "embedded",
                "STAYAWAY_EMBEDDED_MQTT_PORT", "0",
                "TWILIO_STATUS_CALLBACK_URL", "http://127.0.0.1:9/twilio/status",
                "TWILIO_INBOUND_URL", "http://127.0.0.1:9/twilio/inbound"));
        vertx = Vertx.vertx();
        served = ServedContract.parse(vertx, h.get("/openapi.yaml", null).body());
        world = FuzzWorld.build(h);
    }

    @AfterAll
    void stop() throws Exception {
        if (world != null) {
            world.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        h.close();
    }

    @Test
    void everyDocumentedOperationSurvivesHostileInput() throws Exception {
        System.out.println("ApiFuzzIT " + settings);
        LogCapture log = LogCapture.attach();
        FuzzInputs in = new FuzzInputs(new Random(settings.seed()));
        List<Operation> operations = new ArrayList<>(served.contract.operations());
        operations.sort(java.util.Comparator.comparing(Operation::getOperationId));
        Map<String, Integer> triedPerOperation = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, String> failures = new TreeMap<>();
        for (int attempt = 1; attempt <= settings.tries() && failures.size() < MAX_FAILURE_KINDS; attempt++) {
            Operation op = operations.get((attempt - 1) % operations.size());
            FuzzWorld.Caller caller = in.pick(world.callers());
            Request request = request(in, op, caller);
            try {
                statuses.merge(check(op, caller, request), 1, Integer::sum);
            } catch (AssertionError | Exception e) {
                String kind = op.getOperationId() + ": " + firstLine(e.getMessage());
                failures.putIfAbsent(kind, "try " + attempt + " as " + caller.name() + ": " + request);
            }
            triedPerOperation.merge(op.getOperationId(), 1, Integer::sum);
            if (attempt % 100 == 0) {
                world.assertStillServing(settings + " after try " + attempt);
            }
        }
        System.out.println("ApiFuzzIT: "
                + triedPerOperation.values().stream()
                        .mapToInt(Integer::intValue)
                        .sum() + " requests over " + triedPerOperation.size() + " operations; answers by status "
                + statuses);
        log.close();
        if (!log.forgeries().isEmpty()) {
            failures.put("log lines a caller could forge", log.forgeries().toString());
        }
        StringBuilder report = new StringBuilder();
        failures.forEach((kind, first) ->
                report.append("\n- ").append(kind).append("\n    first: ").append(first));
        assertTrue(failures.isEmpty(), settings + ": " + failures.size() + " kinds of failure" + report);
        world.assertStillServing(settings + " at the end");
        assertEquals(operations.size(), triedPerOperation.size(), "operations never fuzzed");
    }

    /**
     * A client with a fresh connection pool. Vert.x answers a request line over its limit with 414 and closes the
     * connection without saying so ({@code Connection: close}); a pooled connection would then fail the next
     * request, so the run takes a new client after each 414.
     */
    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The first line of a failure, without the numbers that differ between instances of one kind. */
    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return ServedContract.abbreviate(line).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<uuid>");
    }

    /** A generated request: method, path with query, body (null for none) and content type. */
    record Request(String method, String path, String body, String contentType) {
        @Override
        public String toString() {
            return method + " " + ServedContract.abbreviate(path)
                    + (body == null ? "" : " body " + ServedContract.abbreviate(body));
        }
    }

    private Request request(FuzzInputs in, Operation op, FuzzWorld.Caller caller) {
        String path = op.getOpenAPIPath();
        StringBuilder query = new StringBuilder();
        for (Parameter p : op.getParameters()) {
            if (p.getIn() == Location.PATH) {
                path = path.replace(
                        "{" + p.getName() + "}", encode(world.pathValue(in, op.getOpenAPIPath(), p.getName())));
            } else if (p.getIn() == Location.QUERY
                    && (p.isRequired()
                            ? in.random().nextInt(6) > 0
                            : in.random().nextBoolean())) {
                String value = in.random().nextInt(3) == 0 ? world.validQueryValue(p.getName()) : in.string();
                query.append(query.length() == 0 ? '?' : '&')
                        .append(encode(p.getName()))
                        .append('=')
                        .append(encode(value));
            }
        }
        if (in.random().nextInt(10) == 0) {
            query.append(query.length() == 0 ? '?' : '&')
                    .append(encode(in.string()))
                    .append('=')
                    .append(encode(in.string()));
        }
        String method = op.getHttpMethod().name();
        if (op.getHttpMethod() != HttpMethod.POST) {
            return new Request(method, path + query, null, null);
        }
        String contentType = in.random().nextInt(12) == 0
                ? in.pick(
                        List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"))
                : "application/json";
        JsonObject sample = world.sampleBody(op.getOperationId());
        int kind = in.random().nextInt(10);
        String body;
        if (sample != null && kind < 7) {
            body = in.mutate(sample).body();
        } else if (kind < 9) {
            body = in.rawBody();
        } else {
            Object json = in.randomJson(3);
            body = json instanceof JsonObject o ? o.encode() : String.valueOf(json);
        }
        return new Request(method, path + query, body, contentType);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends the request and checks the answer; returns its status. */
    private int check(Operation op, FuzzWorld.Caller caller, Request request) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.api() + request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.contentType() != null) {
            b.header("Content-Type", request.contentType());
        }
        if (caller.authorization() != null) {
            b.header("Authorization", caller.authorization());
        }
        if ("twilioStatusCallback".equals(op.getOperationId())) {
            b.header("X-Twilio-Signature", "fuzzed");
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.IOException e) {
            // The HTTP server answers a request line over its limit with 414 and closes the connection, which the
            // client may see as a reset while it still sends the body.
            assertTrue(request.path().length() > MAX_REQUEST_LINE, "the connection failed: " + e);
            http = newClient();
            return URI_TOO_LONG;
        }
        int status = r.statusCode();
        String contentType = r.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream stream = r.body()) {
            // An event stream that was opened stays open: its first bytes are all this check needs.
            body = contentType.startsWith("text/event-stream")
                    ? new String(stream.readNBytes(0), StandardCharsets.UTF_8)
                    : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(status < 500, "answered " + status + ": " + ServedContract.abbreviate(body));
        if (status == URI_TOO_LONG) {
            assertTrue(request.path().length() > MAX_REQUEST_LINE, "414 for a short request line");
            http = newClient();
            return status;
        }
        if (status >= 400) {
            assertTrue(!body.contains("Exception") && !body.contains("\tat "), "a stack trace: " + body);
            checkError(status, body, request);
        }
        if (contentType.startsWith("application/json") || status >= 400) {
            served.validate(op.getOperationId(), status, body, contentType);
        } else {
            assertTrue(ServedContract.documents(op, status), "undocumented status " + status);
        }
        if (status < 300) {
            world.assertNothingOutOfScope(caller, body);
        }
        return status;
    }

    /** A refusal is JSON naming its error; one refusing a value names the field that held it. */
    private static void checkError(int status, String body, Request request) {
        JsonObject error = new JsonObject(body);
        assertTrue(error.getString("error") != null && error.getString("message") != null, "not an error: " + body);
        String code = error.getString("error");
        if (status == 400 && !code.equals("invalid_json")) {
            String field = error.getString("field");
            assertTrue(field != null && !field.isBlank(), "a 400 that names no field: " + body);
        }
    }
}
