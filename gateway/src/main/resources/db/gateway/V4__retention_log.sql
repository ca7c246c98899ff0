-- What the retention policy removed, when and why: deletions are never silent.
CREATE TABLE retention_log (
    id          bigserial   PRIMARY KEY,
    run_at      timestamptz NOT NULL,
    table_name  text        NOT NULL,
    role        text        NOT NULL,          -- protected | respondent (unassigned devices count as respondent)
    older_than  timestamptz NOT NULL,
    rows_removed bigint     NOT NULL
);
