package io.stayaway.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.geofence.FixSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageParserTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final long TS = NOW.minusSeconds(10).toEpochMilli();
    private final MessageParser parser = new MessageParser(Duration.ofMinutes(5), 4096);

    private ParseOutcome parse(String topic, String payload) {
        return parser.parse(new RawMessage(topic, payload.getBytes(StandardCharsets.UTF_8), NOW, null));
    }

    @Test
    void validPingKeepsEveryFieldAndTheExactBytes() {
        String payload = "{\"seq\":42,\"ts\":" + TS
                + ",\"lat\":31.230416,\"lon\":121.473701,\"acc\":6.0,\"speed\":1.2,\"heading\":270,\"battery\":81"
                + ",\"src\":\"wifi\"}";
        ParseOutcome out = parse("wearables/dev-1/ping", payload);
        assertEquals(0, out.rejected().size());
        Telemetry.Fix f = (Telemetry.Fix) out.accepted().get(0);
        assertEquals("dev-1", f.deviceId());
        assertEquals(42, f.seq());
        assertEquals(Instant.ofEpochMilli(TS), f.ts());
        assertEquals(31.230416, f.lat());
        assertEquals(121.473701, f.lon());
        assertEquals(6.0, f.acc());
        assertEquals(1.2, f.speed());
        assertEquals(270.0, f.heading());
        assertEquals(81, f.battery());
        assertEquals(FixSource.WIFI, f.source());
        assertArrayEquals(payload.getBytes(StandardCharsets.UTF_8), f.raw());
    }

    @Test
    void aPingWithoutASourceIsTakenAsNotSaying() {
        ParseOutcome out =
                parse("wearables/dev-1/ping", "{\"seq\":1,\"ts\":" + TS + ",\"lat\":31.2,\"lon\":121.4,\"acc\":5}");
        assertEquals(FixSource.UNKNOWN, ((Telemetry.Fix) out.accepted().get(0)).source());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,                                  | malformed_json | not a valid JSON object",
                "[7]                                                                  | malformed_json | is not a JSON object",
                "{\"seq\":1,\"ts\":TS,\"lat\":95.0,\"lon\":121.4,\"acc\":5}          | out_of_range   | field 'lat' must be between -90.0 and 90.0, got 95.0",
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,\"lon\":-181,\"acc\":5}           | out_of_range   | field 'lon'",
                "{\"seq\":1,\"ts\":TS,\"lat\":NaN,\"lon\":121.4,\"acc\":5}           | not_finite     | NaN",
                "{\"seq\":1,\"ts\":TS,\"lat\":1e999,\"lon\":121.4,\"acc\":5}         | not_finite     | field 'lat' must be a finite number",
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,\"lon\":121.4}                    | missing_field  | field 'acc'",
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,\"lon\":121.4,\"acc\":0}          | bad_accuracy   | must be > 0",
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,\"lon\":121.4,\"acc\":50000}      | bad_accuracy   | <= 10000",
                "{\"ts\":TS,\"lat\":31.2,\"lon\":121.4,\"acc\":5}                    | missing_field  | field 'seq'",
                "{\"seq\":-1,\"ts\":TS,\"lat\":31.2,\"lon\":121.4,\"acc\":5}         | wrong_type     | non-negative integer",
                "{\"seq\":1,\"ts\":\"yesterday\",\"lat\":31.2,\"lon\":121.4,\"acc\":5} | wrong_type   | epoch milliseconds",
                "{\"seq\":1,\"ts\":FUTURE,\"lat\":31.2,\"lon\":121.4,\"acc\":5}      | future_timestamp | more than 300 s after",
                "{\"seq\":1,\"ts\":1000,\"lat\":31.2,\"lon\":121.4,\"acc\":5}        | ancient_timestamp | clock not set",
                "{\"seq\":1,\"ts\":TS,\"lat\":\"31.2\",\"lon\":121.4,\"acc\":5}      | wrong_type     | field 'lat' must be a number",
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,\"lon\":121.4,\"acc\":5,\"battery\":140} | out_of_range | field 'battery'",
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,\"lon\":121.4,\"acc\":5,\"src\":\"bt\"} | out_of_range | one of gnss, wifi, cell, got 'bt'",
                "{\"seq\":1,\"ts\":TS,\"lat\":31.2,\"lon\":121.4,\"acc\":5,\"src\":2}    | wrong_type   | field 'src'",
            })
    void invalidPingIsRejectedWithItsReason(String payload, String reason, String detailFragment) {
        String p = payload.trim()
                .replace("TS", Long.toString(TS))
                .replace("FUTURE", Long.toString(NOW.plusSeconds(600).toEpochMilli()));
        ParseOutcome out = parse("wearables/dev-1/ping", p);
        assertEquals(0, out.accepted().size());
        assertEquals(1, out.rejected().size());
        Rejection r = out.rejected().get(0);
        assertEquals(reason.trim(), r.reason().wireName());
        assertTrue(r.detail().contains(detailFragment.trim()), () -> "detail was: " + r.detail());
        assertEquals("dev-1", r.deviceId());
    }

    @Test
    void storeAndForwardArrayIsSplitIntoElementsEachJudgedAloneWithItsOwnBytes() {
        String a = "{\"seq\":1,\"ts\":" + TS + ",\"lat\":31.2,\"lon\":121.4,\"acc\":5}";
        String bad = "{\"seq\":2,\"ts\":" + TS + ",\"lat\":99,\"lon\":121.4,\"acc\":5}";
        String b = "{\"seq\":3,\"ts\":" + (TS + 1000) + ",\"lat\":31.3,\"lon\":121.5,\"acc\":7}";
        ParseOutcome out = parse("wearables/dev-1/ping", "[" + a + ",\n " + bad + ", " + b + "]");
        assertEquals(2, out.accepted().size());
        assertArrayEquals(
                a.getBytes(StandardCharsets.UTF_8), out.accepted().get(0).raw());
        assertArrayEquals(
                b.getBytes(StandardCharsets.UTF_8), out.accepted().get(1).raw());
        assertEquals(1, out.rejected().size());
        assertEquals(RejectReason.OUT_OF_RANGE, out.rejected().get(0).reason());
    }

    @Test
    void anArrayOfUpToTheCapIsSplitAndALongerOneIsRefusedWholeWithOneRefusal() {
        MessageParser roomy = new MessageParser(Duration.ofMinutes(5), 1 << 20);
        String fix = "{\"seq\":1,\"ts\":" + TS + ",\"lat\":31.2,\"lon\":121.4,\"acc\":5}";
        String atCap =
                "[" + String.join(",", java.util.Collections.nCopies(MessageParser.MAX_ARRAY_ELEMENTS, fix)) + "]";
        ParseOutcome full =
                roomy.parse(new RawMessage("wearables/dev-1/ping", atCap.getBytes(StandardCharsets.UTF_8), NOW, null));
        assertEquals(MessageParser.MAX_ARRAY_ELEMENTS, full.accepted().size());
        assertEquals(0, full.rejected().size());

        String empties = "[" + String.join(",", java.util.Collections.nCopies(87_000, "{}")) + "]";
        ParseOutcome flood = roomy.parse(
                new RawMessage("wearables/dev-1/ping", empties.getBytes(StandardCharsets.UTF_8), NOW, null));
        assertEquals(0, flood.accepted().size());
        assertEquals(1, flood.rejected().size());
        Rejection r = flood.rejected().get(0);
        assertEquals(RejectReason.OVERSIZE, r.reason());
        assertTrue(r.detail().contains("87000 elements, over the cap of 1000"), r.detail());
    }

    @Test
    void eventOfKnownTypeIsAcceptedAndUnknownTypeRefused() {
        ParseOutcome ok = parse(
                "wearables/dev-1/event",
                "{\"seq\":5,\"ts\":" + TS + ",\"type\":\"strap_tamper\",\"lat\":31.2,\"lon\":121.4}");
        assertEquals(
                DeviceEventType.STRAP_TAMPER, ((Telemetry.Event) ok.accepted().get(0)).type());
        ParseOutcome bad = parse("wearables/dev-1/event", "{\"seq\":6,\"ts\":" + TS + ",\"type\":\"selfie\"}");
        assertEquals(RejectReason.UNKNOWN_EVENT_TYPE, bad.rejected().get(0).reason());
    }

    @Test
    void topicOutsideTheContractAndOversizePayloadsAreRefused() {
        assertEquals(
                RejectReason.BAD_TOPIC,
                parse("wearables/dev-1/selfie", "{}").rejected().get(0).reason());
        assertEquals(
                RejectReason.BAD_TOPIC,
                parse("wearables/a/b/ping", "{}").rejected().get(0).reason());
        assertEquals(
                RejectReason.OVERSIZE,
                parse("wearables/dev-1/ping", " ".repeat(5000))
                        .rejected()
                        .get(0)
                        .reason());
    }

    @Test
    void authenticatedDeviceCannotPublishForAnother() {
        ParseOutcome out = parser.parse(
                new RawMessage("wearables/dev-2/ping", "{}".getBytes(StandardCharsets.UTF_8), NOW, "dev-1"));
        assertEquals(RejectReason.WRONG_DEVICE, out.rejected().get(0).reason());
        assertTrue(out.rejected().get(0).detail().contains("dev-1 may not publish for device dev-2"));
    }
}
