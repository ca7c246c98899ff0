package io.stayaway.alerts.evidence.chain;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.stayaway.alerts.evidence.Checkpoint;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.notify.DryRunChannel;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert chains on the real PostgreSQL: every lifecycle record of an alert is chained by the
 * database itself, the chain recomputes from its records, checkpoints sign the heads and link to
 * each other, and the chain tables refuse change.
 */
class AlertChainIT {
    private TestDatabase db;
    private Alerting alerting;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
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
    }

    @AfterEach
    void stop() {
        alerting.close();
        db.close();
    }

    @Test
    void everyLifecycleRecordIsChainedAndTheChainRecomputesFromItsRecords() throws Exception {
        OrderContacts contacts = new OrderContacts(
                "ORD-C",
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
                                "ORD-C",
                                AlertType.BREACH,
                                "home",
                                "resp-1",
                                "respondent",
                                Instant.parse("2026-11-27T13:20:05Z"),
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
        alerting.workflow().acknowledge(id, "officer-1", "seen");
        alerting.workflow().resolve(id, "officer-1", Outcome.FALSE_ALARM, "drift");

        String chain = ChainHash.alertChain(id);
        List<String> kinds = new ArrayList<>();
        byte[] link = ChainHash.genesis(chain);
        long pos = 0;
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT pos, kind, record, record_hash, link FROM chain_links WHERE chain = ? ORDER BY pos")) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertEquals(++pos, rs.getLong(1), "positions are consecutive");
                    kinds.add(rs.getString(2));
                    byte[] record = rs.getBytes(3);
                    assertArrayEquals(ChainHash.recordHash(record), rs.getBytes(4));
                    link = ChainHash.link(link, ChainHash.recordHash(record));
                    assertArrayEquals(link, rs.getBytes(5), "link " + pos + " recomputes from the record");
                    JsonObject r = new JsonObject(new String(record, StandardCharsets.UTF_8));
                    assertEquals(rs.getString(2), r.getString("kind"));
                }
            }
        }
        assertTrue(kinds.containsAll(List.of("alert", "notification", "transition")), kinds.toString());
        assertEquals(
                4,
                kinds.stream().filter("transition"::equals).count(),
                "opened, notified, acknowledged, resolved: " + kinds);
        assertTrue(kinds.stream().filter("notification"::equals).count() >= 2, "queued, then sent: " + kinds);

        // Checkpoints sign the moved heads and link each to the previous one.
        EvidenceKey key = EvidenceKey.loadOrCreate(dir.resolve("keys/evidence.pem"));
        assertEquals(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("keys/evidence.pem")));
        assertEquals(
                key.keyId(),
                EvidenceKey.loadOrCreate(dir.resolve("keys/evidence.pem")).keyId(),
                "the same key after a restart");
        Checkpoints checkpoints = new Checkpoints(db.dataSource(), key, Clock.systemUTC());
        Checkpoint first = checkpoints.checkpoint().orElseThrow();
        assertTrue(EvidenceKey.verify(key.publicKey(), first.body(), first.signature()));
        JsonObject body = new JsonObject(new String(first.body(), StandardCharsets.UTF_8));
        assertNull(body.getString("previous"));
        assertEquals(
                ChainHash.hex(link),
                body.getJsonArray("heads").stream()
                        .map(JsonObject.class::cast)
                        .filter(h -> h.getString("chain").equals(chain))
                        .findFirst()
                        .orElseThrow()
                        .getString("link"));
        assertTrue(checkpoints.checkpoint().isEmpty(), "nothing moved, nothing to sign");
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("SELECT chain_append('" + chain + "', 'custody', convert_to('{\"kind\":\"custody\"}', 'UTF8'))");
        }
        Checkpoint second = checkpoints.checkpoint().orElseThrow();
        JsonObject secondBody = new JsonObject(new String(second.body(), StandardCharsets.UTF_8));
        assertEquals(
                ChainHash.hex(ChainHash.sha256(first.body())),
                secondBody.getString("previous"),
                "checkpoints form a chain of their own");
        assertEquals(1, secondBody.getJsonArray("heads").size(), "only the chain that moved");
        assertEquals(first.id(), checkpoints.covering(chain, pos).id(), "the earliest checkpoint covering a position");
        assertEquals(second.id(), checkpoints.covering(chain, pos + 1).id());
    }

    @Test
    void theChainTablesRefuseChange() throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("SELECT chain_append('test', 'custody', convert_to('{\"kind\":\"custody\"}', 'UTF8'))");
            for (String sql : List.of(
                    "UPDATE chain_links SET kind = 'x'",
                    "DELETE FROM chain_links",
                    "TRUNCATE chain_links",
                    "DELETE FROM checkpoints",
                    "UPDATE checkpoint_heads SET pos = 0")) {
                SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            }
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
