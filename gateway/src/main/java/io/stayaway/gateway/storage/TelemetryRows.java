package io.stayaway.gateway.storage;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import de.bytefish.pgbulkinsert.util.PostgreSqlUtils;
import io.stayaway.gateway.ingest.FixSources;
import io.stayaway.gateway.ingest.Telemetry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * How the telemetry writer puts records into {@code pings} and {@code device_events}, in the caller's transaction.
 * Fixes go in by binary {@code COPY} ({@link #copyFixes}), the cheapest way into a hypertable, which fails as a
 * whole when one of them is stored already; or by an {@code INSERT … ON CONFLICT DO NOTHING RETURNING} that skips
 * those and says which were new ({@link #insertFixes}), for a batch that holds a redelivery. Events, which are few,
 * always take the second way. Stateless.
 */
final class TelemetryRows {
    /** SQLSTATE unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final PgBulkInsert<Telemetry.Fix> FIXES = new PgBulkInsert<>(new FixColumns());

    private TelemetryRows() {}

    /** The columns of a fix in {@code pings}, as the COPY writes them; {@code stored_at} takes its default. */
    private static final class FixColumns extends AbstractMapping<Telemetry.Fix> {
        FixColumns() {
            super("", "pings");
            mapText("device_id", Telemetry::deviceId);
            mapLong("seq", Telemetry::seq);
            mapTimeStampTz("ts", f -> utc(f.ts()));
            mapTimeStampTz("received_at", f -> utc(f.receivedAt()));
            mapDouble("lat", Telemetry.Fix::lat);
            mapDouble("lon", Telemetry.Fix::lon);
            mapDouble("acc", Telemetry.Fix::acc);
            mapDouble("speed", Telemetry.Fix::speed);
            mapDouble("heading", Telemetry.Fix::heading);
            mapShort("battery", f -> f.battery() == null ? null : f.battery().shortValue());
            mapText("src", f -> FixSources.wireName(f.source()));
            mapByteArray("raw", Telemetry::raw);
        }
    }

    /** Copies every fix into {@code pings}; fails (see {@link #duplicateKey}) if one of them is stored already. */
    static void copyFixes(Connection c, List<Telemetry.Fix> fixes) throws SQLException {
        FIXES.saveAll(PostgreSqlUtils.getPGConnection(c), fixes);
    }

    /** Whether {@code failure} (a COPY's, however the driver wrapped it) is a unique violation: a record stored before. */
    static boolean duplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A time as stored: truncated to the microsecond, as the evidence chain's record of it is. */
    private static ZonedDateTime utc(Instant t) {
        return ZonedDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    static Set<TelemetryWriter.Key> insertFixes(Connection c, List<Telemetry.Fix> f) throws SQLException {
        return insert(
                c,
                false,
                """
                INSERT INTO pings (device_id, seq, ts, received_at, lat, lon, acc, speed, heading, battery, src, raw)
                SELECT * FROM unnest(?::text[], ?::int8[], ?::timestamptz[], ?::timestamptz[], ?::float8[], ?::float8[],
                                     ?::float8[], ?::float8[], ?::float8[], ?::int2[], ?::text[], ?::bytea[])
                ON CONFLICT DO NOTHING
                RETURNING device_id, seq, ts""",
                List.of(
                        new Column("text", column(f, Telemetry::deviceId, String[]::new)),
                        new Column("int8", column(f, Telemetry::seq, Long[]::new)),
                        new Column("text", column(f, x -> micros(x.ts()), String[]::new)),
                        new Column("text", column(f, x -> micros(x.receivedAt()), String[]::new)),
                        new Column("float8", column(f, Telemetry.Fix::lat, Double[]::new)),
                        new Column("float8", column(f, Telemetry.Fix::lon, Double[]::new)),
                        new Column("float8", column(f, Telemetry.Fix::acc, Double[]::new)),
                        new Column("float8", column(f, Telemetry.Fix::speed, Double[]::new)),
                        new Column("float8", column(f, Telemetry.Fix::heading, Double[]::new)),
                        new Column(
                                "int2",
                                column(
                                        f,
                                        x -> x.battery() == null
                                                ? null
                                                : x.battery().shortValue(),
                                        Short[]::new)),
                        new Column("text", column(f, x -> FixSources.wireName(x.source()), String[]::new)),
                        new Column("bytea", column(f, Telemetry::raw, byte[][]::new))));
    }

    static Set<TelemetryWriter.Key> insertEvents(Connection c, List<Telemetry.Event> e) throws SQLException {
        return insert(
                c,
                true,
                """
                INSERT INTO device_events (device_id, seq, ts, received_at, type, lat, lon, raw)
                SELECT * FROM unnest(?::text[], ?::int8[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::float8[], ?::float8[], ?::bytea[])
                ON CONFLICT DO NOTHING
                RETURNING device_id, seq, ts""",
                List.of(
                        new Column("text", column(e, Telemetry::deviceId, String[]::new)),
                        new Column("int8", column(e, Telemetry::seq, Long[]::new)),
                        new Column("text", column(e, x -> micros(x.ts()), String[]::new)),
                        new Column("text", column(e, x -> micros(x.receivedAt()), String[]::new)),
                        new Column("text", column(e, x -> x.type().wireName(), String[]::new)),
                        new Column("float8", column(e, Telemetry.Event::lat, Double[]::new)),
                        new Column("float8", column(e, Telemetry.Event::lon, Double[]::new)),
                        new Column("bytea", column(e, Telemetry::raw, byte[][]::new))));
    }

    /**
     * A time as stored: truncated to the microsecond here, because PostgreSQL would round it, and the
     * evidence chain's record of it ({@code TelemetryRecord}) is truncated the same way.
     */
    private static String micros(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
    }

    /** One array parameter of an {@code unnest} insert: its PostgreSQL element type and values. */
    private record Column(String type, Object[] values) {}

    private static <T, V> V[] column(List<T> rows, Function<? super T, ? extends V> value, IntFunction<V[]> array) {
        V[] out = array.apply(rows.size());
        for (int i = 0; i < out.length; i++) {
            out[i] = value.apply(rows.get(i));
        }
        return out;
    }

    /** Runs an {@code INSERT … SELECT FROM unnest(…) … RETURNING device_id, seq, ts}; returns the keys it stored. */
    private static Set<TelemetryWriter.Key> insert(Connection c, boolean event, String sql, List<Column> columns)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < columns.size(); i++) {
                ps.setArray(
                        i + 1,
                        c.createArrayOf(columns.get(i).type(), columns.get(i).values()));
            }
            Set<TelemetryWriter.Key> keys = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new TelemetryWriter.Key(
                            event,
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getTimestamp(3).toInstant()));
                }
            }
            return keys;
        }
    }
}
