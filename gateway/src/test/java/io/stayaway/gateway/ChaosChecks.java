package io.stayaway.gateway;

import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.testing.FakeTwilio;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a chaos run must leave behind, judged after the faults stopped and the system settled:
 * every acknowledged ping stored once, every expected alert raised once and no forbidden one, every
 * notification sent or failed with its follow-up and none stuck, every device at the interval its
 * orders call for, every order's evidence verifying. Collects failures and counts for the summary.
 */
final class ChaosChecks {
    private static final Pattern INTERVAL =
            Pattern.compile("interval (\\S+) final=(\\S+) scripted=(\\S+) commanded=\\[(.*)]");

    private final FaultRun run;
    private final HttpClient http = HttpClient.newHttpClient();
    final List<String> failures = new ArrayList<>();
    final Map<String, Object> counts = new LinkedHashMap<>();

    ChaosChecks(FaultRun run) {
        this.run = run;
    }

    void all() throws Exception {
        try {
            pings();
            settleNotifications();
            alerts();
            notifications();
            intervals();
            evidence();
        } finally {
            // last: releasing the held scenarios (intervals) adds the problems of those that failed
            failures.addAll(run.problems());
        }
    }

    /** Every ping a device was told was delivered is in the pings table once, with its fix time. */
    void pings() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, List<Long>> missing;
        do {
            missing = missingPings();
            if (missing.isEmpty()) {
                break;
            }
            Thread.sleep(1_000);
        } while (System.currentTimeMillis() < deadline);
        long acked =
                run.devices().stream().mapToLong(d -> d.acknowledged().size()).sum();
        long missingCount = missing.values().stream().mapToLong(List::size).sum();
        missing.forEach((device, seqs) -> failures.add("device " + device + ": " + seqs.size()
                + " acknowledged ping(s) not stored, seq " + seqs.subList(0, Math.min(20, seqs.size()))));
        long duplicated =
                scalar("SELECT count(*) FROM (SELECT device_id, seq FROM pings GROUP BY 1, 2 HAVING count(*) > 1) d");
        if (duplicated > 0) {
            failures.add(
                    duplicated + " (device, seq) pair(s) stored more than once: "
                            + strings(
                                    "SELECT device_id || ' seq ' || seq FROM pings GROUP BY device_id, seq HAVING count(*) > 1 LIMIT 20"));
        }
        counts.put("pings acknowledged (recording devices)", acked);
        counts.put("pings stored (all devices)", scalar("SELECT count(*) FROM pings"));
        counts.put("pings missing", missingCount);
        counts.put("pings duplicated", duplicated);
        counts.put(
                "pings resent by devices",
                run.devices().stream().mapToInt(ChaosDevice::resent).sum());
        counts.put(
                "publishes completed without a PUBACK (resent)",
                run.devices().stream().mapToInt(ChaosDevice::unconfirmed).sum());
        counts.put(
                "PUBACKs 'no matching subscribers' (0x10)",
                run.devices().stream().mapToInt(ChaosDevice::noSubscribers).sum());
        counts.put(
                "device connection drops",
                run.devices().stream().mapToInt(ChaosDevice::drops).sum());
        counts.put(
                "device session takeovers",
                run.devices().stream().mapToInt(ChaosDevice::takeovers).sum());
    }

    private Map<String, List<Long>> missingPings() throws Exception {
        Map<String, List<Long>> missing = new LinkedHashMap<>();
        try (Connection c = run.db();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, (extract(epoch FROM ts) * 1000)::bigint FROM pings WHERE device_id = ?")) {
            for (ChaosDevice d : run.devices()) {
                ps.setString(1, d.deviceId());
                Set<String> stored = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getLong(1) + "@" + rs.getLong(2));
                    }
                }
                List<Long> lost = d.acknowledged().entrySet().stream()
                        .filter(e -> !stored.contains(e.getKey() + "@" + e.getValue()))
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList();
                if (!lost.isEmpty()) {
                    missing.put(d.deviceId(), lost);
                }
            }
        } catch (java.sql.SQLException e) {
            missing.put("(database unreachable: " + e.getMessage() + ")", List.of(-1L));
        }
        return missing;
    }

    /** Waits (at most 5 minutes) until no notification is owed and no escalation is due. */
    void settleNotifications() throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            long open = scalar("SELECT count(*) FROM notifications WHERE state IN ('PENDING', 'SENDING')")
                    + scalar("SELECT count(*) FROM alerts WHERE escalate_at IS NOT NULL AND escalate_at <= now()");
            if (open == 0) {
                return;
            }
            Thread.sleep(2_000);
        }
    }

    /** Each round's scenarios by the simulator's own expectations, a required alert exactly once. */
    void alerts() throws Exception {
        int expected = 0;
        int found = 0;
        int duplicated = 0;
        int missing = 0;
        int forbidden = 0;
        for (Map.Entry<String, Map<String, Process>> round : run.rounds().entrySet()) {
            for (String scenario : round.getValue().keySet()) {
                String out = expect(round.getKey(), scenario);
                for (String line : out.lines().toList()) {
                    String l = line.trim();
                    if (l.startsWith("PASS  must ") && !l.startsWith("PASS  must not")) {
                        expected++;
                        found++;
                    } else if (l.startsWith("FAIL  must not")) {
                        forbidden++;
                    } else if (l.startsWith("FAIL  must ")) {
                        expected++;
                        if (l.contains("times, expected once")) {
                            found++;
                            duplicated++;
                        } else {
                            missing++;
                        }
                    }
                }
                if (!out.contains(", 0 failed")) {
                    failures.add("scenario " + scenario + " of round " + round.getKey() + ":\n" + out);
                }
            }
        }
        String recorders = "order_id LIKE '" + run.recorderOrderPrefix() + "%'";
        long zoneAlertsOfRecorders = scalar("SELECT count(*) FROM alerts WHERE " + recorders
                + " AND type IN ('BREACH', 'CROSSING', 'PROXIMITY', 'APPROACH')");
        if (zoneAlertsOfRecorders > 0) {
            failures.add(zoneAlertsOfRecorders + " zone alert(s) for devices that stayed 5 km away: "
                    + strings("SELECT type || ' ' || order_id || ' ' || coalesce(device_id, '') FROM alerts " + "WHERE "
                            + recorders + " AND type IN ('BREACH', 'CROSSING', 'PROXIMITY', 'APPROACH')"));
        }
        counts.put("alerts expected", expected);
        counts.put("alerts found", found);
        counts.put("alerts duplicated", duplicated);
        counts.put("alerts missing", missing);
        counts.put("forbidden alerts raised", forbidden + zoneAlertsOfRecorders);
        counts.put("alerts in total (all types)", scalar("SELECT count(*) FROM alerts"));
    }

    private String expect(String suffix, String scenario) throws Exception {
        Path out = run.dir().resolve("expect-" + suffix + "-" + scenario + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx96m",
                        "-jar",
                        Path.of("..", "simulator", "target", "simulator-0.1.0-SNAPSHOT.jar")
                                .toString(),
                        "expect",
                        scenario,
                        "--unique=" + suffix,
                        "--exactly-once",
                        "--api",
                        run.api(0))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("STAYAWAY_API_TOKEN", run.token());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return Files.readString(out);
    }

    /** Every notification sent or failed; a failure has its follow-up (escalation, voice fallback); none stuck. */
    void notifications() throws Exception {
        long stuck = scalar("SELECT count(*) FROM notifications WHERE state IN ('PENDING', 'SENDING')");
        if (stuck > 0) {
            failures.add(
                    stuck + " notification(s) still pending or claimed after settling: "
                            + strings(
                                    "SELECT id || ' ' || state || ' attempts=' || attempts || ' next=' || next_attempt_at || ' error=' "
                                            + "|| coalesce(last_error, '') FROM notifications WHERE state IN ('PENDING', 'SENDING') LIMIT 20"));
        }
        long deskWithoutEscalation = scalar("""
                SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id
                WHERE n.state = 'FAILED' AND n.recipient_role = 'desk' AND lower(a.severity) = 'critical'
                  AND a.state IN ('OPEN', 'NOTIFIED')
                  AND NOT EXISTS (SELECT 1 FROM alert_escalations e WHERE e.alert_id = a.id)""");
        long smsWithoutFallback = scalar("""
                SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id
                WHERE n.state = 'FAILED' AND n.channel = 'sms' AND n.recipient_role <> 'desk'
                  AND lower(a.severity) = 'critical' AND a.state <> 'RESOLVED'
                  AND NOT EXISTS (SELECT 1 FROM notifications f WHERE f.idempotency_key = n.id || ':voice:fallback')""");
        if (deskWithoutEscalation + smsWithoutFallback > 0) {
            failures.add(
                    deskWithoutEscalation + " failed duty-desk notification(s) of critical alerts never escalated, "
                            + smsWithoutFallback + " failed critical SMS without a voice fallback");
        }
        counts.put("notifications", scalar("SELECT count(*) FROM notifications"));
        counts.put("notifications sent", scalar("SELECT count(*) FROM notifications WHERE state = 'SENT'"));
        counts.put(
                "notifications delivered (callback)",
                scalar("SELECT count(*) FROM notifications WHERE provider_status IN ('delivered', 'completed')"));
        counts.put("notifications retried", scalar("SELECT count(*) FROM notifications WHERE attempts > 1"));
        counts.put("notification attempts", scalar("SELECT coalesce(sum(attempts), 0) FROM notifications"));
        counts.put("notifications failed", scalar("SELECT count(*) FROM notifications WHERE state = 'FAILED'"));
        counts.put("notifications failed without follow-up", deskWithoutEscalation + smsWithoutFallback);
        counts.put("voice fallbacks", scalar("SELECT count(*) FROM notifications WHERE purpose = 'fallback'"));
        counts.put("escalation steps", scalar("SELECT count(*) FROM alert_escalations"));
        counts.put("notifications stuck", stuck);
        Map<FakeTwilio.Fault, Long> injected = run.twilio().faultsInjected();
        counts.put("Twilio requests", run.twilio().attempts().size());
        counts.put("Twilio faults injected", injected);
        counts.put(
                "Twilio status callbacks sent/undeliverable",
                run.twilio().callbacksSent() + "/" + run.twilio().callbacksFailed());
    }

    /**
     * Each scenario device's final interval, as the device knows it: at most 15 s while one of its
     * orders has an episode open that keeps it in pursuit; otherwise 60 s if the gateway ever switched
     * it, or its own interval if never; a device reporting slower than 15 s whose order had a zone
     * alert must have been switched.
     */
    void intervals() throws Exception {
        Map<String, Boolean> inPursuit = new HashMap<>();
        Map<String, Boolean> hadZoneAlert = new HashMap<>();
        try (Connection c = run.db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT od.device_id,
                               bool_or(cardinality(coalesce(es.pursuit_episodes, '{}')) > 0),
                               bool_or(EXISTS (SELECT 1 FROM alerts a WHERE a.order_id = od.order_id
                                               AND a.type IN ('BREACH', 'CROSSING', 'PROXIMITY')))
                        FROM order_devices od LEFT JOIN evaluator_state es ON es.order_id = od.order_id
                        GROUP BY od.device_id""")) {
            while (rs.next()) {
                inPursuit.put(rs.getString(1), rs.getBoolean(2));
                hadZoneAlert.put(rs.getString(1), rs.getBoolean(3));
            }
        }
        Map<String, String> lines = run.releaseHolds();
        int wrong = 0;
        for (String line : lines.values()) {
            Matcher m = INTERVAL.matcher(line);
            if (!m.matches()) {
                failures.add("unreadable interval line: " + line);
                continue;
            }
            String device = m.group(1);
            double fin = Double.parseDouble(m.group(2));
            double scripted = Double.parseDouble(m.group(3));
            boolean commanded = !m.group(4).isBlank();
            String why = null;
            if (inPursuit.getOrDefault(device, false)) {
                if (fin > 16) {
                    why = "an episode of its order is open (pursuit): expected at most 15 s";
                }
            } else if (commanded && fin != 60) {
                why = "switched by the gateway and no episode open: expected 60 s";
            } else if (!commanded && fin != scripted) {
                why = "never switched: expected its own " + scripted + " s";
            }
            if (why == null && scripted > 16 && !commanded && hadZoneAlert.getOrDefault(device, false)) {
                why = "reports every " + scripted
                        + " s and its order had a zone alert, but no set_interval ever arrived";
            }
            if (why != null) {
                wrong++;
                failures.add("device " + device + " ends at " + fin + " s: " + why + " (" + line + ")");
            }
        }
        for (ChaosDevice d : run.devices()) {
            if (!d.commands().isEmpty()) {
                wrong++;
                failures.add("device " + d.deviceId() + " far from any zone received commands: " + d.commands());
            }
        }
        counts.put("devices with intervals reported", lines.size());
        counts.put("devices at a wrong interval", wrong);
    }

    /** Every order's full export verifies offline against the published key. */
    void evidence() throws Exception {
        JsonObject key = new JsonObject(http.send(
                        HttpRequest.newBuilder(URI.create(run.api(0) + "/api/evidence/key"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        PublicKey published = EvidenceKey.parsePublicKey(key.getString("publicKeyPem"));
        int verified = 0;
        int asked = 0;
        List<String> orders = strings("SELECT id FROM orders ORDER BY id");
        for (String order : orders) {
            Path zip = run.dir().resolve("export-" + order + ".zip");
            HttpResponse<Path> r = http.send(
                    HttpRequest.newBuilder(URI.create(run.api(asked++) + "/api/orders/" + order + "/export?reason="
                                    + URLEncoder.encode("fault run " + run.seed(), StandardCharsets.UTF_8)))
                            .header("Authorization", "Bearer " + run.token())
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(zip));
            if (r.statusCode() != 200) {
                failures.add("export of order " + order + ": HTTP " + r.statusCode() + " " + Files.readString(zip));
                continue;
            }
            BundleVerifier.Verdict v = BundleVerifier.verify(zip, Optional.of(published));
            if (v.verified()) {
                verified++;
                Files.delete(zip);
            } else {
                failures.add("export of order " + order + " does not verify:\n" + v.render());
            }
        }
        counts.put("evidence exports verified", verified + "/" + orders.size());
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

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append(run.summaryHeader());
        counts.forEach((k, v) -> s.append("  ").append(k).append(": ").append(v).append('\n'));
        s.append("  RESULT: ")
                .append(
                        failures.isEmpty()
                                ? "PASS (nothing lost, nothing duplicated, nothing stuck)"
                                : "FAIL, " + failures.size() + " finding(s)")
                .append('\n');
        for (String f : failures) {
            s.append("  - ").append(f.replace("\n", "\n    ")).append('\n');
        }
        return s.toString();
    }
}
