-- Police handling workflow, escalation timers kept in the database (they survive a restart),
-- the contacts each alert was raised with, and the provider's delivery reports.

-- Contacts as they were when the alert was raised: escalation after a restart needs the desk and
-- supervisor numbers without asking the gateway.
ALTER TABLE alerts ADD COLUMN time_zone        text;
ALTER TABLE alerts ADD COLUMN station          text;
-- Escalation timer: due time of the next escalation step, null when none is due.
ALTER TABLE alerts ADD COLUMN escalate_at      timestamptz;
ALTER TABLE alerts ADD COLUMN escalation_level integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN escalate_reason  text;   -- ACK_TIMEOUT | DESK_DELIVERY_FAILED: why the next step is due
-- Outcome recorded when the alert is resolved.
ALTER TABLE alerts ADD COLUMN outcome          text;
ALTER TABLE alert_transitions ADD COLUMN outcome text;
CREATE INDEX alerts_escalation_due ON alerts (escalate_at) WHERE escalate_at IS NOT NULL;
CREATE INDEX alerts_state_opened ON alerts (state, opened_at DESC);

CREATE TABLE alert_recipients (
    alert_id uuid NOT NULL REFERENCES alerts (id),
    role     text NOT NULL,          -- desk | protected | respondent | supervisor
    phone    text NOT NULL,
    language text NOT NULL,
    PRIMARY KEY (alert_id, role, phone)
);

-- Append-only: one row per escalation step taken.
CREATE TABLE alert_escalations (
    id       bigserial   PRIMARY KEY,
    alert_id uuid        NOT NULL REFERENCES alerts (id),
    level    integer     NOT NULL,   -- 1 = duty desk by voice, 2 = supervisor
    reason   text        NOT NULL,   -- ACK_TIMEOUT | DESK_DELIVERY_FAILED
    target   text        NOT NULL,   -- who was called
    at       timestamptz NOT NULL,
    UNIQUE (alert_id, level)
);

-- Why a notification exists: the first message, an SMS-to-voice fallback, or an escalation step.
ALTER TABLE notifications ADD COLUMN purpose text NOT NULL DEFAULT 'initial';
ALTER TABLE notifications ADD COLUMN provider_status_at timestamptz;
CREATE INDEX notifications_provider_sid ON notifications (provider_sid) WHERE provider_sid IS NOT NULL;

-- Append-only: every status callback accepted from the provider, in arrival order.
CREATE TABLE notification_status_reports (
    id              bigserial   PRIMARY KEY,
    notification_id uuid        REFERENCES notifications (id),
    provider_sid    text        NOT NULL,
    provider_status text        NOT NULL,
    error_code      text,
    received_at     timestamptz NOT NULL
);

-- Append-only: status callbacks refused because their signature did not verify.
CREATE TABLE rejected_callbacks (
    id             bigserial   PRIMARY KEY,
    received_at    timestamptz NOT NULL,
    url            text        NOT NULL,
    signature      text,
    remote_address text,
    params         text        NOT NULL,   -- form fields as received, application/x-www-form-urlencoded
    reason         text        NOT NULL
);
