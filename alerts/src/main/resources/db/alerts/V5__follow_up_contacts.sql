-- Follow-up contacts (issue #19 part 1; docs/evidence.md, "Order chains"): a caseworker of the order's
-- organisation records each visit or call with the protected person. Each row is evidence: the insert is
-- chained into the order's chain 'order:<id>' (kind follow_up, the row as stored), and the table is
-- append-only, as the chains are (a correction is a new contact whose note says so).
CREATE TABLE follow_up_contacts (
    id           uuid        PRIMARY KEY,
    order_id     text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('visit', 'call')),
    at           timestamptz NOT NULL,          -- when the contact took place (the caseworker's word)
    outcome      text        NOT NULL CHECK (outcome IN ('reached_safe', 'reached_concerns', 'not_reached')),
    note         text        CHECK (char_length(note) <= 2000),
    recorded_by  text        NOT NULL,          -- the caseworker's username
    organisation text        NOT NULL,          -- the caseworker's organisation, as assigned to the order then
    recorded_at  timestamptz NOT NULL           -- server time of the record
);
CREATE INDEX follow_up_contacts_order ON follow_up_contacts (order_id, at);

CREATE FUNCTION chain_follow_up_row() RETURNS trigger
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
BEGIN
    PERFORM chain_append('order:' || NEW.order_id, 'follow_up',
                         chain_record('follow_up', TG_TABLE_NAME, to_jsonb(NEW)));
    RETURN NULL;
END $$;
CREATE TRIGGER follow_up_contacts_chain AFTER INSERT ON follow_up_contacts
    FOR EACH ROW EXECUTE FUNCTION chain_follow_up_row();
CREATE TRIGGER follow_up_contacts_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON follow_up_contacts
    FOR EACH STATEMENT EXECUTE FUNCTION chain_refuse_change();
