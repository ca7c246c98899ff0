-- A password an admin reset is the admin's knowledge, not the user's: until the user sets their own
-- (POST /api/users/{self}/password with the reset one as currentPassword), their tokens are good for that
-- route only (docs/http-api.md, "Users and token revocation").
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
