package io.stayaway.gateway;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access state across the nodes of a cluster, checked while every node is up: a user disabled on one
 * node is refused (401) on every other within {@value #PROPAGATION_MILLIS} ms, and an order created on
 * one node after the others started is out of reach (404, as if unknown) of another station's desk and another court
 * on every node at once, its compliance report and its export alike, while its own desk and court are
 * served. Driven by one thread at a time; collects failures and figures.
 */
final class ClusterAccessChecks {
    static final long PROPAGATION_MILLIS = 1_000;
    private static final String PASSWORD = "cluster access password";
    private static final String HOME_STATION = "Cluster Home PSB";
    private static final String OTHER_STATION = "Cluster Other PSB";
    private static final String HOME_COURT = "Cluster Home Court";
    private static final String OTHER_COURT = "Cluster Other Court";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String tag;
    private final String adminToken;
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    /** For each disable: node → milliseconds from the disable's answer to that node's first 401. */
    final List<Map<String, Long>> disableRefusals = Collections.synchronizedList(new ArrayList<>());

    final List<String> scopeOrders = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> tokens = new LinkedHashMap<>();

    ClusterAccessChecks(String tag, String adminToken) {
        this.tag = tag;
        this.adminToken = adminToken;
    }

    /** Creates a desk user on {@code on}, disables it there, and times its refusal on every other node. */
    void disabledUserIsRefusedEverywhere(List<ClusterNode> nodes, ClusterNode on, int n) throws Exception {
        String user = "desk-off-" + n + "-" + tag;
        createUser(on, user, "desk", HOME_STATION);
        List<ClusterNode> others = nodes.stream().filter(x -> x != on && x.up()).toList();
        String token = login(others.get(0), user);
        for (ClusterNode o : others) {
            int before = get(o, "/api/alerts", token).statusCode();
            if (before != 200) {
                failures.add(user + "'s token answered " + before + " on " + o + " before the disable");
                return;
            }
        }
        HttpResponse<String> disabled = post(on, "/api/users/" + user + "/disable", "{}", adminToken);
        long answered = System.currentTimeMillis();
        if (disabled.statusCode() != 200) {
            failures.add(
                    "disabling " + user + " on " + on + " answered " + disabled.statusCode() + " " + disabled.body());
            return;
        }
        Map<String, Long> refusedAfter = new LinkedHashMap<>();
        long deadline = answered + 5_000;
        while (refusedAfter.size() < others.size() && System.currentTimeMillis() < deadline) {
            for (ClusterNode o : others) {
                if (!refusedAfter.containsKey(o.name)
                        && get(o, "/api/alerts", token).statusCode() == 401) {
                    refusedAfter.put(o.name, System.currentTimeMillis() - answered);
                }
            }
            Thread.sleep(10);
        }
        disableRefusals.add(refusedAfter);
        for (ClusterNode o : others) {
            Long after = refusedAfter.get(o.name);
            if (after == null || after > PROPAGATION_MILLIS) {
                failures.add(user + " disabled on " + on + " was still served on " + o + " "
                        + (after == null ? "5 s later" : after + " ms later") + " (allowed: " + PROPAGATION_MILLIS
                        + " ms)");
            }
            int login = loginStatus(o, user);
            if (login != 401) {
                failures.add(user + " disabled on " + on + " could still log in on " + o + " (" + login + ")");
            }
        }
        ClusterRun.log("user disabled on %s refused after %s ms (node → ms)", on, refusedAfter);
    }

    /**
     * Creates an order of the home station and court on {@code on} and asks every node at once, as the
     * other station's desk and the other court, for its compliance report and export: refused everywhere.
     */
    void scopeHoldsOnEveryNode(List<ClusterNode> nodes, ClusterNode on, int n) throws Exception {
        if (tokens.isEmpty()) {
            createScopeUsers(on);
        }
        String orderId = "ORD-SCOPE-" + n + "-" + tag;
        JsonObject order = GatewayHarness.sampleOrder(
                        orderId, "scope-resp-" + n + "-" + tag, "scope-prot-" + n + "-" + tag)
                .put("court", HOME_COURT);
        order.getJsonObject("dutyDesk").put("station", HOME_STATION);
        HttpResponse<String> created = post(on, "/api/orders", order.encode(), adminToken);
        if (created.statusCode() != 201) {
            failures.add("scope order " + orderId + " not created on " + on + ": " + created.statusCode() + " "
                    + created.body());
            return;
        }
        scopeOrders.add(orderId);
        List<ClusterNode> up = nodes.stream().filter(ClusterNode::up).toList();
        List<ClusterNode> othersFirst =
                new ArrayList<>(up.stream().filter(x -> x != on).toList());
        othersFirst.add(on);
        refusedEverywhere(othersFirst, orderId, "right after its creation on " + on);
        List<String> unserved = new ArrayList<>();
        for (ClusterNode node : up) {
            expect(node, "desk-home", compliance(orderId), 200, unserved);
            expect(node, "court-home", export(orderId), 200, unserved);
        }
        if (!unserved.isEmpty()) {
            failures.add("order " + orderId + " created on " + on + " was refused to its own station and court: "
                    + String.join("; ", unserved));
        }
        refusedEverywhere(othersFirst, orderId, "a while after its creation on " + on);
        ClusterRun.log("scope of %s (created on %s) asked on %d node(s)", orderId, on, up.size());
    }

    /** Asks each node as another station's desk and another court: refused everywhere (404, or 403 for the desk's export), else one finding listing the answers. */
    private void refusedEverywhere(List<ClusterNode> nodes, String orderId, String when) throws Exception {
        List<String> served = new ArrayList<>();
        for (ClusterNode node : nodes) {
            // Out of scope answers as unknown (404); a desk may export nothing (403, its role).
            expect(node, "desk-other", compliance(orderId), 404, served);
            expect(node, "court-other", compliance(orderId), 404, served);
            expect(node, "court-other", export(orderId), 404, served);
            expect(node, "desk-other", export(orderId), 403, served);
        }
        if (!served.isEmpty()) {
            failures.add("scope bypass: order " + orderId + " of " + HOME_STATION + " and " + HOME_COURT + ", asked "
                    + when
                    + " by another station's desk (desk-other) and another court (court-other), expected 404 (403 for a desk's export)"
                    + " on every node: " + String.join("; ", served));
        }
    }

    /** GETs {@code path} on {@code node} as {@code who}; an answer other than {@code status} is added to {@code wrong}. */
    private void expect(ClusterNode node, String who, String path, int status, List<String> wrong) throws Exception {
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create(node.api() + path))
                        .header("Authorization", "Bearer " + tokens.get(who))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] head;
        long size;
        try (InputStream in = r.body()) {
            head = in.readNBytes(120);
            size = head.length + in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (r.statusCode() != status) {
            String type = r.headers().firstValue("Content-Type").orElse("");
            String shown = type.startsWith("application/json") || type.startsWith("text/")
                    ? new String(head, StandardCharsets.UTF_8).replace('\n', ' ')
                    : type + ", " + size + " bytes";
            wrong.add(node + " " + who + " " + path.substring(path.lastIndexOf('/') + 1, path.indexOf('?')) + " → "
                    + r.statusCode() + " (" + shown + ")");
        }
    }

    private static String compliance(String orderId) {
        Instant now = Instant.now();
        return "/api/orders/" + orderId + "/compliance?reason=" + enc("cluster scope check") + "&from="
                + now.minus(Duration.ofHours(1)) + "&to=" + now;
    }

    private static String export(String orderId) {
        return "/api/orders/" + orderId + "/export?reason=" + enc("cluster scope check");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void createScopeUsers(ClusterNode on) throws Exception {
        Map<String, String[]> users = new LinkedHashMap<>();
        users.put("desk-home", new String[] {"desk", HOME_STATION});
        users.put("desk-other", new String[] {"desk", OTHER_STATION});
        users.put("court-home", new String[] {"court", HOME_COURT});
        users.put("court-other", new String[] {"court", OTHER_COURT});
        for (Map.Entry<String, String[]> u : users.entrySet()) {
            String name = u.getKey() + "-" + tag;
            createUser(on, name, u.getValue()[0], u.getValue()[1]);
            tokens.put(u.getKey(), login(on, name));
        }
    }

    /** Creates a desk ({@code scope} = station) or court ({@code scope} = court) user on {@code on}. */
    void createUser(ClusterNode on, String username, String role, String scope) throws Exception {
        HttpResponse<String> r = post(
                on,
                "/api/users",
                new JsonObject()
                        .put("username", username)
                        .put("password", PASSWORD)
                        .put("role", role)
                        .put(role.equals("desk") ? "station" : "court", scope)
                        .encode(),
                adminToken);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("user " + username + " not created on " + on + ": " + r.body());
        }
    }

    String login(ClusterNode on, String username) throws IOException, InterruptedException {
        return GatewayHarness.login(http, on.api(), username, PASSWORD);
    }

    private int loginStatus(ClusterNode on, String username) throws IOException, InterruptedException {
        return post(
                        on,
                        "/api/login",
                        new JsonObject()
                                .put("username", username)
                                .put("password", PASSWORD)
                                .encode(),
                        null)
                .statusCode();
    }

    private HttpResponse<String> get(ClusterNode on, String path, String token)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(on.api() + path))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ClusterNode on, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(on.api() + path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
