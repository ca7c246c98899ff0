-- After a crash, records that were stored (and acknowledged) but not yet evaluated must still be
-- evaluated: the evaluator state records how far evaluation had got, by receive time, and start-up
-- replays what was received after that. BRIN indexes make the receive-time scan cheap on append-only data.
ALTER TABLE evaluator_state ADD COLUMN evaluated_through timestamptz;
CREATE INDEX pings_received_brin ON pings USING brin (received_at);
CREATE INDEX device_events_received_brin ON device_events USING brin (received_at);
