-- The telemetry writer appends device chain links with binary COPY, which cannot call a function per row:
-- the append time comes from this default instead, still the server's clock at the moment of the append.
ALTER TABLE chain_links ALTER COLUMN at SET DEFAULT clock_timestamp();
