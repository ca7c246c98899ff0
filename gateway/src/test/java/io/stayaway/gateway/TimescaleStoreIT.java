package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stayaway.alerts.AlertSchema;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.notify.DryRunChannel;
import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.ingest.DeviceEventType;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.storage.Database;
import io.stayaway.gateway.storage.RetentionPolicy;
import io.stayaway.gateway.storage.TelemetryWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The store is TimescaleDB: pings and device events are hypertables, an installation made by the native-partition
 * migrations moves to them with its evidence unchanged, evidence reads compressed history, a redelivered ping
 * into a compressed chunk is still stored once, and retention drops whole chunks and logs what it dropped.
 */
class TimescaleStoreIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration EVERY = Duration.ofMinutes(20);
    private static final int DAYS = 12;

    @Test
    void pingsAndDeviceEventsAreCompressedHypertablesWithOneDayChunks() {
        try (TestDatabase db = new TestDatabase();
                Database ignored = Database.open(db.jdbcUrl(), db.user(), db.password(), 2)) {
            assertEquals(
                    "device_events,pings",
                    db.text("SELECT string_agg(hypertable_name, ',' ORDER BY hypertable_name)"
                            + " FROM timescaledb_information.hypertables WHERE compression_enabled"));
            assertEquals(
                    "1 day",
                    db.text("SELECT time_interval::text FROM timescaledb_information.dimensions"
                            + " WHERE hypertable_name = 'pings'"));
            assertEquals(
                    "device_id",
                    db.text("SELECT string_agg(attname, ',') FROM timescaledb_information.compression_settings"
                            + " WHERE hypertable_name = 'pings' AND segmentby_column_index IS NOT NULL"));
            assertEquals(
                    2,
                    db.count("SELECT count(*) FROM timescaledb_information.jobs"
                            + " WHERE proc_name = 'policy_compression' AND config->>'compress_after' = '3 days'"));
            assertNull(db.text("SELECT to_regclass('pings_partitioned')::text"));
        }
    }

    @Test
    void anInstallationOnNativePartitionsMovesToHypertablesWithItsEvidenceUnchanged() throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            DataSource ds = db.dataSource();
            Database.migrations(ds).target("15").load().migrate();
            AlertSchema.migrate(ds);
            try (var c = ds.getConnection();
                    var st = c.createStatement()) {
                for (String table : new String[] {"pings", "device_events"}) {
                    st.execute(
                            "SELECT ensure_month_partitions('" + table + "', (now() - interval '2 months')::date, 4)");
                }
            }
            assertEquals(0, db.count("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'"));
            Party parties = seedOrder(ds, "MIG");
            EvidenceKey key = EvidenceKey.ephemeral();
            Map<String, byte[]> before = export(ds, key, parties);
            long pings = db.count("SELECT count(*) FROM pings");
            long events = db.count("SELECT count(*) FROM device_events");
            assertTrue(db.count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'pings'::regclass") >= 2);

            try (Database upgraded = Database.open(db.jdbcUrl(), db.user(), db.password(), 2)) {
                assertEquals(
                        "device_events,pings",
                        db.text("SELECT string_agg(hypertable_name, ',' ORDER BY hypertable_name)"
                                + " FROM timescaledb_information.hypertables"));
                assertEquals(pings, db.count("SELECT count(*) FROM pings"));
                assertEquals(events, db.count("SELECT count(*) FROM device_events"));
                assertTrue(
                        db.count("SELECT count(*) FROM show_chunks('pings')") >= DAYS,
                        "the rows moved into one-day chunks");
                assertNull(db.text("SELECT to_regclass('pings_partitioned')::text"));
                assertNull(db.text("SELECT to_regproc('ensure_month_partitions')::text"));

                Map<String, byte[]> after = export(upgraded.dataSource(), key, parties);
                int compared = 0;
                for (Map.Entry<String, byte[]> entry : before.entrySet()) {
                    if (entry.getKey().startsWith("chains/device")
                            || entry.getKey().endsWith(".csv")) {
                        assertArrayEquals(
                                entry.getValue(),
                                after.get(entry.getKey()),
                                entry.getKey() + " differs after the move to hypertables");
                        compared++;
                    }
                }
                assertTrue(compared >= 4, "device chains and records compared: " + before.keySet());
            }
        }
    }

    @Test
    void evidenceReadsCompressedHistoryAndARedeliveryIntoACompressedChunkIsStoredOnce() throws Exception {
        try (TestDatabase db = new TestDatabase();
                Database database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2);
                Alerting alerting = Alerting.create(
                        database.dataSource(), new DryRunChannel(), Clock.systemUTC(), Alerting.Settings.defaults())) {
            DataSource ds = database.dataSource();
            Party parties = seedOrder(ds, "ZIP");
            long compressed = db.count("SELECT count(compress_chunk(c)) FROM show_chunks('pings', older_than =>"
                    + " now() - interval '3 days') c");
            db.count("SELECT count(compress_chunk(c)) FROM show_chunks('device_events', older_than =>"
                    + " now() - interval '3 days') c");
            assertTrue(compressed >= DAYS - 4, "compressed chunks: " + compressed);
            assertEquals(
                    compressed,
                    db.count("SELECT count(*) FROM timescaledb_information.chunks"
                            + " WHERE hypertable_name = 'pings' AND is_compressed"));

            // An alert over a compressed week: its bundle carries every chained ping of the episode and verifies.
            EvidenceKey key = EvidenceKey.ephemeral();
            EvidenceService evidence = evidence(ds, key, alerting);
            Instant start = NOW.minus(Duration.ofDays(10));
            Instant end = NOW.minus(Duration.ofDays(5));
            OrderDocument order = stored(ds, parties.orderId());
            alerting.alerts().raise(trigger(order, parties, start, null), order.contacts());
            UUID alertId = alerting.alerts()
                    .raise(trigger(order, parties, start, end), order.contacts())
                    .alert()
                    .id();
            evidence.checkpoint();
            long through = evidence.head(ChainHash.alertChain(alertId));
            ByteArrayOutputStream bundle = new ByteArrayOutputStream();
            evidence.writeAlertBundle(evidence.subject(alertId).orElseThrow(), through, bundle);
            BundleVerifier.Verdict verdict = verify(bundle.toByteArray(), key);
            assertTrue(verdict.verified(), verdict.render());
            long episodePings =
                    db.count("SELECT count(*) FROM pings WHERE ts BETWEEN '" + start + "' AND '" + end + "'");
            assertTrue(
                    verdict.records() >= episodePings, verdict.records() + " records for " + episodePings + " pings");

            // The whole order's export, from compressed and uncompressed chunks alike, verifies.
            BundleVerifier.Verdict export = verify(exportBytes(ds, key, parties), key);
            assertTrue(export.verified(), export.render());
            long telemetry = db.count("SELECT count(*) FROM pings") + db.count("SELECT count(*) FROM device_events");
            assertTrue(
                    export.records() >= telemetry,
                    "every stored ping and event of the order is in the export: " + export.records() + " records for "
                            + telemetry);

            // A redelivered ping (same device, seq and time) into a compressed chunk is stored once; a late one is
            // kept.
            long stored = db.count("SELECT count(*) FROM pings");
            try (TelemetryWriter writer = writer(ds)) {
                String where = " FROM pings WHERE device_id = '" + parties.respondent()
                        + "' AND ts < now() - interval '8 days'";
                Instant old = Instant.parse(db.text(
                        "SELECT to_char(max(ts) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')" + where));
                long seq = db.count("SELECT max(seq)" + where);
                assertEquals(1, db.count("SELECT count(*)" + where.replace("ts <", "seq = " + seq + " AND ts <")));
                assertTrue(
                        db.count("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'pings'"
                                        + " AND is_compressed AND range_start <= '" + old + "' AND range_end > '" + old
                                        + "'")
                                == 1,
                        "the ping lies in a compressed chunk");
                assertFalse(writer.submit(fix(parties.respondent(), seq, old)).get(), "a redelivery is not fresh");
                assertTrue(writer.submit(fix(parties.respondent(), 900_000, old.plusSeconds(7)))
                        .get());
            }
            assertEquals(stored + 1, db.count("SELECT count(*) FROM pings"));

            // A batch that mixes a redelivery with new fixes (the writer copies fixes, and falls back to skipping
            // stored ones when the copy meets one): the new ones are stored and chained once, the old one not again.
            String chain = "'" + ChainHash.deviceChain(parties.protectedPerson()) + "'";
            long links = db.count("SELECT count(*) FROM chain_links WHERE chain = " + chain);
            long lastSeq = db.count("SELECT max(seq) FROM pings WHERE device_id = '" + parties.protectedPerson() + "'");
            Instant lastTs =
                    Instant.parse(db.text("SELECT to_char(max(ts) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                            + " FROM pings WHERE device_id = '" + parties.protectedPerson() + "'"));
            try (TelemetryWriter writer = writer(ds)) {
                List<CompletableFuture<Boolean>> fresh = new java.util.ArrayList<>();
                fresh.add(writer.enqueue(fix(parties.protectedPerson(), lastSeq, lastTs)));
                for (int i = 1; i <= 3; i++) {
                    fresh.add(writer.enqueue(fix(parties.protectedPerson(), lastSeq + i, lastTs.plusSeconds(i))));
                }
                assertEquals(
                        List.of(false, true, true, true),
                        fresh.stream().map(CompletableFuture::join).toList());
            }
            assertEquals(links + 3, db.count("SELECT count(*) FROM chain_links WHERE chain = " + chain));
            assertEquals(stored + 4, db.count("SELECT count(*) FROM pings"));
        }
    }

    @Test
    void retentionDropsWholeChunksOfCompressedHistoryAndLogsEveryRowItRemoved() throws Exception {
        try (TestDatabase db = new TestDatabase();
                Database database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2)) {
            DataSource ds = database.dataSource();
            seedOrder(ds, "RET");
            db.count(
                    "SELECT count(compress_chunk(c)) FROM show_chunks('pings', older_than => now() - interval '3 days') c");
            long chunks = db.count("SELECT count(*) FROM show_chunks('pings')");
            // Respondents kept 8 days and protected persons 4: the limits cut through compressed chunks.
            Instant respondentLimit = NOW.minus(Duration.ofDays(8));
            Instant protectedLimit = NOW.minus(Duration.ofDays(4));
            long respondentOld = db.count(
                    "SELECT count(*) FROM pings WHERE device_id LIKE 'ret-r-%' AND ts < '" + respondentLimit + "'");
            long protectedOld = db.count(
                    "SELECT count(*) FROM pings WHERE device_id LIKE 'ret-p-%' AND ts < '" + protectedLimit + "'");
            long eventsOld = db.count("SELECT count(*) FROM device_events WHERE ts < '" + respondentLimit + "'");
            long total = db.count("SELECT count(*) FROM pings");

            RetentionPolicy policy = new RetentionPolicy(
                    ds, Duration.ofDays(4), Duration.ofDays(8), Clock.fixed(NOW, ZoneOffset.UTC), () -> {});
            assertEquals(respondentOld + protectedOld + eventsOld, policy.run());

            assertEquals(total - respondentOld - protectedOld, db.count("SELECT count(*) FROM pings"));
            assertEquals(0, db.count("SELECT count(*) FROM pings WHERE ts < '" + respondentLimit + "'"));
            assertTrue(
                    db.count("SELECT count(*) FROM show_chunks('pings')") <= chunks - 3,
                    "whole chunks were dropped, not emptied");
            assertEquals(
                    respondentOld,
                    db.count(
                            "SELECT rows_removed FROM retention_log WHERE table_name = 'pings' AND role = 'respondent'"));
            assertEquals(
                    protectedOld,
                    db.count(
                            "SELECT rows_removed FROM retention_log WHERE table_name = 'pings' AND role = 'protected'"));
            assertEquals(
                    db.count("SELECT count(*) FROM retention_log"),
                    db.count("SELECT count(*) FROM chain_links WHERE chain = 'retention'"));
        }
    }

    /** The two devices of an order, ids unique to the test. */
    private record Party(String orderId, String respondent, String protectedPerson) {}

    /**
     * An order whose two parties sent a fix every {@link #EVERY} for {@link #DAYS} days up to now, and a few device
     * events, all through the real writer (so the evidence chains are the ones production builds).
     */
    private static Party seedOrder(DataSource ds, String tag) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Party p = new Party(tag + "-" + suffix, tag.toLowerCase() + "-r-" + suffix, tag.toLowerCase() + "-p-" + suffix);
        OrderDocument order =
                OrderDocument.parse(GatewayHarness.sampleOrder(p.orderId(), p.respondent(), p.protectedPerson()));
        assertTrue(new OrderRegistry(ds).create(order, "test", NOW));
        try (TelemetryWriter writer = writer(ds)) {
            CompletableFuture<Boolean> last = null;
            long n = Duration.ofDays(DAYS).dividedBy(EVERY);
            for (long i = 0; i < n; i++) {
                Instant ts = NOW.minus(Duration.ofDays(DAYS)).plus(EVERY.multipliedBy(i));
                writer.submit(fix(p.respondent(), i + 1, ts));
                last = writer.submit(fix(p.protectedPerson(), i + 1, ts.plusSeconds(3)));
                if (i % 36 == 0) {
                    byte[] raw = "{\"type\":\"battery_low\"}".getBytes(StandardCharsets.UTF_8);
                    writer.submit(new Telemetry.Event(
                            p.respondent(),
                            100_000 + i,
                            ts.plusSeconds(5),
                            ts.plusSeconds(6),
                            DeviceEventType.BATTERY_LOW,
                            null,
                            null,
                            raw));
                }
            }
            last.get();
        }
        return p;
    }

    private static OrderDocument stored(DataSource ds, String orderId) {
        OrderRegistry registry = new OrderRegistry(ds);
        registry.load();
        return registry.get(orderId).orElseThrow();
    }

    private static Telemetry.Fix fix(String device, long seq, Instant ts) {
        double lat = GatewayHarness.HOME_LAT + (seq % 50) / 111_000.0;
        byte[] raw = ("{\"seq\":" + seq + ",\"ts\":" + ts.toEpochMilli() + "}").getBytes(StandardCharsets.UTF_8);
        return new Telemetry.Fix(
                device, seq, ts, ts.plusMillis(800), lat, GatewayHarness.HOME_LON, 6.0, 0.5, 90.0, 80, raw);
    }

    private static TelemetryWriter writer(DataSource ds) {
        return new TelemetryWriter(ds, 200, 20_000, fresh -> {}, new SimpleMeterRegistry().timer("batch"));
    }

    private static EvidenceService evidence(DataSource ds, EvidenceKey key, Alerting alerting) {
        return new EvidenceService(
                ds,
                key,
                stored -> OrderDocument.parse(stored).courtOrder(),
                alerting.alerts(),
                Duration.ofMinutes(4),
                Clock.systemUTC());
    }

    private static byte[] exportBytes(DataSource ds, EvidenceKey key, Party p) throws Exception {
        try (Alerting alerting =
                Alerting.create(ds, new DryRunChannel(), Clock.systemUTC(), Alerting.Settings.defaults())) {
            EvidenceService evidence = evidence(ds, key, alerting);
            evidence.checkpoint();
            OrderDocument order = stored(ds, p.orderId());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            evidence.writeOrderExport(order.courtOrder(), out);
            return out.toByteArray();
        }
    }

    /** The order's export, checked to verify, as its entries by name. */
    private static Map<String, byte[]> export(DataSource ds, EvidenceKey key, Party p) throws Exception {
        byte[] zip = exportBytes(ds, key, p);
        BundleVerifier.Verdict verdict = verify(zip, key);
        assertTrue(verdict.verified(), verdict.render());
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static BundleVerifier.Verdict verify(byte[] zip, EvidenceKey key) throws Exception {
        Path file = Files.createTempFile("timescale-store", ".zip");
        try {
            Files.write(file, zip);
            return BundleVerifier.verify(file, Optional.of(key.publicKey()));
        } finally {
            Files.delete(file);
        }
    }

    private static AlertTrigger trigger(OrderDocument order, Party p, Instant start, Instant end) {
        return new AlertTrigger(
                "episode-" + p.orderId(),
                order.order().id(),
                AlertType.BREACH,
                "home",
                p.respondent(),
                "respondent",
                start,
                end,
                false,
                -350.0,
                5.0,
                "respondent inside the exclusion zone (test)");
    }
}
