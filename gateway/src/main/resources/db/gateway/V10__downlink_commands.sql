-- Commands to devices (downlink), kept until the device's MQTT peer acknowledges them (QoS 1), so that a
-- command is neither lost when the device is offline, the broker is busy or the gateway restarts, nor
-- re-sent after it was acknowledged. Per device they are delivered one at a time in seq order; a newer
-- set_interval supersedes an older one still pending (the latest wins); a notify past its lifetime expires.
-- The rows stay as the record of what the respondent was told and when.
CREATE TABLE downlink_commands (
    seq             bigserial   PRIMARY KEY,
    id              uuid        NOT NULL UNIQUE,
    device_id       text        NOT NULL,
    type            text        NOT NULL,
    payload         text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending'
                                CHECK (state IN ('pending', 'delivered', 'superseded', 'expired')),
    created_at      timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    settled_at      timestamptz
);

CREATE INDEX downlink_commands_pending ON downlink_commands (device_id, seq) WHERE state = 'pending';
CREATE INDEX downlink_commands_by_device ON downlink_commands (device_id, seq);
