-- Failed logins per username (LoginThrottle), shared by every gateway of this database so that a guesser
-- cannot spread attempts over them. Only the last minute matters: older rows are deleted as new ones come.
-- Not tied to users: attempts on names that do not exist are counted too.
CREATE TABLE login_failures (
    username  text        NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, failed_at);
CREATE INDEX login_failures_failed_at ON login_failures (failed_at);
