-- Tokens carry the generation of their user's credentials: disabling a user or changing a password
-- bumps it, and every token issued before stops working at once.
ALTER TABLE users ADD COLUMN token_generation int NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
