package io.stayaway.alerts.evidence.chain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.AlertSchema;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.EscalationPolicy;
import io.stayaway.alerts.NotificationDispatcher;
import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Recipient;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.evidence.DeviceChains;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.evidence.TelemetryRecord;
import io.stayaway.alerts.followup.FollowUpContact;
import io.stayaway.alerts.followup.FollowUps;
import io.stayaway.alerts.notify.DryRunChannel;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hash-chain link rule exists twice: in Java ({@link ChainHash}: the telemetry writer's
 * {@link DeviceChains}, bundles, the offline verifier) and in PL/pgSQL ({@code chain_append}, which the
 * alert triggers, custody and retention records go through). On the real PostgreSQL this writes one
 * record of every kind the migrations name, through the code that writes it in production, and checks
 * both ways: Java recomputes every link the database wrote, and the database's own {@code chain_append},
 * given the same canonical bytes in a second throw-away database, writes the same record hash and link
 * at every position Java wrote. So the two rules cannot drift apart unnoticed.
 */
class ChainLinkRuleIT {
    private static final Instant T0 = Instant.parse("2026-11-27T13:20:00.123456Z");

    private TestDatabase db;
    private Alerting alerting;
    /** The canonical record of each telemetry link (device chains keep only its hash), by device and sequence number. */
    private final Map<String, byte[]> telemetry = new HashMap<>();

    /** One chained record as stored. */
    private record Link(
            String chain,
            long pos,
            String kind,
            String deviceId,
            Long seq,
            byte[] record,
            byte[] recordHash,
            byte[] link) {}

    @BeforeEach
    void writeOneRecordOfEveryKind() throws Exception {
        db = new TestDatabase();
        AlertSchema.migrate(db.dataSource());
        alerting = Alerting.create(
                db.dataSource(),
                new DryRunChannel(),
                Clock.systemUTC(),
                new Alerting.Settings(
                        new EscalationPolicy(
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(30),
                                EnumSet.of(Severity.CRITICAL),
                                Duration.ofMillis(50),
                                20),
                        NotificationDispatcher.Settings.defaults(),
                        null));
        alerting.start();
        appendTelemetry();
        UUID alertId = runAlertLifecycle();
        EvidenceService evidence = new EvidenceService(
                db.dataSource(),
                EvidenceKey.ephemeral(),
                stored -> {
                    throw new AssertionError("no order is read here");
                },
                alerting.alerts(),
                Duration.ofMinutes(4),
                Clock.systemUTC());
        evidence.recordAccess(
                EvidenceService.alertChain(alertId),
                "clerk-1",
                "court",
                "evidence.export",
                "alert/" + alertId,
                "hearing 2026-12-01");
        evidence.recordAccess("order:ORD-L", "clerk-1", "court", "order.export", "order/ORD-L", "appeal — 上诉");
        try (Connection c = db.dataSource().getConnection()) {
            FollowUps.record(
                    c,
                    new FollowUpContact(
                            UUID.randomUUID(),
                            "ORD-L",
                            FollowUpContact.Kind.VISIT,
                            T0,
                            FollowUpContact.Outcome.REACHED_CONCERNS,
                            "她说他昨晚在楼下。\nAsked for a call back.",
                            "cw-1",
                            "浦东新区妇联",
                            T0.plusSeconds(60)));
        }
        checkInAndReply(alertId);
        execute("SELECT chain_append('retention', 'retention', chain_record('retention', 'retention_log', "
                + "'{\"id\": 1, \"run_at_utc\": \"2026-11-28T02:00:00\", \"table_name\": \"pings\", \"role\": \"respondent\","
                + " \"older_than_utc\": \"2026-05-28T02:00:00\", \"rows_removed\": 1440}'::jsonb))");
    }

    @AfterEach
    void stop() {
        alerting.close();
        db.close();
    }

    @Test
    void javaRecomputesEveryLinkOfEveryChain() throws Exception {
        Map<String, List<Link>> chains = links(db.dataSource());
        for (Map.Entry<String, List<Link>> chain : chains.entrySet()) {
            byte[] link = ChainHash.genesis(chain.getKey());
            long pos = 0;
            for (Link l : chain.getValue()) {
                String at = chain.getKey() + " position " + l.pos() + " (" + l.kind() + ")";
                assertEquals(++pos, l.pos(), "positions are consecutive: " + at);
                byte[] record = canonical(l);
                assertArrayEquals(ChainHash.recordHash(record), l.recordHash(), "record hash: " + at);
                link = ChainHash.link(link, ChainHash.recordHash(record));
                assertArrayEquals(link, l.link(), "link: " + at);
            }
            assertArrayEquals(link, head(db.dataSource(), chain.getKey()), "head of " + chain.getKey());
        }
    }

    @Test
    void theDatabaseRuleRecomputesEveryLinkOfEveryChain() throws Exception {
        Map<String, List<Link>> chains = links(db.dataSource());
        try (TestDatabase replay = new TestDatabase()) {
            AlertSchema.migrate(replay.dataSource());
            try (Connection c = replay.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT chain_append(?, ?, ?)")) {
                for (Map.Entry<String, List<Link>> chain : chains.entrySet()) {
                    for (Link l : chain.getValue()) {
                        ps.setString(1, chain.getKey());
                        ps.setString(2, l.kind());
                        ps.setBytes(3, canonical(l));
                        ps.executeQuery().close();
                    }
                }
            }
            Map<String, List<Link>> replayed = links(replay.dataSource());
            assertEquals(chains.keySet(), replayed.keySet());
            for (Map.Entry<String, List<Link>> chain : chains.entrySet()) {
                List<Link> again = replayed.get(chain.getKey());
                assertEquals(chain.getValue().size(), again.size(), chain.getKey());
                for (int i = 0; i < again.size(); i++) {
                    Link l = chain.getValue().get(i);
                    String at = chain.getKey() + " position " + l.pos() + " (" + l.kind() + ")";
                    assertArrayEquals(l.recordHash(), again.get(i).recordHash(), "record hash: " + at);
                    assertArrayEquals(l.link(), again.get(i).link(), "link: " + at);
                }
                assertArrayEquals(
                        head(db.dataSource(), chain.getKey()),
                        head(replay.dataSource(), chain.getKey()),
                        "head of " + chain.getKey());
            }
        }
    }

    @Test
    void theRecordsCoverEveryKindTheMigrationsName() throws Exception {
        Set<String> written = new TreeSet<>();
        links(db.dataSource()).values().forEach(list -> list.forEach(l -> written.add(l.kind())));
        Set<String> named = kindsNamedByTheMigrations();
        assertTrue(
                named.containsAll(List.of(
                        "ping",
                        "event",
                        "alert",
                        "transition",
                        "escalation",
                        "notification",
                        "delivery",
                        "custody",
                        "retention",
                        "follow_up",
                        "check_in",
                        "check_in_reply")),
                "the migrations' list of kinds was read: " + named);
        assertEquals(named, written, "one record of every kind the migrations name was chained");
    }

    /** Two devices, two batches each (the second continues from the stored heads), pings and events. */
    private void appendTelemetry() throws SQLException {
        List<TelemetryRecord> first = new ArrayList<>();
        List<TelemetryRecord> second = new ArrayList<>();
        for (int seq = 1; seq <= 4; seq++) {
            for (String device : List.of("resp-1", "prot-1")) {
                String raw = "{\"lat\":39.9087,\"lon\":116.3975,\"note\":\"定位 " + seq + "\"}";
                TelemetryRecord r = new TelemetryRecord(
                        seq == 3 ? "event" : "ping",
                        device,
                        seq,
                        T0.plusSeconds(15L * seq),
                        T0.plusSeconds(15L * seq).plusNanos(300_000_789),
                        raw.getBytes(StandardCharsets.UTF_8));
                telemetry.put(device + "/" + seq, r.canonical());
                (seq <= 2 ? first : second).add(r);
            }
        }
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            DeviceChains.append(c, first);
            c.commit();
            DeviceChains.append(c, second);
            c.commit();
        }
    }

    /**
     * Raised, notified (queued, then sent), acknowledged and resolved through the alert service; an
     * escalation step and a provider's delivery report inserted as their writers insert them.
     */
    private UUID runAlertLifecycle() throws SQLException {
        OrderContacts contacts = new OrderContacts(
                "ORD-L",
                ZoneId.of("Asia/Shanghai"),
                "Pudong PSB",
                List.of(new Recipient(Recipient.RecipientRole.DESK, "+8621000000110", Locale.SIMPLIFIED_CHINESE)),
                List.of(),
                null,
                null);
        UUID id = alerting.alerts()
                .raise(
                        new AlertTrigger(
                                "ep-1",
                                "ORD-L",
                                AlertType.BREACH,
                                "home",
                                "resp-1",
                                "respondent",
                                T0,
                                null,
                                false,
                                -120.4,
                                8.0,
                                "confirmed inside"),
                        contacts)
                .alert()
                .id();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        count("SELECT count(*) FROM notifications WHERE alert_id = '" + id + "' AND state = 'SENT'")
                                == 1);
        execute("INSERT INTO alert_escalations (alert_id, level, reason, target, at) VALUES ('" + id
                + "', 1, 'ACK_TIMEOUT', '+8621000000110', '2026-11-27T13:21:00.5Z')");
        execute(
                "INSERT INTO notification_status_reports (notification_id, provider_sid, provider_status, error_code, received_at)"
                        + " SELECT id, 'SM0001', 'delivered', NULL, '2026-11-27T13:20:09.25Z' FROM notifications WHERE alert_id = '"
                        + id + "'");
        alerting.workflow().acknowledge(id, "officer-1", "seen");
        alerting.workflow().resolve(id, "officer-1", Outcome.FALSE_ALARM, "drift");
        return id;
    }

    /** A post-alert safety check-in written, texted and answered as the check-in worker and webhook write them. */
    private void checkInAndReply(UUID alertId) throws SQLException {
        String id = UUID.randomUUID().toString();
        execute("INSERT INTO check_ins (id, order_id, phone, language, kind, trigger_alert_id, due_at, send_at, state,"
                + " created_at, updated_at) VALUES ('" + id + "', 'ORD-L', '+8613800000002', 'zh-CN', 'after_alert', '"
                + alertId + "', '2026-11-28T13:20:00.123456Z', '2026-11-28T13:20:00.123456Z', 'pending',"
                + " '2026-11-27T13:20:01Z', '2026-11-27T13:20:01Z')");
        execute("UPDATE check_ins SET state = 'sent', sent_at = '2026-11-28T13:20:01Z', provider_sid = 'SM0002',"
                + " reply_due_at = '2026-11-28T17:20:01Z' WHERE id = '" + id + "'");
        execute(
                "INSERT INTO check_in_replies (message_sid, from_phone, to_phone, body, received_at, meaning, check_in_id,"
                        + " order_id) VALUES ('SM0003', '+8613800000002', '+8610000000000', '１ 我很好', '2026-11-28T13:25:00Z',"
                        + " 'other', '" + id + "', 'ORD-L')");
    }

    /** Every kind the migrations name: the {@code kind} column's list and each trigger's argument. */
    private static Set<String> kindsNamedByTheMigrations() throws IOException, URISyntaxException {
        Set<String> kinds = new TreeSet<>();
        Pattern column = Pattern.compile("kind\\s+text\\s+NOT NULL,\\s*--\\s*([a-z |]+)");
        Pattern trigger = Pattern.compile("chain_\\w+_row\\('(\\w+)'\\)");
        // A trigger function of its own that names its kind (follow_up, V5).
        Pattern ownKind = Pattern.compile("chain_append\\([^,;]+,\\s*'(\\w+)'");
        URI migrations = ChainLinkRuleIT.class.getResource("/db/alerts").toURI();
        // In the packaged jar (failsafe) the migrations are read through a zip file system.
        try (FileSystem jar =
                        migrations.getScheme().equals("jar") ? FileSystems.newFileSystem(migrations, Map.of()) : null;
                Stream<Path> files = Files.list(Path.of(migrations))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                String sql = Files.readString(f, StandardCharsets.UTF_8);
                Matcher m = column.matcher(sql);
                while (m.find()) {
                    for (String k : m.group(1).split("\\|")) {
                        kinds.add(k.strip());
                    }
                }
                Matcher t = trigger.matcher(sql);
                while (t.find()) {
                    kinds.add(t.group(1));
                }
                Matcher own = ownKind.matcher(sql);
                while (own.find()) {
                    kinds.add(own.group(1));
                }
            }
        }
        return kinds;
    }

    /** The canonical bytes of a record: stored with the link, or (telemetry) rebuilt as the writer built them. */
    private byte[] canonical(Link l) {
        byte[] record = l.record() != null ? l.record() : telemetry.get(l.deviceId() + "/" + l.seq());
        assertNotNull(record, l.chain() + " position " + l.pos() + " has a record");
        JsonObject r = new JsonObject(new String(record, StandardCharsets.UTF_8));
        assertEquals(l.kind(), r.getString("kind"), "the record names its kind: " + l.chain() + " position " + l.pos());
        return record;
    }

    private static Map<String, List<Link>> links(DataSource ds) throws SQLException {
        Map<String, List<Link>> chains = new java.util.TreeMap<>();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT chain, pos, kind, device_id, seq, record, record_hash, link FROM chain_links ORDER BY chain, pos")) {
            while (rs.next()) {
                chains.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Link(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getString(3),
                                rs.getString(4),
                                (Long) rs.getObject(5),
                                rs.getBytes(6),
                                rs.getBytes(7),
                                rs.getBytes(8)));
            }
        }
        return chains;
    }

    private static byte[] head(DataSource ds, String chain) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT link FROM chain_heads WHERE chain = ?")) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "chain " + chain + " has a head");
                return rs.getBytes(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
