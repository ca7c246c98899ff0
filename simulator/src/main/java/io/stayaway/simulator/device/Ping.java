package io.stayaway.simulator.device;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One uplink ping exactly as the wire contract defines it (docs/wire-contract.md, "Uplink ping"). Immutable, thread-safe. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"seq", "ts", "lat", "lon", "acc", "speed", "heading", "battery", "src"})
public record Ping(
        long seq,
        long ts,
        double lat,
        double lon,
        double acc,
        Double speed,
        Integer heading,
        Integer battery,
        String src) {
    public Ping {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, got " + seq);
        }
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("lat/lon out of range: " + lat + "," + lon);
        }
        if (!(acc > 0) || acc > 10_000) {
            throw new IllegalArgumentException("acc must be within (0, 10000], got " + acc);
        }
        if (speed != null && !(speed >= 0)) {
            throw new IllegalArgumentException("speed must be >= 0, got " + speed);
        }
        if (heading != null && (heading < 0 || heading > 360)) {
            throw new IllegalArgumentException("heading must be within 0..360, got " + heading);
        }
        if (battery != null && (battery < 0 || battery > 100)) {
            throw new IllegalArgumentException("battery must be within 0..100, got " + battery);
        }
        if (src != null && !src.equals("gnss") && !src.equals("wifi") && !src.equals("cell")) {
            throw new IllegalArgumentException("src must be gnss, wifi or cell, got " + src);
        }
    }
}
