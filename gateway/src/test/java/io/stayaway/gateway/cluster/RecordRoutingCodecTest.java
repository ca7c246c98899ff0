package io.stayaway.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.geofence.FixSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A fix handed to the gateway that owns its order keeps what evaluation uses, its source included. */
class RecordRoutingCodecTest {
    private static final Instant TS = Instant.parse("2026-12-01T08:00:00Z");

    private static Telemetry.Fix fix(FixSource source) {
        return new Telemetry.Fix(
                "dev-1", 7, TS, TS.plusSeconds(1), 31.23, 121.47, 25, 1.5, 90.0, 80, source, new byte[] {1}, true);
    }

    @Test
    void everySourceCrossesTheEventBusAsItCame() {
        for (FixSource source : FixSource.values()) {
            Telemetry.Fix decoded = (Telemetry.Fix) RecordRouting.decode(RecordRouting.encode(fix(source)));

            assertEquals(source, decoded.source());
            assertEquals(fix(source).acc(), decoded.acc());
            assertEquals(fix(source).ts(), decoded.ts());
            assertEquals(true, decoded.backlog());
        }
    }
}
