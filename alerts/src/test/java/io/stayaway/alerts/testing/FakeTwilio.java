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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local Twilio-compatible endpoint for tests: answers the REST API's Messages and Calls
 * resources the way Twilio does (201 + JSON resource), records every request exactly as the SDK
 * sent it, and can be scripted to fail requests with a status code (500, 429, 400…) or to answer
 * too late (a client timeout). Like Twilio it posts status callbacks to a message's StatusCallback
 * URL, signed with the account's auth token by Twilio's documented algorithm, on request
 * ({@link #reportStatus}) or by itself for every accepted request ({@link #sendStatusCallbacks}).
 * {@link #injectFaults} makes it an unreliable provider: a seeded share of requests answered 500,
 * 429, after the client gave up, or accepted with no status callback ever. Not a mock of our code:
 * it stands in for Twilio's servers, which are the edge of the world. Thread-safe.
 */
public final class FakeTwilio implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    /** Unbounded: a request held past the client's timeout must not keep others waiting. */
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final ScheduledExecutorService callbackSender = Executors.newSingleThreadScheduledExecutor();
    private final String authToken;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Deque<Script> scripted = new ArrayDeque<>();
    private final Map<String, Deque<Integer>> failuresByRecipient = new HashMap<>();
    private final AtomicLong sids = new AtomicLong();
    private final Map<Fault, AtomicLong> faults = new EnumMap<>(Fault.class);
    private final AtomicLong callbacksSent = new AtomicLong();
    private final AtomicLong callbacksFailed = new AtomicLong();
    private Random faultRandom;
    private double faultRate;
    private Duration hang = Duration.ZERO;
    private volatile boolean autoCallbacks;
    private final HttpClient callbacks =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One accepted request: resource ("Messages" or "Calls"), account, form fields, auth header, arrival time, the SID answered. */
    public record Received(
            String resource,
            String accountSid,
            Map<String, String> form,
            String authorization,
            long receivedAtNanos,
            String sid) {
        public String to() {
            return form.get("To");
        }

        public String from() {
            return form.get("From");
        }

        public String body() {
            return form.get("Body");
        }

        /** The TwiML of a call (Calls API), or null. */
        public String twiml() {
            return form.get("Twiml");
        }

        public String statusCallback() {
            return form.get("StatusCallback");
        }
    }

    /** Every request that reached the endpoint, accepted or not, with the status it was answered (or 0 if answered too late). */
    public record Attempt(String resource, String to, int status, long receivedAtNanos) {}

    private record Script(int status, Duration delay) {}

    /** What an unreliable provider does to a request ({@link #injectFaults}). */
    public enum Fault {
        /** HTTP 500, Twilio error 20500. */
        SERVER_ERROR,
        /** HTTP 429, Twilio error 20429: rate limited. */
        RATE_LIMITED,
        /** Answered only after the client's timeout, and not accepted. */
        HANG,
        /** Accepted (201) but its status callback is never sent. */
        NO_CALLBACK
    }

    /** An endpoint whose callbacks are signed with {@code test-auth-token}. */
    public FakeTwilio() {
        this("test-auth-token");
    }

    /** @param authToken the account's auth token, used to sign status callbacks */
    public FakeTwilio(String authToken) {
        this.authToken = authToken;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port for the fake Twilio endpoint", e);
        }
        server.createContext("/2010-04-01/Accounts/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every request, including the ones answered with a scripted failure or too late. */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The next {@code count} requests are answered with {@code status} (e.g. 500, 429) and not recorded as delivered. */
    public synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            scripted.add(new Script(status, Duration.ZERO));
        }
    }

    /** The next {@code count} requests are answered only after {@code delay} (longer than the client waits) and not delivered. */
    public synchronized void delayNext(int count, Duration delay) {
        for (int i = 0; i < count; i++) {
            scripted.add(new Script(503, delay));
        }
    }

    /** The next {@code count} requests to {@code to} (any resource) are answered with {@code status}. */
    public synchronized void failRequestsTo(String to, int count, int status) {
        Deque<Integer> q = failuresByRecipient.computeIfAbsent(to, k -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            q.add(status);
        }
    }

    /**
     * From now on, a share {@code rate} of the requests not otherwise scripted suffers one of the
     * {@link Fault}s, drawn with equal chance from a random stream seeded with {@code seed};
     * {@code hang} is how long a {@link Fault#HANG} request is held (longer than the client waits).
     */
    public synchronized void injectFaults(long seed, double rate, Duration hang) {
        this.faultRandom = new Random(seed);
        this.faultRate = rate;
        this.hang = hang;
    }

    /** Stops injecting faults (requests already held keep their fate). */
    public synchronized void stopFaults() {
        this.faultRandom = null;
    }

    /**
     * When on, every accepted request (but those given {@link Fault#NO_CALLBACK}) gets its status
     * callback ("delivered" for a message, "completed" for a call) shortly after it is answered, as
     * Twilio sends them; a callback our endpoint cannot take (it is down) is counted, not retried.
     */
    public void sendStatusCallbacks(boolean on) {
        this.autoCallbacks = on;
    }

    /** How many requests each fault was injected into. */
    public synchronized Map<Fault, Long> faultsInjected() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        for (Fault f : Fault.values()) {
            out.put(f, faults.computeIfAbsent(f, k -> new AtomicLong()).get());
        }
        return out;
    }

    /** Status callbacks sent by {@link #sendStatusCallbacks} that our endpoint answered (any status), and those it could not. */
    public long callbacksSent() {
        return callbacksSent.get();
    }

    public long callbacksFailed() {
        return callbacksFailed.get();
    }

    private synchronized Fault drawFault() {
        if (faultRandom == null || faultRandom.nextDouble() >= faultRate) {
            return null;
        }
        Fault f = Fault.values()[faultRandom.nextInt(Fault.values().length)];
        faults.computeIfAbsent(f, k -> new AtomicLong()).incrementAndGet();
        return f;
    }

    private synchronized Script faultScript(Fault f) {
        return switch (f) {
            case SERVER_ERROR -> new Script(500, Duration.ZERO);
            case RATE_LIMITED -> new Script(429, Duration.ZERO);
            case HANG -> new Script(503, hang);
            case NO_CALLBACK -> null;
        };
    }

    private synchronized Script nextScript(String to) {
        Deque<Integer> forRecipient = failuresByRecipient.get(to);
        if (forRecipient != null && !forRecipient.isEmpty()) {
            return new Script(forRecipient.poll(), Duration.ZERO);
        }
        return scripted.poll();
    }

    private void handle(HttpExchange ex) throws IOException {
        long arrived = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (!"POST".equals(ex.getRequestMethod()) || parts.length != 5 || !parts[4].endsWith(".json")) {
            respond(
                    ex,
                    404,
                    JSON.writeValueAsString(Map.of(
                            "code",
                            20404,
                            "message",
                            "The requested resource " + path + " was not found",
                            "status",
                            404)));
            return;
        }
        String account = parts[3];
        String resource = parts[4].substring(0, parts[4].length() - ".json".length());
        Map<String, String> form = parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Script script = nextScript(form.get("To"));
        Fault fault = script == null ? drawFault() : null;
        if (fault != null) {
            script = faultScript(fault);
        }
        if (script != null) {
            if (!script.delay().isZero()) {
                attempts.add(new Attempt(resource, form.get("To"), 0, arrived));
                sleep(script.delay());
            } else {
                attempts.add(new Attempt(resource, form.get("To"), script.status(), arrived));
            }
            int code = script.status() == 429 ? 20429 : script.status() >= 500 ? 20500 : 21211;
            respond(
                    ex,
                    script.status(),
                    JSON.writeValueAsString(
                            Map.of("code", code, "message", "scripted failure", "status", script.status())));
            return;
        }
        attempts.add(new Attempt(resource, form.get("To"), 201, arrived));
        String sid = ("Calls".equals(resource) ? "CA" : "SM") + String.format("%032x", sids.incrementAndGet());
        received.add(
                new Received(resource, account, form, ex.getRequestHeaders().getFirst("Authorization"), arrived, sid));
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
        if (autoCallbacks && fault != Fault.NO_CALLBACK && form.get("StatusCallback") != null) {
            String status = "Calls".equals(resource) ? "completed" : "delivered";
            callbackSender.schedule(() -> autoCallback(sid, status), 200, TimeUnit.MILLISECONDS);
        }
    }

    private void autoCallback(String sid, String status) {
        try {
            reportStatus(sid, status);
            callbacksSent.incrementAndGet();
        } catch (RuntimeException e) {
            callbacksFailed.incrementAndGet();
        }
    }

    /**
     * Posts the status callback Twilio would post for an accepted message or call, to the
     * StatusCallback URL the SDK sent, correctly signed. Returns the HTTP status our endpoint answered.
     */
    public int reportStatus(String sid, String status) {
        Received r = received.stream()
                .filter(x -> x.sid().equals(sid))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no accepted request has SID " + sid));
        if (r.statusCallback() == null) {
            throw new IllegalStateException("the request for " + sid + " had no StatusCallback");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", r.accountSid());
        params.put("From", r.from());
        params.put("To", r.to());
        params.put("ApiVersion", "2010-04-01");
        if ("Calls".equals(r.resource())) {
            params.put("CallSid", sid);
            params.put("CallStatus", status);
            params.put("Direction", "outbound-api");
        } else {
            params.put("MessageSid", sid);
            params.put("SmsSid", sid);
            params.put("MessageStatus", status);
            params.put("SmsStatus", status);
            if ("failed".equals(status) || "undelivered".equals(status)) {
                params.put("ErrorCode", "30003");
            }
        }
        URI url = URI.create(r.statusCallback());
        return post(url, params, signature(url.toString(), params, authToken));
    }

    /** What our messaging webhook answered an inbound message: status, Content-Type and body. */
    public record WebhookAnswer(int status, String contentType, String body) {}

    /**
     * Sends an incoming text as Twilio does when someone texts our number: a form POST to the number's messaging
     * webhook {@code url} with Twilio's fields (MessageSid, AccountSid, From, To, Body, …), signed with the
     * account's auth token. Returns the new message's SID with our answer.
     */
    public InboundResult sendInbound(URI url, String accountSid, String from, String to, String body) {
        return inbound(url, accountSid, from, to, body, authToken);
    }

    /** As {@link #sendInbound} but signed with {@code wrongToken}: a forged request Twilio never sent. */
    public InboundResult sendForgedInbound(
            URI url, String accountSid, String from, String to, String body, String wrongToken) {
        return inbound(url, accountSid, from, to, body, wrongToken);
    }

    /** The SID and form fields of an inbound message sent, and what our webhook answered. */
    public record InboundResult(String messageSid, Map<String, String> params, WebhookAnswer answer) {}

    /** Posts an inbound message again, signed, as Twilio retries one our webhook did not answer in time. */
    public WebhookAnswer resendInbound(URI url, InboundResult first) {
        return postForAnswer(url, first.params(), signature(url.toString(), first.params(), authToken));
    }

    private InboundResult inbound(URI url, String accountSid, String from, String to, String body, String token) {
        String sid = "SM" + String.format("%032x", sids.incrementAndGet() | 0x1000_0000_0000L);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "CN");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", to);
        params.put("NumSegments", "1");
        params.put("MessageSid", sid);
        params.put("AccountSid", accountSid);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return new InboundResult(
                sid, Map.copyOf(params), postForAnswer(url, params, signature(url.toString(), params, token)));
    }

    /** Posts a form to {@code url} with the given X-Twilio-Signature (null for none); returns the whole answer. */
    public WebhookAnswer postForAnswer(URI url, Map<String, String> params, String signature) {
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        try {
            HttpResponse<String> r = callbacks.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new WebhookAnswer(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("posting to " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted posting to " + url, e);
        }
    }

    /** Posts a form to {@code url} with the given X-Twilio-Signature (null for none); returns the HTTP status. */
    public int post(URI url, Map<String, String> params, String signature) {
        return postForAnswer(url, params, signature).status();
    }

    /** The text messages accepted for {@code number}, in arrival order. */
    public List<Received> smsTo(String number) {
        return received.stream()
                .filter(r -> "Messages".equals(r.resource()) && number.equals(r.to()))
                .toList();
    }

    /** The calls accepted for {@code number}, in arrival order. */
    public List<Received> callsTo(String number) {
        return received.stream()
                .filter(r -> "Calls".equals(r.resource()) && number.equals(r.to()))
                .toList();
    }

    /**
     * Twilio's documented request signature: the full URL, then each POST parameter's name and value
     * in name order, HMAC-SHA1 with the auth token as key, Base64.
     */
    public static String signature(String url, Map<String, String> params, String authToken) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 unavailable", e);
        }
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
        try {
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up waiting (a scripted timeout): nobody is left to answer
            ex.close();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        callbackSender.shutdownNow();
        executor.shutdownNow();
    }
}
