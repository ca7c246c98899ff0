package io.stayaway.gateway.storage;

import io.stayaway.alerts.evidence.DeviceChains;
import io.stayaway.alerts.evidence.TelemetryRecord;
import io.stayaway.gateway.ingest.Telemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Links newly stored pings and events into their devices' hash chains inside the telemetry writer's
 * transaction: each becomes its canonical evidence record ({@link TelemetryRecord}) and alerts'
 * {@link DeviceChains} appends it, with the one link rule. Stateless.
 */
final class EvidenceChains {
    private EvidenceChains() {}

    static void append(Connection c, List<Telemetry> stored) throws SQLException {
        List<TelemetryRecord> records = new ArrayList<>(stored.size());
        for (Telemetry t : stored) {
            String kind = t instanceof Telemetry.Fix ? "ping" : "event";
            records.add(new TelemetryRecord(kind, t.deviceId(), t.seq(), t.ts(), t.receivedAt(), t.raw()));
        }
        DeviceChains.append(c, records);
    }
}
