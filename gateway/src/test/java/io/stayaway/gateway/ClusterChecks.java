package io.stayaway.gateway;

import io.stayaway.alerts.evidence.EvidenceKey;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What only a cluster can get wrong, judged after a cluster run alongside {@link ChaosChecks} (whose
 * failures and counts it adds to): evaluation of every order the killed node owned continued on a
 * survivor within {@value #FAILOVER_MILLIS} ms (the failover gap); a console on one node heard of
 * alerts raised on another within {@value #CONSOLE_MILLIS} ms; each SMS of each alert sent exactly once;
 * one unbroken, unforked sequence of checkpoints, signed with the one key every node publishes; an export
 * that {@code java -jar … verify} accepts; and the access checks made during the run.
 */
final class ClusterChecks {
    static final long FAILOVER_MILLIS = 10_000;
    static final long CONSOLE_MILLIS = 1_000;
    /** An order whose first record after a kill came within this long of it was reporting at the kill. */
    private static final long REPORTING_MILLIS = 2_000;

    private final ClusterRun run;
    private final List<String> failures;
    private final Map<String, Object> counts;
    private final HttpClient http = HttpClient.newHttpClient();

    ClusterChecks(ClusterRun run, List<String> failures, Map<String, Object> counts) {
        this.run = run;
        this.failures = failures;
        this.counts = counts;
    }

    void all() throws Exception {
        failover();
        consoles();
        access();
        sms();
        checkpoints();
        verifiedByTheJar();
    }

    /**
     * Per kill: for each order the node owned, when a survivor first listed it evaluated through a record
     * received after the kill. The kill's gap is the longest over the orders that were reporting (their
     * first record after the kill was stored, or for a recording device acknowledged, within 2 s); an order
     * whose devices were quiet is judged from its first record after the kill instead.
     */
    void failover() throws Exception {
        List<Long> gaps = new ArrayList<>();
        for (ClusterFaults.Kill k : run.faults.kills) {
            Long gap = failoverGap(k);
            if (gap != null) {
                gaps.add(gap);
            }
        }
        counts.put("failover gaps (ms, per kill)", gaps);
        counts.put("failover gap median/max (ms)", ClusterChecks.median(gaps) + "/" + max(gaps));
    }

    /** The kill's failover gap, or null when no order it owned was reporting; a finding for each order taken on late. */
    private Long failoverGap(ClusterFaults.Kill k) throws Exception {
        String kill = "kill " + k.number() + " of node " + k.node() + " at " + k.at();
        if (k.owned() == null || k.owned().isEmpty()) {
            failures.add(kill + ": "
                    + (k.owned() == null
                            ? "which orders it owned is unknown (" + k.ownershipError() + ")"
                            : "it owned no order")
                    + ", so failover could not be measured");
            return null;
        }
        long killed = k.at().toEpochMilli();
        long gap = -1;
        String slowest = null;
        int judged = 0;
        for (String order : k.owned()) {
            Instant first = firstRecordAfter(order, k.at());
            Instant acked = firstAcknowledgedAfter(order, k.at());
            if (acked != null && (first == null || acked.isBefore(first))) {
                first = acked; // published and acknowledged, whether or not it was stored
            }
            Long over = k.takenOver().get(order);
            if (first == null || first.toEpochMilli() - killed > ClusterFaults.WATCH_MILLIS - FAILOVER_MILLIS) {
                continue; // quiet throughout: nothing to evaluate within the watch
            }
            judged++;
            if (first.toEpochMilli() - killed <= REPORTING_MILLIS) {
                long g = over == null ? Long.MAX_VALUE : over - killed;
                if (g > gap) {
                    gap = g;
                    slowest = order;
                }
            } else if (over == null || over - first.toEpochMilli() > FAILOVER_MILLIS) {
                failures.add(kill + ": order " + order + " received a record " + (first.toEpochMilli() - killed)
                        + " ms after the kill and no survivor evaluated it within " + FAILOVER_MILLIS + " ms");
            }
        }
        if (judged == 0) {
            failures.add(kill + ": none of the " + k.owned().size() + " order(s) it owned had a record within "
                    + (ClusterFaults.WATCH_MILLIS - FAILOVER_MILLIS) + " ms of the kill, so failover was not seen");
        }
        if (slowest == null) {
            ClusterRun.log(
                    "failover of kill %d (node %s): no order reporting at the kill; %d judged from their first record",
                    k.number(), k.node(), judged);
            return null;
        }
        String shown = gap == Long.MAX_VALUE ? "> " + ClusterFaults.WATCH_MILLIS : Long.toString(gap);
        ClusterRun.log(
                "failover gap of kill %d (node %s, %d order(s) owned, %d with a record to evaluate): %s ms (slowest %s)",
                k.number(), k.node(), k.owned().size(), judged, shown, slowest);
        if (gap > FAILOVER_MILLIS) {
            failures.add(kill + ": evaluation of order " + slowest + " continued on a survivor only after " + shown
                    + " ms (allowed: " + FAILOVER_MILLIS + " ms); taken over: " + k.takenOver());
        }
        return gap;
    }

    /** For a recording order, the fix time (the publish time) of its first ping acknowledged after {@code after}. */
    private Instant firstAcknowledgedAfter(String orderId, Instant after) {
        return run.recorders.getOrDefault(orderId, List.of()).stream()
                .flatMap(d -> d.acknowledged().values().stream())
                .filter(ts -> ts > after.toEpochMilli())
                .min(Long::compare)
                .map(Instant::ofEpochMilli)
                .orElse(null);
    }

    /** The receive time of the first record of the order's devices stored after {@code after}. */
    private Instant firstRecordAfter(String orderId, Instant after) throws Exception {
        try (Connection c = run.db();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT min(received_at) FROM (
                          SELECT p.received_at FROM pings p JOIN order_devices od ON od.device_id = p.device_id
                          WHERE od.order_id = ? AND p.received_at > ?
                          UNION ALL
                          SELECT e.received_at FROM device_events e JOIN order_devices od ON od.device_id = e.device_id
                          WHERE od.order_id = ? AND e.received_at > ?) r""")) {
            ps.setString(1, orderId);
            ps.setTimestamp(2, Timestamp.from(after));
            ps.setString(3, orderId);
            ps.setTimestamp(4, Timestamp.from(after));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    /**
     * For every alert whose order had one settled owner when it was raised, every console of its station
     * on another node that was live from just before to a second after must have heard of it within a second.
     */
    void consoles() throws Exception {
        List<Long> latencies = new ArrayList<>();
        List<Long> sameNode = new ArrayList<>();
        int unjudged = 0;
        try (Connection c = run.db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT id, order_id, station, opened_at, type FROM alerts ORDER BY opened_at")) {
            while (rs.next()) {
                String id = rs.getString(1);
                String order = rs.getString(2);
                String station = rs.getString(3);
                long opened = rs.getTimestamp(4).toInstant().toEpochMilli();
                Optional<String> raisedOn = run.watch.settledOwner(order, opened);
                if (raisedOn.isEmpty() || killedWithin(raisedOn.get(), opened, opened + CONSOLE_MILLIS)) {
                    unjudged++;
                    continue;
                }
                for (ClusterConsoles.Stream s : run.consoles.streams()) {
                    if (!s.station.equals(station) || !s.liveThroughout(opened - 200, opened + CONSOLE_MILLIS)) {
                        continue;
                    }
                    Long heard = s.firstHeard(id);
                    long latency = heard == null ? Long.MAX_VALUE : heard - opened;
                    if (s.node.name.equals(raisedOn.get())) {
                        sameNode.add(latency); // for comparison: what the raising node's own console saw
                        continue;
                    }
                    latencies.add(latency);
                    if (latency > CONSOLE_MILLIS) {
                        failures.add(rs.getString(5) + " alert " + id + " of order " + order + " raised on node "
                                + raisedOn.get() + " at " + Instant.ofEpochMilli(opened) + " reached the console on "
                                + s.node + (heard == null ? " never" : " only after " + latency + " ms"));
                    }
                }
            }
        }
        if (latencies.isEmpty()) {
            failures.add("no alert could be followed from the node that raised it to a console on another node ("
                    + unjudged + " alert(s) without a settled owner)");
        }
        counts.put(
                "alerts heard by consoles on other nodes (pairs judged, alerts unjudged)",
                latencies.size() + ", " + unjudged);
        counts.put("console latency across nodes median/max (ms)", median(latencies) + "/" + max(latencies));
        counts.put(
                "console latency on the raising node median/max (ms, for comparison)",
                median(sameNode) + "/" + max(sameNode));
    }

    private boolean killedWithin(String node, long fromMillis, long toMillis) {
        return run.faults.kills.stream()
                .anyMatch(k -> k.node().equals(node)
                        && k.at().toEpochMilli() >= fromMillis
                        && k.at().toEpochMilli() <= toMillis);
    }

    void access() {
        failures.addAll(run.access.failures);
        counts.put("users disabled, refusal on the other nodes after (ms)", run.access.disableRefusals);
        counts.put("scope orders checked on every node (404 for other station and court)", run.access.scopeOrders);
    }

    /**
     * Every SMS notification is sent, and Twilio accepted exactly as many messages with its recipient and text
     * as there are notifications with them: none lost, none sent twice by two nodes or after a kill. (A warning
     * text the protected person's budget withheld is never sent: not counted.)
     */
    void sms() throws Exception {
        Map<String, Integer> accepted = new LinkedHashMap<>();
        run.twilio().received().stream()
                .filter(r -> "Messages".equals(r.resource()))
                .forEach(r -> accepted.merge(r.to() + "\n" + r.body(), 1, Integer::sum));
        int notifications = 0;
        int doubled = 0;
        int unsent = 0;
        try (Connection c = run.db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT to_number, body, count(*), count(*) FILTER (WHERE state = 'SENT'), min(alert_id::text)
                        FROM notifications WHERE channel = 'sms' AND state <> 'SUPPRESSED' GROUP BY to_number, body""")) {
            while (rs.next()) {
                int rows = rs.getInt(3);
                int sent = accepted.getOrDefault(rs.getString(1) + "\n" + rs.getString(2), 0);
                notifications += rows;
                if (sent > rows) {
                    doubled += sent - rows;
                    failures.add("SMS to " + rs.getString(1) + " of alert " + rs.getString(5) + " sent " + sent
                            + " times for " + rows + " notification(s): " + rs.getString(2));
                } else if (sent < rows || rs.getInt(4) < rows) {
                    unsent += rows - Math.min(sent, rs.getInt(4));
                    failures.add("SMS to " + rs.getString(1) + " of alert " + rs.getString(5) + ": " + rows
                            + " notification(s), " + rs.getInt(4) + " SENT, " + sent + " accepted by Twilio");
                }
            }
        }
        long alertsWithoutSms = scalar("SELECT count(*) FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM notifications n"
                + " WHERE n.alert_id = a.id AND n.channel = 'sms' AND n.purpose = 'initial')");
        if (alertsWithoutSms > 0) {
            failures.add(alertsWithoutSms + " alert(s) without an SMS");
        }
        counts.put("SMS notifications / sent twice / not sent", notifications + " / " + doubled + " / " + unsent);
    }

    /**
     * The checkpoints table holds one sequence 1..n: each body names its own id and, as previous, the SHA-256
     * of the body before it (none for the first), and each is signed by the one key every node publishes.
     */
    void checkpoints() throws Exception {
        List<String> keyIds = new ArrayList<>();
        PublicKey published = null;
        for (ClusterNode n : run.nodes) {
            if (!n.up()) {
                continue;
            }
            JsonObject key = new JsonObject(http.send(
                            HttpRequest.newBuilder(URI.create(n.api() + "/api/evidence/key"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            keyIds.add(n.name + "=" + key.getString("keyId"));
            published = EvidenceKey.parsePublicKey(key.getString("publicKeyPem"));
        }
        if (keyIds.stream().map(k -> k.substring(2)).distinct().count() != 1) {
            failures.add("the nodes publish different evidence keys: " + keyIds);
        }
        long count = 0;
        String previousHash = null;
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (Connection c = run.db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, body, signature FROM checkpoints ORDER BY id")) {
            while (rs.next()) {
                count++;
                long id = rs.getLong(1);
                byte[] body = rs.getBytes(2);
                JsonObject b = new JsonObject(new String(body, StandardCharsets.UTF_8));
                String where = "checkpoint " + id;
                if (id != count || b.getLong("id") != id) {
                    failures.add(where + " is number " + count + " in the table and says " + b.getLong("id"));
                }
                if (!java.util.Objects.equals(b.getString("previous"), previousHash)) {
                    failures.add(where + " names " + b.getString("previous") + " as previous, but the one before"
                            + " hashes to " + previousHash + ": the sequence forks or breaks");
                }
                if (published != null && !EvidenceKey.verify(published, body, rs.getBytes(3))) {
                    failures.add(where + " is not signed by the published key " + keyIds);
                }
                previousHash = HexFormat.of().formatHex(sha256.digest(body));
            }
        }
        if (count == 0) {
            failures.add("no checkpoint was made during the run");
        }
        counts.put("checkpoints in one sequence", count);
    }

    /** The largest order's export, verified as a court's expert would: java -jar … verify, with the published key. */
    void verifiedByTheJar() throws Exception {
        String order = strings("""
                        SELECT od.order_id FROM pings p JOIN order_devices od ON od.device_id = p.device_id
                        GROUP BY od.order_id ORDER BY count(*) DESC LIMIT 1""").stream().findFirst().orElse(null);
        if (order == null) {
            failures.add("no order with pings to export");
            return;
        }
        Path zip = run.dir().resolve("export-jar-" + order + ".zip");
        HttpResponse<Path> r = http.send(
                HttpRequest.newBuilder(URI.create(run.api(1) + "/api/orders/" + order + "/export?reason="
                                + URLEncoder.encode("cluster run " + run.seed(), StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + run.token())
                        .build(),
                HttpResponse.BodyHandlers.ofFile(zip));
        if (r.statusCode() != 200) {
            failures.add("export of " + order + " for the jar's verify: HTTP " + r.statusCode());
            return;
        }
        Path key = run.dir().resolve("published-" + run.tag + ".pem");
        Files.writeString(
                key,
                new JsonObject(http.send(
                                        HttpRequest.newBuilder(URI.create(run.api(0) + "/api/evidence/key"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .getString("publicKeyPem"));
        Process verify = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target", "gateway-0.1.0-SNAPSHOT.jar").toString(),
                        "verify",
                        zip.toString(),
                        "--key",
                        key.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = verify.waitFor(120, TimeUnit.SECONDS);
        if (!ended || verify.exitValue() != 0 || !out.contains("VERDICT: VERIFIED")) {
            failures.add("java -jar … verify refused the export of " + order + ":\n" + out);
        } else {
            counts.put("export verified by java -jar … verify", order);
            Files.delete(zip);
        }
    }

    private long scalar(String sql) throws Exception {
        try (Connection c = run.db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = run.db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static String median(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        long upper = sorted.get(sorted.size() / 2);
        long lower = sorted.get((sorted.size() - 1) / 2);
        if (upper == Long.MAX_VALUE) {
            return "never";
        }
        return Long.toString(lower + (upper - lower) / 2);
    }

    static String max(List<Long> values) {
        long m = values.stream().mapToLong(Long::longValue).max().orElse(-1);
        return m < 0 ? "-" : m == Long.MAX_VALUE ? "never" : Long.toString(m);
    }
}
