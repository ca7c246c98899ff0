package io.stayaway.geofence;

import java.time.Instant;
import java.util.Objects;

/**
 * One GPS fix from a wearable, as received on {@code wearables/{deviceId}/ping}; immutable.
 *
 * @param deviceId       the device that produced the fix
 * @param seq            per-device increasing message number; {@code (deviceId, seq)} identifies the fix
 * @param time           fix time on the device clock (GNSS time, so trusted over the server clock)
 * @param lat            WGS84 latitude in degrees, -90..90
 * @param lon            WGS84 longitude in degrees, -180..180
 * @param accuracyMetres horizontal accuracy radius reported by the device, metres, &gt; 0
 * @param source         how the device positioned itself ({@link FixSource#UNKNOWN} when it does not say)
 */
public record Ping(
        String deviceId, long seq, Instant time, double lat, double lon, double accuracyMetres, FixSource source) {

    /** A fix whose device does not report how it positioned itself. */
    public Ping(String deviceId, long seq, Instant time, double lat, double lon, double accuracyMetres) {
        this(deviceId, seq, time, lat, lon, accuracyMetres, FixSource.UNKNOWN);
    }

    public Ping {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        if (deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId is blank");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
        if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw new IllegalArgumentException("lat must be a finite number in -90..90, was " + lat);
        }
        if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("lon must be a finite number in -180..180, was " + lon);
        }
        if (!Double.isFinite(accuracyMetres) || accuracyMetres <= 0) {
            throw new IllegalArgumentException("accuracyMetres must be finite and > 0, was " + accuracyMetres);
        }
    }
}
