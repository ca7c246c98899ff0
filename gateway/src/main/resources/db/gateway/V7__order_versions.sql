-- Orders are amended, never overwritten: each amendment is a new version row, in force for fixes
-- whose device time is at or after its effective_from, so evaluation and evidence can always say which
-- rules applied to a fix. orders.body stays the current version, for quick reads.
CREATE TABLE order_versions (
    order_id       text        NOT NULL REFERENCES orders (id),
    version        int         NOT NULL CHECK (version >= 1),
    body           jsonb       NOT NULL,
    effective_from timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    recorded_by    text,                    -- the admin who created or amended it (null for orders older than versioning)
    PRIMARY KEY (order_id, version)
);
INSERT INTO order_versions (order_id, version, body, effective_from, recorded_at, recorded_by)
SELECT id, 1, body, created_at, created_at, NULL FROM orders;

ALTER TABLE orders ADD COLUMN terminated_by text;
ALTER TABLE orders ADD COLUMN termination_reason text;

-- Which order version the saved evaluator state belongs to.
ALTER TABLE evaluator_state ADD COLUMN order_version int NOT NULL DEFAULT 1;
