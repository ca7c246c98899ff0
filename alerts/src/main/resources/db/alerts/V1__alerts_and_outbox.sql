-- Alerts, their append-only lifecycle, and the notification outbox.
-- The outbox rows are written in the same transaction as the alert that causes them,
-- so an alert can never exist without its notifications being owed.

CREATE TABLE alerts (
    id             uuid        PRIMARY KEY,
    dedupe_key     text        NOT NULL UNIQUE,   -- episode id or device-event key: one episode = one alert, across restarts
    order_id       text        NOT NULL,
    type           text        NOT NULL,
    severity       text        NOT NULL,
    state          text        NOT NULL,
    rule_id        text,
    device_id      text,
    party          text,
    event_time     timestamptz NOT NULL,          -- device time the episode/event started
    ended_at       timestamptz,                   -- device time the episode ended, null while ongoing
    late           boolean     NOT NULL DEFAULT false,
    min_distance_m double precision,
    accuracy_m     double precision,
    explanation    text,
    opened_at      timestamptz NOT NULL,          -- server time the alert was raised
    updated_at     timestamptz NOT NULL
);
CREATE INDEX alerts_order_opened ON alerts (order_id, opened_at DESC);
CREATE INDEX alerts_opened ON alerts (opened_at DESC);

CREATE TABLE alert_transitions (
    id         bigserial   PRIMARY KEY,
    alert_id   uuid        NOT NULL REFERENCES alerts (id),
    from_state text,
    to_state   text        NOT NULL,
    actor      text        NOT NULL,
    at         timestamptz NOT NULL,
    note       text
);
CREATE INDEX alert_transitions_alert ON alert_transitions (alert_id, id);

CREATE TABLE notifications (
    id              uuid        PRIMARY KEY,
    alert_id        uuid        NOT NULL REFERENCES alerts (id),
    idempotency_key text        NOT NULL UNIQUE,
    channel         text        NOT NULL,          -- sms | voice
    recipient_role  text        NOT NULL,          -- desk | protected | respondent | supervisor
    to_number       text        NOT NULL,
    language        text        NOT NULL,
    body            text        NOT NULL,
    state           text        NOT NULL,          -- PENDING | SENDING | SENT | FAILED
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    provider_sid    text,
    provider_status text,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state IN ('PENDING', 'SENDING');
CREATE INDEX notifications_alert ON notifications (alert_id);
