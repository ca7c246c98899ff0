-- Caseworkers (issue #19 part 1; docs/http-api.md, "Roles"): a caseworker is scoped to an organisation
-- (a Women's Federation office, a community committee) and sees the orders assigned to it by the order's
-- "organisation" field. The role check of V5 is widened; the organisation is set for caseworkers only.
ALTER TABLE users ADD COLUMN organisation text;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users
    ADD CONSTRAINT users_role_check CHECK (role IN ('desk', 'court', 'admin', 'caseworker')),
    ADD CONSTRAINT users_caseworker_organisation CHECK ((role = 'caseworker') = (organisation IS NOT NULL));
