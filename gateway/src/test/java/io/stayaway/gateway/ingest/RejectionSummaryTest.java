package io.stayaway.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionSummaryTest {
    private static final RawMessage MESSAGE =
            new RawMessage("wearables/dev-1/ping", "[...]".getBytes(StandardCharsets.UTF_8), Instant.EPOCH, "dev-1");

    private static Rejection refusal(RejectReason reason, String detail) {
        return new Rejection(MESSAGE.topic(), "dev-1", reason, detail, new byte[] {'{', '}'});
    }

    @Test
    void aSingleRefusalIsKeptAsItIs() {
        Rejection only = refusal(RejectReason.OUT_OF_RANGE, "field 'lat' must be between -90.0 and 90.0, got 95.0");
        assertSame(only, RejectionSummary.of(MESSAGE, 3, List.of(only)));
    }

    @Test
    void severalRefusalsBecomeOneThatCountsThemByReasonAndQuotesTheFirst() {
        List<Rejection> refused = new ArrayList<>();
        refused.add(refusal(RejectReason.OUT_OF_RANGE, "field 'lat' must be between -90.0 and 90.0, got 95.0"));
        for (int i = 0; i < 10; i++) {
            refused.add(refusal(RejectReason.MISSING_FIELD, "field 'seq' (per-device sequence number) is required"));
        }
        refused.add(refusal(RejectReason.OUT_OF_RANGE, "field 'lon' must be between -180.0 and 180.0, got 181.0"));

        Rejection summary = RejectionSummary.of(MESSAGE, 40, refused);

        assertEquals(RejectReason.MISSING_FIELD, summary.reason(), "the most frequent reason");
        assertEquals(
                "12 of 40 elements rejected: 10 missing_field, 2 out_of_range; the first: out_of_range, "
                        + "field 'lat' must be between -90.0 and 90.0, got 95.0",
                summary.detail());
        assertEquals("dev-1", summary.deviceId());
        assertArrayEquals(MESSAGE.payload(), summary.raw(), "the whole message is kept");
    }
}
