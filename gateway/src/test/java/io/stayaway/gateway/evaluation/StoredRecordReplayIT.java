package io.stayaway.gateway.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stayaway.alerts.testing.TestDatabase;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.storage.Database;
import io.stayaway.gateway.storage.TelemetryWriter;
import io.stayaway.geofence.FixSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What start-up replays from storage is what live evaluation saw: a fix's source is stored ({@code pings.src}) and read
 * back, so a Wi-Fi fix replayed after a crash still holds a warning rather than raising one.
 */
class StoredRecordReplayIT {
    private static final Instant T0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

    private TestDatabase db;
    private Database database;
    private TelemetryWriter writer;

    @BeforeEach
    void start() {
        db = new TestDatabase();
        database = Database.open(db.jdbcUrl(), db.user(), db.password(), 2);
        writer = new TelemetryWriter(
                database.dataSource(), 100, 1_000, records -> {}, new SimpleMeterRegistry().timer("batch"));
    }

    @AfterEach
    void stop() {
        writer.close();
        database.close();
        db.close();
    }

    private static Telemetry.Fix fix(long seq, FixSource source) {
        Instant ts = T0.plusSeconds(seq);
        return new Telemetry.Fix(
                "dev-1",
                seq,
                ts,
                ts.plusMillis(200),
                31.23,
                121.47,
                30,
                null,
                null,
                null,
                source,
                new byte[] {7},
                false);
    }

    @Test
    void eachFixIsReplayedWithTheSourceItCameWith() throws Exception {
        List<Telemetry.Fix> sent = List.of(
                fix(1, FixSource.GNSS), fix(2, FixSource.WIFI), fix(3, FixSource.CELL), fix(4, FixSource.UNKNOWN));
        for (Telemetry.Fix f : sent) {
            writer.submit(f).get(10, TimeUnit.SECONDS);
        }

        List<Telemetry> replayed = new ArrayList<>();
        int count = new StoredRecordReplay(database.dataSource()).replay(List.of("dev-1"), T0, replayed::add);

        assertEquals(4, count);
        assertEquals(
                sent.stream().map(Telemetry.Fix::source).toList(),
                replayed.stream().map(t -> ((Telemetry.Fix) t).source()).toList());
        assertEquals("gnss,wifi,cell,-", column("SELECT string_agg(coalesce(src, '-'), ',' ORDER BY seq) FROM pings"));
    }

    private String column(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
