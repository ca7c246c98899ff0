-- When the record was committed (transaction time of its batch): with received_at it shows how long
-- storage took, and with a device's send time the publish-to-stored latency measured by load tests.
ALTER TABLE pings ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE device_events ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();
