-- TimescaleDB becomes the store of what devices send: pings and device_events move from native monthly
-- partitions into hypertables with one-day chunks, so the chunk being written keeps its indexes small,
-- old chunks are compressed column-wise per device, and retention drops whole chunks (RetentionPolicy).
--
-- An installation made by V1..V15 is moved in place: each table is renamed aside, a hypertable of the same
-- columns and primary key is created, every row is copied across in this transaction, and the old table with
-- its partitions is dropped. Rows are copied unchanged, so the evidence chains that hash them are untouched.
-- The copy takes as long as the data is large: on a big installation, run it in a maintenance window.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RAISE EXCEPTION 'Stayaway stores pings in TimescaleDB and this PostgreSQL server does not have the '
            'timescaledb extension. Install it (Timescale''s package timescaledb-2-postgresql-<major>, or '
            'scripts/timescaledb), add it to shared_preload_libraries, restart PostgreSQL and start again. '
            'See docs/deployment.md, "PostgreSQL / TimescaleDB".';
    END IF;
END $$;
CREATE EXTENSION IF NOT EXISTS timescaledb;

-- pings ---------------------------------------------------------------------------------------------------
ALTER TABLE pings RENAME TO pings_partitioned;
ALTER INDEX pings_pkey RENAME TO pings_partitioned_pkey;
ALTER INDEX pings_received_brin RENAME TO pings_partitioned_received_brin;

CREATE TABLE pings (
    device_id   text             NOT NULL,
    seq         bigint           NOT NULL,
    ts          timestamptz      NOT NULL,
    received_at timestamptz      NOT NULL,
    lat         double precision NOT NULL,
    lon         double precision NOT NULL,
    acc         double precision NOT NULL,
    speed       double precision,
    heading     double precision,
    battery     smallint,
    raw         bytea            NOT NULL,    -- exactly what the device sent (the whole MQTT payload)
    stored_at   timestamptz      NOT NULL DEFAULT now(),
    src         text             CHECK (src IN ('gnss', 'wifi', 'cell')),
    PRIMARY KEY (device_id, seq, ts)
);
-- No default index on ts alone: every read names the device, and the primary key serves it.
SELECT create_hypertable('pings', by_range('ts', INTERVAL '1 day'), create_default_indexes => false);
INSERT INTO pings (device_id, seq, ts, received_at, lat, lon, acc, speed, heading, battery, raw, stored_at, src)
SELECT device_id, seq, ts, received_at, lat, lon, acc, speed, heading, battery, raw, stored_at, src
FROM pings_partitioned;
DROP TABLE pings_partitioned;
CREATE INDEX pings_received_brin ON pings USING brin (received_at);

-- device_events ------------------------------------------------------------------------------------------
ALTER TABLE device_events RENAME TO device_events_partitioned;
ALTER INDEX device_events_pkey RENAME TO device_events_partitioned_pkey;
ALTER INDEX device_events_received_brin RENAME TO device_events_partitioned_received_brin;

CREATE TABLE device_events (
    device_id   text             NOT NULL,
    seq         bigint           NOT NULL,
    ts          timestamptz      NOT NULL,
    received_at timestamptz      NOT NULL,
    type        text             NOT NULL,
    lat         double precision,
    lon         double precision,
    raw         bytea            NOT NULL,
    stored_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq, ts)
);
SELECT create_hypertable('device_events', by_range('ts', INTERVAL '1 day'), create_default_indexes => false);
INSERT INTO device_events (device_id, seq, ts, received_at, type, lat, lon, raw, stored_at)
SELECT device_id, seq, ts, received_at, type, lat, lon, raw, stored_at
FROM device_events_partitioned;
DROP TABLE device_events_partitioned;
CREATE INDEX device_events_received_brin ON device_events USING brin (received_at);

DROP FUNCTION ensure_month_partitions(text, date, int);

-- Compression: chunks older than three days become column-wise segments per device, ordered by time, which is
-- how evidence reads them (one device, a time range). Recent chunks stay row-wise for the live pipeline.
ALTER TABLE pings SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id',
                       timescaledb.compress_orderby = 'ts, seq');
ALTER TABLE device_events SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id',
                               timescaledb.compress_orderby = 'ts, seq');
SELECT add_compression_policy('pings', compress_after => INTERVAL '3 days');
SELECT add_compression_policy('device_events', compress_after => INTERVAL '3 days');
