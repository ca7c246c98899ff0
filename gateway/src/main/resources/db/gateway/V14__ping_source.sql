-- How the device positioned itself for each fix (wire contract: src), null where it did not say. Wi-Fi and cell
-- fixes never raise an APPROACH warning on their own (EvaluatorSettings.networkFixesSupportApproach), so a restart
-- that replays stored fixes must know their source as the live evaluation did.
ALTER TABLE pings ADD COLUMN src text CHECK (src IN ('gnss', 'wifi', 'cell'));
