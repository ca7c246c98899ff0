-- People who use the HTTP API (devices are separate identities, MQTT only). Passwords are stored
-- only as PBKDF2-HMAC-SHA256 hashes; a desk user is scoped to a police station, a court user to a court.
CREATE TABLE users (
    username      text        PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
    password_hash text        NOT NULL CHECK (password_hash LIKE 'pbkdf2-sha256$%'),
    role          text        NOT NULL CHECK (role IN ('desk', 'court', 'admin')),
    station       text,
    court         text,
    created_at    timestamptz NOT NULL,
    disabled_at   timestamptz,
    CHECK ((role = 'desk') = (station IS NOT NULL)),
    CHECK ((role = 'court') = (court IS NOT NULL))
);

-- Who did or was refused what, when and why: every 401/403, every login, every alert read and
-- workflow action. Append-only; retention never touches it.
CREATE TABLE audit_log (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL,
    actor     text,                    -- the authenticated (or claimed, for a login) username; null when unknown
    role      text,
    action    text        NOT NULL,    -- e.g. alert.read, alert.acknowledge, login, or "GET /api/alerts" for a refusal
    resource  text,                    -- e.g. alert/{id}, order/{id}
    outcome   text        NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    reason    text
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
