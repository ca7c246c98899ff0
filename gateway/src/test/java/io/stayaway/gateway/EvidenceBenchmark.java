package io.stayaway.gateway;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.notify.DryRunChannel;
import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.storage.Database;
import io.stayaway.gateway.storage.TelemetryWriter;
import io.vertx.core.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Benchmark (not a test) of court evidence against the real PostgreSQL on this machine: (1) the
 * evidence bundle of a six-hour breach episode, (2) the full export of a six-month order and its
 * offline verification, with the heap the export needs. Pings are stored through the real
 * {@link TelemetryWriter}, so the hash chains are the ones production builds.
 *
 * <pre>mvn -B -pl gateway -Pbench-evidence test-compile exec:exec</pre>
 * The profile runs the JVM with {@code -Xmx256m} (the export's memory bound). Arguments (system
 * properties, defaults in brackets): {@code -Dbundle.pings} pings per party in the episode [1440],
 * {@code -Dbundle.interval} seconds between them [15], {@code -Dbundle.runs} timed bundles [7],
 * {@code -Dbundle.warmup} untimed bundles first [3], {@code -Dexport.pings} pings of the exported
 * order, split between its two parties [1000000], {@code -Dexport.interval} seconds between one
 * party's pings [30: 2 × 500,000 spans 174 days, a six-month order].
 */
public final class EvidenceBenchmark {
    private static final double HOME_LAT = 31.2304;
    private static final double HOME_LON = 121.4737;
    private static final double METRES_PER_DEGREE_LAT = 110_950;

    private EvidenceBenchmark() {}

    /** One line of the summary table. */
    private record Row(String what, String target, String figure, boolean met) {}

    public static void main(String[] args) throws Exception {
        int bundlePings = Integer.getInteger("bundle.pings", 1440);
        int bundleInterval = Integer.getInteger("bundle.interval", 15);
        int runs = Integer.getInteger("bundle.runs", 7);
        int warmup = Integer.getInteger("bundle.warmup", 3);
        int exportPings = Integer.getInteger("export.pings", 1_000_000);
        int exportInterval = Integer.getInteger("export.interval", 30);
        if (bundlePings < 2 || runs < 5 || exportPings < 2 || bundleInterval < 1 || exportInterval < 1 || warmup < 0) {
            throw new IllegalArgumentException(
                    "need bundle.pings >= 2, bundle.runs >= 5, export.pings >= 2, intervals >= 1 s, bundle.warmup >= 0");
        }
        System.out.printf(
                "JVM max heap %d MiB, %d processor(s); PostgreSQL at 127.0.0.1:5432 on the same machine%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        Clock clock = Clock.systemUTC();
        List<Row> summary = new ArrayList<>();
        Path dir = Files.createTempDirectory("evidence-bench");
        try (TestDatabase db = new TestDatabase();
                Database database = Database.open(db.jdbcUrl(), db.user(), db.password(), 4);
                Alerting alerting = Alerting.create(
                        database.dataSource(), new DryRunChannel(), clock, Alerting.Settings.defaults())) {
            EvidenceKey key = EvidenceKey.ephemeral();
            EvidenceService evidence = new EvidenceService(
                    database.dataSource(),
                    key,
                    stored -> OrderDocument.parse(stored).courtOrder(),
                    alerting.alerts(),
                    java.time.Duration.ofMinutes(4),
                    clock);
            OrderRegistry orders = new OrderRegistry(database.dataSource());
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant exportStart = now.minusSeconds((long) exportInterval * (exportPings / 2 + 1));

            alertBundle(
                    database,
                    alerting,
                    evidence,
                    orders,
                    key,
                    now,
                    bundlePings,
                    bundleInterval,
                    warmup,
                    runs,
                    dir,
                    summary);
            orderExport(database, evidence, orders, key, exportStart, exportPings, exportInterval, dir, summary);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println();
        System.out.println("Evidence benchmark — 2 cores; PostgreSQL, the benchmark and the JVM (-Xmx"
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB) on the same machine");
        System.out.printf("%-62s | %-12s | %s%n", "what", "target", "measured");
        System.out.println("-".repeat(62) + "-+-" + "-".repeat(12) + "-+-" + "-".repeat(60));
        for (Row r : summary) {
            System.out.printf(
                    "%-62s | %-12s | %s%s%n",
                    r.what(), r.target(), r.figure(), r.met() ? "" : "   ** TARGET MISSED **");
        }
        System.out.println("(throw-away database dropped, temporary files deleted)");
        System.exit(0);
    }

    /** Part 1: a closed six-hour breach episode, both parties pinging throughout; bundle timed and verified. */
    private static void alertBundle(
            Database database,
            Alerting alerting,
            EvidenceService evidence,
            OrderRegistry orders,
            EvidenceKey key,
            Instant now,
            int pings,
            int interval,
            int warmup,
            int runs,
            Path dir,
            List<Row> summary)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String respondent = "bench-r-" + suffix;
        String protectedPerson = "bench-p-" + suffix;
        OrderDocument order =
                OrderDocument.parse(GatewayHarness.sampleOrder("BENCH-EV-" + suffix, respondent, protectedPerson));
        if (!orders.create(order, "benchmark", Instant.now())) {
            throw new IllegalStateException("order " + order.order().id() + " exists already");
        }
        Duration episode = Duration.ofSeconds((long) interval * (pings - 1));
        Instant start = now.minus(episode).minus(Duration.ofHours(1));
        System.out.printf(
                "%n[1] evidence bundle: storing %,d + %,d pings (every %d s over %s) through TelemetryWriter …%n",
                pings, pings, interval, episode);
        long t0 = System.nanoTime();
        try (TelemetryWriter writer = writer(database)) {
            // Respondent 150 m north of home, inside the 500 m exclusion zone; the protected person 20 m south of it.
            CompletableFuture<Boolean> r = seed(writer, respondent, start, 0, pings, interval, 150);
            CompletableFuture<Boolean> p = seed(writer, protectedPerson, start, 3, pings, interval, -20);
            CompletableFuture.allOf(r, p).join();
        }
        System.out.printf("    stored in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        requireCount(
                database,
                "SELECT count(*) FROM pings WHERE device_id IN ('" + respondent + "', '" + protectedPerson + "')",
                2L * pings);

        // The alert as the evaluator raises it: opened at the episode start, then closed with its end.
        String episodeId = "bench-episode-" + suffix;
        Instant end = start.plus(episode);
        alerting.alerts().raise(trigger(order, episodeId, respondent, start, null), order.contacts());
        UUID alertId = alerting.alerts()
                .raise(trigger(order, episodeId, respondent, start, end), order.contacts())
                .alert()
                .id();
        evidence.checkpoint();
        evidence.recordAccess(
                ChainHash.alertChain(alertId), "bench", "court", "evidence.export", "alert/" + alertId, "benchmark");
        long through = evidence.head(ChainHash.alertChain(alertId));
        EvidenceService.Subject subject = evidence.subject(alertId).orElseThrow();

        byte[] bundle = null;
        for (int i = 0; i < warmup; i++) {
            bundle = bundle(evidence, subject, through);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            byte[] b = bundle(evidence, subject, through);
            millis.add((System.nanoTime() - s) / 1e6);
            if (bundle != null && !java.util.Arrays.equals(bundle, b)) {
                throw new IllegalStateException(
                        "two bundles built through the same position differ: bundles must be reproducible");
            }
            bundle = b;
        }
        Path file = Files.write(dir.resolve("bundle.zip"), bundle);
        long v0 = System.nanoTime();
        BundleVerifier.Verdict verdict = BundleVerifier.verify(file, Optional.of(key.publicKey()));
        double verifyMs = (System.nanoTime() - v0) / 1e6;
        if (!verdict.verified() || verdict.records() < 2L * pings) {
            throw new IllegalStateException("the bundle does NOT verify (or misses records):\n" + verdict.render());
        }
        Collections.sort(millis);
        double median = millis.get(millis.size() / 2);
        double max = millis.get(millis.size() - 1);
        System.out.printf(
                "    writeAlertBundle, %d runs after %d warm-up: %s ms%n",
                runs, warmup, millis.stream().map(m -> String.format("%.0f", m)).toList());
        System.out.printf(
                "    bundle %,d bytes, %,d chained records; verified in %.0f ms%n",
                bundle.length, verdict.records(), verifyMs);
        summary.add(new Row(
                String.format("alert bundle, 6 h episode, %,d+%,d pings at %d s: median", pings, pings, interval),
                "≤ 2 s",
                String.format("%.0f ms (max %.0f ms over %d runs), %,d bytes", median, max, runs, bundle.length),
                max <= 2_000));
        summary.add(new Row(
                "alert bundle: BundleVerifier.verify",
                "verifies",
                String.format("VERIFIED, %,d records, %.0f ms", verdict.records(), verifyMs),
                true));
        Files.delete(file);
    }

    /** Part 2: a six-month order's full export to a file, the heap it takes, and the offline verification of the archive. */
    private static void orderExport(
            Database database,
            EvidenceService evidence,
            OrderRegistry orders,
            EvidenceKey key,
            Instant start,
            int total,
            int interval,
            Path dir,
            List<Row> summary)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String respondent = "bench-xr-" + suffix;
        String protectedPerson = "bench-xp-" + suffix;
        OrderDocument order =
                OrderDocument.parse(GatewayHarness.sampleOrder("BENCH-EX-" + suffix, respondent, protectedPerson));
        if (!orders.create(order, "benchmark", Instant.now())) {
            throw new IllegalStateException("order " + order.order().id() + " exists already");
        }
        int perParty = total / 2;
        if (start.isBefore(order.order().validFrom())) {
            throw new IllegalArgumentException("export.pings × export.interval reaches before the order's validity ("
                    + order.order().validFrom() + ")");
        }
        System.out.printf(
                "%n[2] full export: storing %,d pings (2 parties × %,d, every %d s from %s) through TelemetryWriter …%n",
                2L * perParty, perParty, interval, start);
        long t0 = System.nanoTime();
        try (TelemetryWriter writer = writer(database)) {
            int chunk = 10_000;
            CompletableFuture<Boolean> last = null;
            // Both devices interleaved in time, as they arrive in production.
            for (int from = 0; from < perParty; from += chunk) {
                int n = Math.min(chunk, perParty - from);
                seed(writer, respondent, start.plusSeconds((long) from * interval), from, n, interval, 2_000);
                last = seed(
                        writer, protectedPerson, start.plusSeconds((long) from * interval + 3), from, n, interval, -20);
                if ((from / chunk) % 20 == 19) {
                    System.out.printf(
                            "    %,d stored, %.0f pings/s%n",
                            writer.storedCount(), writer.storedCount() / ((System.nanoTime() - t0) / 1e9));
                }
            }
            last.join();
        }
        double seedSeconds = (System.nanoTime() - t0) / 1e9;
        requireCount(
                database,
                "SELECT count(*) FROM pings WHERE device_id IN ('" + respondent + "', '" + protectedPerson + "')",
                2L * perParty);
        requireCount(
                database,
                "SELECT count(*) FROM chain_links WHERE chain IN ('" + ChainHash.deviceChain(respondent) + "', '"
                        + ChainHash.deviceChain(protectedPerson) + "')",
                2L * perParty);
        System.out.printf(
                "    stored and chained in %.1f s: %,.0f pings/s%n", seedSeconds, 2L * perParty / seedSeconds);
        summary.add(new Row(
                String.format("seeding through TelemetryWriter (batches of 500, chained)"),
                "-",
                String.format(
                        "%,d pings in %.0f s = %,.0f pings/s", 2L * perParty, seedSeconds, 2L * perParty / seedSeconds),
                true));
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("VACUUM ANALYZE")) {
            ps.execute(); // as autovacuum would have, over six months
        }
        evidence.checkpoint();
        evidence.recordAccess(
                "order:" + order.order().id(),
                "bench",
                "court",
                "order.export",
                "order/" + order.order().id(),
                "benchmark");

        Path archive = dir.resolve("export.zip");
        System.gc();
        HeapWatch heap = new HeapWatch();
        long e0 = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16)) {
            evidence.writeOrderExport(order.courtOrder(), out);
        }
        double exportSeconds = (System.nanoTime() - e0) / 1e9;
        HeapWatch.Peak peak = heap.stop();
        long size = Files.size(archive);
        System.out.printf(
                "    writeOrderExport: %.1f s, archive %,d bytes; heap used peak %d MiB (sampled), %d MiB (sum of pool peaks),"
                        + " %d MiB live after the fullest of %d collections%n",
                exportSeconds,
                size,
                peak.sampled() >> 20,
                peak.poolPeaks() >> 20,
                peak.afterGc() >> 20,
                peak.collections());
        summary.add(new Row(
                String.format(
                        "full export, %,d pings over %d days: writeOrderExport",
                        2L * perParty,
                        Duration.between(start, start.plusSeconds((long) interval * perParty))
                                .toDays()),
                "-",
                String.format("%.1f s, ZIP %,.1f MiB", exportSeconds, size / 1048576.0),
                true));
        long bound = Runtime.getRuntime().maxMemory();
        summary.add(new Row(
                "full export heap: peak used sampled / pool peaks / live",
                "≤ 256 MiB",
                String.format(
                        "%d / %d / %d MiB (-Xmx %d MiB, %d GCs)",
                        peak.sampled() >> 20,
                        peak.poolPeaks() >> 20,
                        peak.afterGc() >> 20,
                        bound >> 20,
                        peak.collections()),
                bound <= 256L << 20));

        long v0 = System.nanoTime();
        BundleVerifier.Verdict verdict = BundleVerifier.verify(archive, Optional.of(key.publicKey()));
        double verifySeconds = (System.nanoTime() - v0) / 1e9;
        if (!verdict.verified() || verdict.records() != 2L * perParty) {
            throw new IllegalStateException("the export does NOT verify (or has " + verdict.records() + " records, not "
                    + 2L * perParty + "):\n" + verdict.render());
        }
        System.out.printf(
                "    BundleVerifier.verify: %.1f s, VERIFIED, %,d chained records%n", verifySeconds, verdict.records());
        summary.add(new Row(
                "full export: BundleVerifier.verify",
                "≤ 30 s",
                String.format("%.1f s, VERIFIED, %,d records", verifySeconds, verdict.records()),
                verifySeconds <= 30));
        Files.delete(archive);
    }

    private static byte[] bundle(EvidenceService evidence, EvidenceService.Subject subject, long through)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        evidence.writeAlertBundle(subject, through, out);
        return out.toByteArray();
    }

    private static AlertTrigger trigger(
            OrderDocument order, String episodeId, String respondent, Instant start, Instant end) {
        return new AlertTrigger(
                episodeId,
                order.order().id(),
                AlertType.BREACH,
                "home",
                respondent,
                "respondent",
                start,
                end,
                false,
                -350.0,
                5.0,
                "respondent 150 m from home, inside the 500 m exclusion zone (benchmark)");
    }

    private static TelemetryWriter writer(Database database) {
        Timer batches = Timer.builder("bench_store_batch").register(new SimpleMeterRegistry());
        return new TelemetryWriter(database.dataSource(), 500, 20_000, fresh -> {}, batches);
    }

    /**
     * Submits {@code n} pings of one device, {@code interval} s apart from {@code first}, with sequence
     * numbers from {@code seq0 + 1}, {@code metresNorth} of home; returns the last one's future (the
     * writer completes futures in order).
     */
    private static CompletableFuture<Boolean> seed(
            TelemetryWriter writer, String deviceId, Instant first, long seq0, int n, int interval, double metresNorth)
            throws InterruptedException {
        CompletableFuture<Boolean> last = null;
        for (int i = 0; i < n; i++) {
            long seq = seq0 + i + 1;
            Instant ts = first.plusSeconds((long) i * interval);
            double lat = HOME_LAT + (metresNorth + (seq % 7)) / METRES_PER_DEGREE_LAT;
            int battery = (int) (100 - seq % 90);
            byte[] raw = new JsonObject()
                    .put("seq", seq)
                    .put("ts", ts.toEpochMilli())
                    .put("lat", lat)
                    .put("lon", HOME_LON)
                    .put("acc", 6.0)
                    .put("speed", 0.8)
                    .put("heading", 90)
                    .put("battery", battery)
                    .encode()
                    .getBytes(StandardCharsets.UTF_8);
            last = writer.submit(new Telemetry.Fix(
                    deviceId, seq, ts, ts.plusMillis(900), lat, HOME_LON, 6.0, 0.8, 90.0, battery, raw));
        }
        return last;
    }

    private static void requireCount(Database database, String sql, long expected) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new IllegalStateException("expected " + expected + " rows, found " + rs.getLong(1) + ": " + sql);
            }
        }
    }

    /**
     * Heap used while a measured step runs: sampled every 5 ms (garbage included), the sum of the heap
     * pools' peaks since the start (an upper bound: the pools need not peak together), and the most
     * left after any collection (what the step really keeps alive).
     */
    private static final class HeapWatch {
        record Peak(long sampled, long poolPeaks, long afterGc, int collections) {}

        private final AtomicLong max = new AtomicLong();
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger collections =
                new java.util.concurrent.atomic.AtomicInteger();
        private final javax.management.NotificationListener onGc = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long after = 0;
                for (Map.Entry<String, MemoryUsage> pool :
                        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (HEAP_POOLS.contains(pool.getKey())) {
                        after += pool.getValue().getUsed();
                    }
                }
                maxAfterGc.accumulateAndGet(after, Math::max);
                collections.incrementAndGet();
            }
        };
        private static final java.util.Set<String> HEAP_POOLS =
                java.util.Set.copyOf(ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP)
                        .map(MemoryPoolMXBean::getName)
                        .toList());
        private volatile boolean running = true;
        private final Thread sampler;
        private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();

        HeapWatch() {
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(onGc, null, null);
            }
            sampler = new Thread(
                    () -> {
                        while (running) {
                            max.accumulateAndGet(
                                    ManagementFactory.getMemoryMXBean()
                                            .getHeapMemoryUsage()
                                            .getUsed(),
                                    Math::max);
                            try {
                                Thread.sleep(5);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        Peak stop() throws InterruptedException {
            running = false;
            sampler.join();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                try {
                    ((NotificationEmitter) gc).removeNotificationListener(onGc);
                } catch (javax.management.ListenerNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            long poolPeaks =
                    pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            return new Peak(max.get(), poolPeaks, maxAfterGc.get(), collections.get());
        }
    }
}
