package io.stayaway.gateway.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.ingest.MessageParser;
import io.stayaway.gateway.ingest.RawMessage;
import io.stayaway.gateway.ingest.RejectReason;
import io.stayaway.gateway.ingest.RejectionLog;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.storage.Database;
import io.stayaway.gateway.storage.TelemetryWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline's first steps (screen, store, acknowledge, hand over) with the real writer on the real PostgreSQL. */
class PipelineIT {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Instant T0 =
            Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

    private TestDatabase db;
    private Database database;
    private TelemetryWriter writer;
    private final RejectionLog rejections = new RejectionLog();
    private final List<Telemetry> handedOver = new CopyOnWriteArrayList<>();
    private final Timer ackLatency = new SimpleMeterRegistry().timer("ack");
    private Pipeline pipeline;

    @BeforeEach
    void start() {
        db = new TestDatabase();
        database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2);
        writer = new TelemetryWriter(
                database.dataSource(), 100, 1_000, handedOver::addAll, new SimpleMeterRegistry().timer("batch"));
        pipeline = new Pipeline(
                new Pipeline.Screen(
                        new MessageParser(Duration.ofMinutes(5), 64 * 1024),
                        Set.of("dev-1", "dev-2")::contains,
                        rejections,
                        CLOCK),
                writer,
                CLOCK,
                ackLatency);
    }

    @AfterEach
    void stop() {
        writer.close();
        database.close();
        db.close();
    }

    private static String ping(long seq) {
        return "{\"seq\":" + seq + ",\"ts\":" + T0.plusSeconds(seq).toEpochMilli()
                + ",\"lat\":31.23,\"lon\":121.47,\"acc\":6.0}";
    }

    private static RawMessage message(String deviceId, String payload) {
        return new RawMessage(
                "wearables/" + deviceId + "/ping", payload.getBytes(StandardCharsets.UTF_8), Instant.now(), null);
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceEachOfItsRecordsIsCommittedAndChained() throws Exception {
        Pipeline.Outcome outcome = pipeline.accept(
                        message("dev-1", "[" + ping(1) + "," + ping(2) + "," + ping(3) + "]"))
                .get(10, TimeUnit.SECONDS);

        assertEquals(new Pipeline.Outcome(3, 0, List.of()), outcome);
        assertEquals(
                3,
                count("SELECT count(*) FROM pings WHERE device_id = 'dev-1'"),
                "committed when the acknowledgement is due");
        assertEquals(
                3,
                count("SELECT count(*) FROM chain_links WHERE device_id = 'dev-1'"),
                "each stored record linked into its chain");
        assertEquals(1, ackLatency.count(), "the acknowledgement latency is recorded per message");
    }

    @Test
    void aRedeliveryIsStoredOnceAndHandedOverOnce() throws Exception {
        pipeline.accept(message("dev-1", ping(7))).get(10, TimeUnit.SECONDS);
        Pipeline.Outcome again = pipeline.accept(message("dev-1", ping(7))).get(10, TimeUnit.SECONDS);

        assertEquals(new Pipeline.Outcome(0, 1, List.of()), again);
        assertEquals(1, count("SELECT count(*) FROM pings WHERE device_id = 'dev-1'"));
        assertEquals(1, handedOver.size(), "a duplicate is not evaluated again: " + handedOver);
    }

    @Test
    void aReusedSeqWithAnotherFixTimeIsAnotherRecordStoredChainedAndHandedOver() throws Exception {
        String later = "{\"seq\":7,\"ts\":" + T0.plusSeconds(300).toEpochMilli()
                + ",\"lat\":31.23,\"lon\":121.47,\"acc\":6.0}"; // after the device restarted its counter
        pipeline.accept(message("dev-1", ping(7))).get(10, TimeUnit.SECONDS);
        Pipeline.Outcome second = pipeline.accept(message("dev-1", later)).get(10, TimeUnit.SECONDS);

        assertEquals(new Pipeline.Outcome(1, 0, List.of()), second, "not a redelivery");
        assertEquals(2, count("SELECT count(*) FROM pings WHERE device_id = 'dev-1' AND seq = 7"));
        assertEquals(
                2,
                count("SELECT count(DISTINCT ts) FROM chain_links WHERE device_id = 'dev-1' AND seq = 7"),
                "both in the device's evidence chain");
        assertEquals(2, handedOver.size(), "both evaluated: " + handedOver);
    }

    @Test
    void aMessageWithAStoredSeqAndFixTimeIsARedeliveryAndTheFirstStoredIsKept() throws Exception {
        String moved = ping(7).replace("\"lat\":31.23", "\"lat\":31.24");
        pipeline.accept(message("dev-1", ping(7))).get(10, TimeUnit.SECONDS);
        Pipeline.Outcome again = pipeline.accept(message("dev-1", moved)).get(10, TimeUnit.SECONDS);

        assertEquals(new Pipeline.Outcome(0, 1, List.of()), again);
        assertEquals(1, count("SELECT count(*) FROM pings WHERE device_id = 'dev-1' AND lat = 31.23"));
        assertEquals(1, count("SELECT count(*) FROM pings WHERE device_id = 'dev-1'"));
        assertEquals(1, handedOver.size());
    }

    @Test
    void theHandOverSeesEachDevicesRecordsInTheOrderTheyWereSent() throws Exception {
        for (long seq = 1; seq <= 20; seq++) {
            pipeline.acceptNow(message("dev-1", ping(seq)));
            pipeline.acceptNow(message("dev-2", ping(seq)));
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> handedOver.size() == 40);

        for (String device : List.of("dev-1", "dev-2")) {
            List<Long> seqs = handedOver.stream()
                    .filter(t -> t.deviceId().equals(device))
                    .map(Telemetry::seq)
                    .toList();
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList(), seqs, device);
        }
    }

    @Test
    void aRecordOfAnUnknownDeviceIsRefusedAtOnceCountedAndKept() throws Exception {
        Pipeline.Outcome outcome = pipeline.accept(message("stranger", ping(1))).get(10, TimeUnit.SECONDS);

        assertEquals(0, outcome.stored());
        assertEquals(
                List.of(RejectReason.UNKNOWN_DEVICE),
                outcome.rejected().stream().map(r -> r.reason()).toList());
        assertEquals(1, rejections.count(RejectReason.UNKNOWN_DEVICE));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> count("SELECT count(*) FROM rejected_messages WHERE reason = 'unknown_device'") == 1);
        assertEquals(0, count("SELECT count(*) FROM pings"));
        assertTrue(handedOver.isEmpty());
    }
}
