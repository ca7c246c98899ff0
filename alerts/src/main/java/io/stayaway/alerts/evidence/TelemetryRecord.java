package io.stayaway.alerts.evidence;

import io.stayaway.alerts.evidence.chain.ChainHash;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The canonical record of a stored ping or device event: what the device sent, byte for byte, with
 * its device id, sequence number, fix time and the server's receive time. Times are truncated to the
 * microsecond (the database's precision), so the record rebuilt from storage is the record chained at
 * storage. Encoded as one line of JSON with a fixed key order and no whitespace; its bytes are hashed.
 *
 * @param kind "ping" or "event"
 */
public record TelemetryRecord(String kind, String deviceId, long seq, Instant ts, Instant receivedAt, byte[] raw) {

    public TelemetryRecord {
        if (!kind.equals("ping") && !kind.equals("event")) {
            throw new IllegalArgumentException("kind must be ping or event: " + kind);
        }
        ts = ts.truncatedTo(ChronoUnit.MICROS);
        receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
    }

    public byte[] canonical() {
        return new JsonObject()
                .put("kind", kind)
                .put("deviceId", deviceId)
                .put("seq", seq)
                .put("ts", ts.toString())
                .put("receivedAt", receivedAt.toString())
                .put("raw", Base64.getEncoder().encodeToString(raw))
                .encode()
                .getBytes(StandardCharsets.UTF_8);
    }

    public byte[] hash() {
        return ChainHash.recordHash(canonical());
    }
}
