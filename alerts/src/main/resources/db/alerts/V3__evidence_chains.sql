-- Tamper evidence (README, "Evidence for courts"). Every evidence record belongs to a hash chain:
--   link(pos) = SHA-256(link(pos - 1) || SHA-256(record)),  link(0) = SHA-256('stayaway-chain-v1:' || chain)
-- Chains: 'device:<id>' holds each stored ping and device event in storage order (the canonical record
-- is rebuilt from pings/device_events, so only its hash is kept here); 'alert:<uuid>' holds the alert's
-- lifecycle, escalations, notifications, delivery reports and evidence accesses (record kept here);
-- 'retention' holds what the retention policy removed. Append-only: the application never updates or
-- deletes a link; links outlive the telemetry retention removes, so later records still verify.
CREATE TABLE chain_links (
    chain       text        NOT NULL,
    pos         bigint      NOT NULL CHECK (pos > 0),
    kind        text        NOT NULL,        -- ping | event | alert | transition | escalation | notification | delivery | custody | retention
    at          timestamptz NOT NULL,        -- server time the record was appended
    device_id   text,                        -- telemetry records: the key of the row in pings / device_events
    seq         bigint,
    ts          timestamptz,
    record      bytea,                       -- the canonical record, for records not kept elsewhere
    record_hash bytea       NOT NULL,
    link        bytea       NOT NULL,
    PRIMARY KEY (chain, pos)
);
CREATE INDEX chain_links_telemetry ON chain_links (device_id, ts) WHERE device_id IS NOT NULL;

-- The head of every chain (an index of chain_links, updated on each append) and the position the
-- latest checkpoint signed, so a checkpoint lists only the chains that moved.
CREATE TABLE chain_heads (
    chain      text   PRIMARY KEY,
    pos        bigint NOT NULL,
    link       bytea  NOT NULL,
    signed_pos bigint NOT NULL DEFAULT 0
);

-- Signed checkpoints: the heads of every chain that moved since the previous checkpoint, and the hash
-- of the previous checkpoint, signed with the server's Ed25519 key. body is exactly the signed bytes.
CREATE TABLE checkpoints (
    id        bigint      PRIMARY KEY,
    at        timestamptz NOT NULL,
    key_id    text        NOT NULL,
    body      bytea       NOT NULL,
    signature bytea       NOT NULL
);
CREATE TABLE checkpoint_heads (
    checkpoint_id bigint NOT NULL REFERENCES checkpoints (id),
    chain         text   NOT NULL,
    pos           bigint NOT NULL,
    link          bytea  NOT NULL,
    PRIMARY KEY (checkpoint_id, chain)
);
CREATE INDEX checkpoint_heads_chain ON checkpoint_heads (chain, pos);

-- Appends one record to a chain; serialised per chain by the head's row lock. Returns the position.
CREATE FUNCTION chain_append(p_chain text, p_kind text, p_record bytea) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    head_pos  bigint;
    head_link bytea;
    rh        bytea := sha256(p_record);
    new_link  bytea;
BEGIN
    INSERT INTO chain_heads (chain, pos, link)
    VALUES (p_chain, 0, sha256(convert_to('stayaway-chain-v1:' || p_chain, 'UTF8')))
    ON CONFLICT (chain) DO NOTHING;
    SELECT pos, link INTO head_pos, head_link FROM chain_heads WHERE chain = p_chain FOR UPDATE;
    new_link := sha256(head_link || rh);
    INSERT INTO chain_links (chain, pos, kind, at, record, record_hash, link)
    VALUES (p_chain, head_pos + 1, p_kind, clock_timestamp(), p_record, rh, new_link);
    UPDATE chain_heads SET pos = head_pos + 1, link = new_link WHERE chain = p_chain;
    RETURN head_pos + 1;
END $$;

-- The canonical record of a row: {"kind": …, "table": …, "row": {…}} as jsonb text (keys sorted by
-- jsonb), UTF-8. Times are rendered in UTC so the bytes do not depend on the session's time zone.
CREATE FUNCTION chain_record(p_kind text, p_table text, p_row jsonb) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(jsonb_build_object('kind', p_kind, 'table', p_table, 'row', p_row)::text, 'UTF8')
$$;

CREATE FUNCTION chain_alert_row() RETURNS trigger
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
    alert uuid;
    kind  text := TG_ARGV[0];
    r     jsonb;
BEGIN
    r := to_jsonb(NEW);
    IF TG_TABLE_NAME = 'alerts' THEN
        alert := NEW.id;
    ELSIF TG_TABLE_NAME = 'notification_status_reports' THEN
        SELECT alert_id INTO alert FROM notifications WHERE id = NEW.notification_id;
        IF alert IS NULL THEN
            RETURN NULL;   -- a report for no known notification: kept in its table, belongs to no alert
        END IF;
    ELSE
        alert := NEW.alert_id;
    END IF;
    -- Lock order: the alert's row before its chain head, as every writer of alerts does (UPDATE alerts
    -- then insert a transition; update a notification then the alert), so appends never deadlock.
    PERFORM 1 FROM alerts WHERE id = alert FOR NO KEY UPDATE;
    IF TG_TABLE_NAME = 'notifications' THEN
        -- attempt bookkeeping (lease, next attempt) is not evidence; what was sent and what happened is
        r := r - 'attempts' - 'next_attempt_at';
    END IF;
    PERFORM chain_append('alert:' || alert, kind, chain_record(kind, TG_TABLE_NAME, r));
    RETURN NULL;
END $$;

CREATE TRIGGER alerts_chain AFTER INSERT ON alerts
    FOR EACH ROW EXECUTE FUNCTION chain_alert_row('alert');
-- Every change of an alert row (episode end, closest distance, state, escalation level) is chained too.
CREATE TRIGGER alerts_update_chain AFTER UPDATE ON alerts
    FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW)
    EXECUTE FUNCTION chain_alert_row('alert');
CREATE TRIGGER alert_transitions_chain AFTER INSERT ON alert_transitions
    FOR EACH ROW EXECUTE FUNCTION chain_alert_row('transition');
CREATE TRIGGER alert_escalations_chain AFTER INSERT ON alert_escalations
    FOR EACH ROW EXECUTE FUNCTION chain_alert_row('escalation');
CREATE TRIGGER notifications_chain AFTER INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION chain_alert_row('notification');
CREATE TRIGGER notifications_outcome_chain AFTER UPDATE ON notifications
    FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state AND NEW.state IN ('SENT', 'FAILED')
          OR OLD.provider_sid IS DISTINCT FROM NEW.provider_sid
          OR OLD.provider_status IS DISTINCT FROM NEW.provider_status
          OR OLD.last_error IS DISTINCT FROM NEW.last_error)
    EXECUTE FUNCTION chain_alert_row('notification');
CREATE TRIGGER notification_status_reports_chain AFTER INSERT ON notification_status_reports
    FOR EACH ROW EXECUTE FUNCTION chain_alert_row('delivery');

-- Evidence tables are append-only for the application: refuse updates, deletes and truncation outright
-- (statement triggers, so even a statement that matches no row is refused).
CREATE FUNCTION chain_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: evidence chains are append-only', TG_OP, TG_TABLE_NAME;
END $$;
CREATE TRIGGER chain_links_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON chain_links
    FOR EACH STATEMENT EXECUTE FUNCTION chain_refuse_change();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION chain_refuse_change();
CREATE TRIGGER checkpoint_heads_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON checkpoint_heads
    FOR EACH STATEMENT EXECUTE FUNCTION chain_refuse_change();
