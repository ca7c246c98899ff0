package io.stayaway.gateway;

import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A real gateway for one test: its own throw-away database, a local Twilio-compatible endpoint,
 * the real Mosquitto at 127.0.0.1:1883 (session discarded on close), and an ephemeral HTTP port.
 */
final class GatewayHarness implements AutoCloseable {
    static final String TWILIO_SID = "AC00000000000000000000000000000042";
    static final String TWILIO_TOKEN = "harness-token";
    static final String TWILIO_FROM = "+8610000000042";
    /** The bootstrap admin's password and the token key every harness gateway (and the gateways tests start themselves) uses. */
    static final String ADMIN_PASSWORD = "harness-admin-password";

    static final String JWT_SECRET = "harness-jwt-key-of-at-least-32-bytes";
    static final Map<String, String> ACCESS =
            Map.of("STAYAWAY_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD, "STAYAWAY_JWT_SECRET", JWT_SECRET);
    /** The centre of {@link #sampleOrder}'s home zone, and metres per degree of latitude there. */
    static final double HOME_LAT = 31.2304;

    static final double HOME_LON = 121.4737;
    static final double METRES_PER_DEGREE_LAT = 110_950;
    static final String BROKER = System.getenv().getOrDefault("STAYAWAY_TEST_BROKER_URL", "tcp://127.0.0.1:1883");

    final TestDatabase db = new TestDatabase();
    final FakeTwilio twilio = new FakeTwilio();
    final Gateway gateway;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;

    GatewayHarness() {
        this(Map.of());
    }

    /** @param overrides configuration keys that differ from the harness defaults */
    GatewayHarness(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("STAYAWAY_DB_URL", db.jdbcUrl());
        env.put("STAYAWAY_DB_USER", db.user());
        env.put("STAYAWAY_DB_PASSWORD", db.password());
        env.put("STAYAWAY_HTTP_PORT", "0");
        env.put("STAYAWAY_MQTT_MODE", "broker");
        env.put("STAYAWAY_BROKER_URL", BROKER);
        env.put("STAYAWAY_BROKER_CLIENT_ID", "stayaway-test-" + suffix);
        env.put("STAYAWAY_BROKER_SESSION_EXPIRY_SECONDS", "0");
        env.put("TWILIO_ACCOUNT_SID", TWILIO_SID);
        env.put("TWILIO_AUTH_TOKEN", TWILIO_TOKEN);
        env.put("TWILIO_FROM_NUMBER", TWILIO_FROM);
        env.put("TWILIO_API_BASE_URL", twilio.baseUrl().toString());
        env.putAll(ACCESS);
        env.putAll(overrides);
        try {
            gateway = Gateway.start(GatewayConfig.from(env), Clock.systemUTC());
        } catch (RuntimeException e) {
            twilio.close();
            db.close();
            throw e;
        }
    }

    /** POST as the bootstrap admin. */
    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, adminToken());
    }

    /** GET as the bootstrap admin. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, adminToken());
    }

    /** POST with {@code token} as bearer, or without Authorization when it is null. */
    HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        return http.send(
                authorized(HttpRequest.newBuilder(uri(path)), token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET with {@code token} as bearer, or without Authorization when it is null. */
    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(
                authorized(HttpRequest.newBuilder(uri(path)), token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A token of the bootstrap admin (logged in once per harness). */
    synchronized String adminToken() throws IOException, InterruptedException {
        if (adminToken == null) {
            adminToken = login("admin", ADMIN_PASSWORD);
        }
        return adminToken;
    }

    /** Logs in and returns the token; fails the test unless the login succeeds. */
    String login(String username, String password) throws IOException, InterruptedException {
        return login(http, "http://127.0.0.1:" + gateway.httpPort(), username, password);
    }

    /** Logs in at {@code api} and returns the token (for tests that start the gateway themselves). */
    static String login(HttpClient http, String api, String username, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(api + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                                .put("username", username)
                                .put("password", password)
                                .encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("login as " + username + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body()).getString("token");
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder b, String token) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + path);
    }

    /** A wearable: a real Paho MQTT v5 client publishing with QoS 1 on the real broker. */
    MqttClient device(String deviceId) throws MqttException {
        MqttClient client = new MqttClient(BROKER, deviceId + "-" + suffix, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        return client;
    }

    static void publish(MqttClient device, String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish(topic, m);
    }

    /** Fixes of {@code respondent} at {@code metresNorth} of the sample order's home, seconds after {@code start}. */
    static void walk(
            MqttClient device,
            String respondent,
            java.time.Instant start,
            int firstSeq,
            java.util.List<Integer> seconds,
            double metresNorth)
            throws MqttException {
        for (int i = 0; i < seconds.size(); i++) {
            publish(
                    device,
                    "wearables/" + respondent + "/ping",
                    ping(firstSeq + i, start.plusSeconds(seconds.get(i)), metresNorth, 8.0, 80));
        }
    }

    /**
     * Two APPROACH episodes of the sample order within five minutes (fix seqs 1–9): into the warning band (800 m
     * north of the centre of the 500 m zone, whose band reaches 1,000 m), out to 1,500 m long enough to close the
     * episode, back into the band.
     */
    static void approachTwice(MqttClient device, String respondent, java.time.Instant start) throws MqttException {
        walk(device, respondent, start, 1, java.util.List.of(0, 10, 20), 800);
        walk(device, respondent, start, 4, java.util.List.of(60, 120, 190), 1500);
        walk(device, respondent, start, 7, java.util.List.of(250, 260, 270), 800);
    }

    long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A ping {@code metresNorthOfHome} north of the home zone's centre, heading south at walking pace. */
    static String ping(long seq, java.time.Instant ts, double metresNorthOfHome, double acc, int battery) {
        return new JsonObject()
                .put("seq", seq)
                .put("ts", ts.toEpochMilli())
                .put("lat", HOME_LAT + metresNorthOfHome / METRES_PER_DEGREE_LAT)
                .put("lon", HOME_LON)
                .put("acc", acc)
                .put("speed", 1.3)
                .put("heading", 180)
                .put("battery", battery)
                .encode();
    }

    /** Registers a device as the admin and returns its MQTT secret (embedded mode). */
    String registerDevice(String deviceId) throws IOException, InterruptedException {
        HttpResponse<String> r =
                post("/api/devices", new JsonObject().put("deviceId", deviceId).encode());
        if (r.statusCode() != 201) {
            throw new AssertionError("registering " + deviceId + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body()).getString("password");
    }

    /** A wearable connected with its own credentials to the gateway's embedded MQTT endpoint. */
    MqttClient embeddedDevice(String deviceId, String password) throws MqttException {
        MqttClient c = new MqttClient(
                "tcp://127.0.0.1:" + gateway.mqttPort(), deviceId + "-" + suffix, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(deviceId);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        return c;
    }

    /** A second gateway on this harness's database (embedded MQTT, free ports): what a restart finds. Close it. */
    Gateway secondGateway() {
        Map<String, String> env = new HashMap<>(ACCESS);
        env.put("STAYAWAY_DB_URL", db.jdbcUrl());
        env.put("STAYAWAY_DB_USER", db.user());
        env.put("STAYAWAY_DB_PASSWORD", db.password());
        env.put("STAYAWAY_HTTP_PORT", "0");
        env.put("STAYAWAY_MQTT_MODE", "embedded");
        env.put("STAYAWAY_EMBEDDED_MQTT_PORT", "0");
        return Gateway.start(GatewayConfig.from(env), Clock.systemUTC());
    }

    /** Creates a desk or court user as the bootstrap admin; {@code scopeField} is "station" or "court". */
    void createUser(String username, String password, String role, String scopeField, String scope)
            throws IOException, InterruptedException {
        HttpResponse<String> r = post(
                "/api/users",
                new JsonObject()
                        .put("username", username)
                        .put("password", password)
                        .put("role", role)
                        .put(scopeField, scope)
                        .encode());
        org.junit.jupiter.api.Assertions.assertEquals(201, r.statusCode(), r.body());
    }

    /** POST /api/login at {@code api} with {@code body}, whatever the answer (for tests of refusals). */
    static HttpResponse<String> postLogin(HttpClient http, String api, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(api + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The device reports it is powering off (an immediate alert), through the test broker. */
    void powerOff(String deviceId) throws MqttException {
        lastEvent(device(deviceId), deviceId, "power_off");
    }

    /** The device sends one event of {@code type} (seq 1, now) and disconnects. */
    static void lastEvent(MqttClient device, String deviceId, String type) throws MqttException {
        publish(
                device,
                "wearables/" + deviceId + "/event",
                new JsonObject()
                        .put("seq", 1)
                        .put("ts", java.time.Instant.now().toEpochMilli())
                        .put("type", type)
                        .encode());
        device.disconnect();
        device.close();
    }

    /** A one-zone order: a 500 m circle round the protected person's home, for fresh device ids. */
    static JsonObject sampleOrder(String orderId, String respondent, String protectedPerson) {
        return new JsonObject("""
                {"id": "%s", "court": "Pudong District People's Court", "timeZone": "Asia/Shanghai",
                 "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2027-07-01T00:00:00Z",
                 "parties": [
                   {"role": "respondent", "deviceId": "%s", "name": "R", "language": "zh-CN"},
                   {"role": "protected", "deviceId": "%s", "name": "P", "phone": "+8613800000002", "language": "en"}],
                 "zones": [{"id": "home", "type": "exclusion", "circle": {"lat": 31.2304, "lon": 121.4737, "radius": 500}, "warningBuffer": 500}],
                 "dutyDesk": {"station": "Pudong PSB", "phones": ["+8621000000110"], "language": "zh-CN"}}
                """.formatted(orderId, respondent, protectedPerson));
    }

    /** The id of the first alert the admin sees on {@code orderId}, once there is one (at most 20 s). */
    String firstAlertOf(String orderId) {
        return org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            io.vertx.core.json.JsonArray alerts = new JsonObject(get("/api/alerts?orderId=" + orderId)
                                            .body())
                                    .getJsonArray("alerts");
                            return alerts.isEmpty()
                                    ? null
                                    : alerts.getJsonObject(0).getString("id");
                        },
                        id -> id != null);
    }

    /** The base URL of the gateway's HTTP API. */
    String api() {
        return "http://127.0.0.1:" + gateway.httpPort();
    }

    @Override
    public void close() {
        gateway.close();
        twilio.close();
        db.close();
    }
}
