-- Safety check-ins by SMS with the protected person (issue #19): the check-ins owed and sent, the replies
-- Twilio posted to us, and the numbers that opted out. Rows, not timers, so nothing is lost in a restart
-- and several gateways on one database never send one twice (claimed with FOR UPDATE SKIP LOCKED).

CREATE TABLE check_ins (
    id               uuid        PRIMARY KEY,
    order_id         text        NOT NULL,
    phone            text        NOT NULL,                 -- the protected person's number (E.164)
    language         text        NOT NULL,                 -- BCP 47 tag of the text: en | zh-CN
    kind             text        NOT NULL CHECK (kind IN ('scheduled', 'after_alert')),
    trigger_alert_id uuid        REFERENCES alerts (id),   -- after_alert: the critical alert it follows
    due_at           timestamptz NOT NULL,                 -- the schedule's slot, or the alert + checkIns.afterCritical
    send_at          timestamptz NOT NULL,                 -- due_at moved out of the order's quiet hours
    state            text        NOT NULL,                 -- pending | sent | replied_safe | replied_help | missed | no_reply
                                                           -- | opted_out | merged | cancelled | failed
    attempts         integer     NOT NULL DEFAULT 0,       -- bookkeeping, not evidence
    next_attempt_at  timestamptz,                          -- bookkeeping, not evidence
    last_error       text,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    provider_sid     text,
    reply_due_at     timestamptz,
    replied_at       timestamptz,
    updated_at       timestamptz NOT NULL,
    CHECK ((kind = 'after_alert') = (trigger_alert_id IS NOT NULL))
);
-- One check-in per schedule slot and number; one per critical alert and number.
CREATE UNIQUE INDEX check_ins_scheduled_slot ON check_ins (order_id, phone, due_at) WHERE kind = 'scheduled';
CREATE UNIQUE INDEX check_ins_trigger_alert ON check_ins (trigger_alert_id, phone) WHERE trigger_alert_id IS NOT NULL;
CREATE INDEX check_ins_to_send ON check_ins (send_at) WHERE state = 'pending';
CREATE INDEX check_ins_awaiting_reply ON check_ins (reply_due_at) WHERE state = 'sent';
CREATE INDEX check_ins_by_phone ON check_ins (phone, sent_at DESC) WHERE sent_at IS NOT NULL;
CREATE INDEX check_ins_by_order ON check_ins (order_id, due_at);
-- The critical alerts a post-alert check-in follows are found by this scan.
CREATE INDEX alerts_critical_opened ON alerts (opened_at) WHERE severity = 'critical';

-- Append-only: every genuine inbound message (signature verified), once per Twilio MessageSid.
CREATE TABLE check_in_replies (
    id          bigserial   PRIMARY KEY,
    message_sid text        NOT NULL UNIQUE,
    from_phone  text        NOT NULL,
    to_phone    text,
    body        text        NOT NULL,
    received_at timestamptz NOT NULL,
    meaning     text        NOT NULL,          -- safe | help | opt_out | opt_in | other
    check_in_id uuid        REFERENCES check_ins (id),
    order_id    text,                          -- the order her number matched, null when none
    alert_id    uuid        REFERENCES alerts (id)  -- the CHECK_IN_HELP alert a reply of 2 raised
);

-- Numbers that replied STOP (or another opt-out word) and have not replied START since: never texted a check-in.
CREATE TABLE check_in_opt_outs (
    phone        text        PRIMARY KEY,
    opted_out_at timestamptz NOT NULL,
    message_sid  text        NOT NULL
);

-- Evidence: every check-in row change and every reply goes into the order's chain, 'order:<order id>'.
-- A reply that matched no order goes into the chain 'check-in-replies:unmatched'.
CREATE FUNCTION chain_check_in_row() RETURNS trigger
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
    kind text := TG_ARGV[0];
    r    jsonb := to_jsonb(NEW) - 'attempts' - 'next_attempt_at';
BEGIN
    PERFORM chain_append(
        CASE WHEN NEW.order_id IS NULL THEN 'check-in-replies:unmatched' ELSE 'order:' || NEW.order_id END,
        kind,
        chain_record(kind, TG_TABLE_NAME, r));
    RETURN NULL;
END $$;

CREATE TRIGGER check_ins_chain AFTER INSERT ON check_ins
    FOR EACH ROW EXECUTE FUNCTION chain_check_in_row('check_in');
CREATE TRIGGER check_ins_update_chain AFTER UPDATE ON check_ins
    FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state
          OR OLD.provider_sid IS DISTINCT FROM NEW.provider_sid
          OR OLD.last_error IS DISTINCT FROM NEW.last_error)
    EXECUTE FUNCTION chain_check_in_row('check_in');
CREATE TRIGGER check_in_replies_chain AFTER INSERT ON check_in_replies
    FOR EACH ROW EXECUTE FUNCTION chain_check_in_row('check_in_reply');
CREATE TRIGGER check_in_replies_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON check_in_replies
    FOR EACH STATEMENT EXECUTE FUNCTION chain_refuse_change();
