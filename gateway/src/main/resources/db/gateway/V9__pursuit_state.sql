-- Pursuit mode's part of each order's saved state, written with the evaluator snapshot it belongs to: the
-- order's open episodes that keep its devices on the fast interval, and the devices in pursuit on its account.
-- Restored at start-up, so devices switched to 15 s before a restart are switched back when the episode closes.
ALTER TABLE evaluator_state ADD COLUMN pursuit_episodes text[] NOT NULL DEFAULT '{}';
ALTER TABLE evaluator_state ADD COLUMN pursuit_devices text[] NOT NULL DEFAULT '{}';
