-- Devices, orders, and the time-series of what devices sent.

CREATE TABLE devices (
    device_id     text        PRIMARY KEY,
    password_hash text,                       -- embedded MQTT credentials (null: broker mode / not issued)
    created_at    timestamptz NOT NULL DEFAULT now(),
    retired_at    timestamptz
);

CREATE TABLE orders (
    id          text        PRIMARY KEY,
    body        jsonb       NOT NULL,         -- the order document as accepted by the API
    valid_from  timestamptz NOT NULL,
    valid_until timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    terminated_at timestamptz
);

-- Which device belongs to which order in which role.
CREATE TABLE order_devices (
    order_id  text NOT NULL REFERENCES orders (id),
    device_id text NOT NULL REFERENCES devices (device_id),
    role      text NOT NULL,                  -- respondent | protected
    PRIMARY KEY (order_id, device_id)
);
CREATE INDEX order_devices_device ON order_devices (device_id);

-- Pings, partitioned by fix time so retention drops whole partitions. (device_id, seq, ts) is the
-- identity of a ping: a redelivered message carries the same seq and ts and is stored once.
-- TimescaleDB, where it can be created, replaces this with a hypertable (see README).
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
    PRIMARY KEY (device_id, seq, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE pings_default PARTITION OF pings DEFAULT;

CREATE TABLE device_events (
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    ts          timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    type        text        NOT NULL,
    lat         double precision,
    lon         double precision,
    raw         bytea       NOT NULL,
    PRIMARY KEY (device_id, seq, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE device_events_default PARTITION OF device_events DEFAULT;

-- Messages refused at ingestion, kept (bounded by retention) for investigation.
CREATE TABLE rejected_messages (
    id          bigserial   PRIMARY KEY,
    received_at timestamptz NOT NULL,
    topic       text        NOT NULL,
    device_id   text,
    reason      text        NOT NULL,
    detail      text        NOT NULL,
    raw         bytea       NOT NULL
);
CREATE INDEX rejected_messages_received ON rejected_messages (received_at);

-- The geofence evaluator's episode state per order, so a restart neither forgets nor repeats alerts.
CREATE TABLE evaluator_state (
    order_id   text        PRIMARY KEY REFERENCES orders (id),
    snapshot   bytea       NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Monthly partitions are created ahead by the gateway; this function is idempotent.
CREATE FUNCTION ensure_month_partitions(parent text, month_start date, months int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    m date;
    name text;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        m := (date_trunc('month', month_start) + make_interval(months => i))::date;
        name := parent || '_' || to_char(m, 'YYYYMM');
        IF to_regclass(name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                               name, parent, m, (m + interval '1 month')::date);
            EXCEPTION WHEN check_violation THEN
                -- rows for that month already sit in the default partition: keep them there
                RAISE WARNING 'partition % not created: rows for it are in the default partition', name;
            END;
        END IF;
    END LOOP;
END $$;
