package io.stayaway.simulator.load;

import io.stayaway.simulator.geo.GeoPoint;
import java.time.Duration;

/**
 * What a load run does: {@code devices} wearables each publishing a QoS 1 ping every
 * {@code interval}, their first pings spread evenly over one interval, for {@code duration} or
 * until {@code maxPings} have been sent, over {@code connections} MQTT connections (or one per
 * device, authenticating as the device, for the gateway's embedded endpoint) driven by
 * {@code threads} publisher threads, with at most {@code maxInflight} unacknowledged publishes
 * per connection; device ids are {@code idPrefix + index}. Immutable, thread-safe.
 */
public record LoadPlan(
        int devices,
        Duration interval,
        Duration duration,
        int connections,
        boolean connectionPerDevice,
        int threads,
        int maxInflight,
        long maxPings,
        String idPrefix,
        GeoPoint centre,
        long seed,
        Duration drainTimeout) {
    /** Hard ceilings that keep a mistyped command from flooding a deployment. */
    public static final int MAX_DEVICES = 200_000;

    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public LoadPlan {
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("--devices must be 1.." + MAX_DEVICES + ", got " + devices);
        }
        if (interval == null || interval.toMillis() < 10) {
            throw new IllegalArgumentException("--interval must be at least 10 ms");
        }
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("--duration must be within (0, 24h]");
        }
        if (connectionPerDevice) {
            connections = devices;
        }
        if (connections < 1 || connections > devices) {
            throw new IllegalArgumentException("--connections must be 1..devices, got " + connections);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be 1..64, got " + threads);
        }
        threads = Math.min(threads, devices);
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("--max-inflight must be 1..65535, got " + maxInflight);
        }
        if (maxPings < 1) {
            throw new IllegalArgumentException("--max-pings must be >= 1");
        }
        if (idPrefix == null
                || idPrefix.isBlank()
                || idPrefix.contains("/")
                || idPrefix.contains("+")
                || idPrefix.contains("#")) {
            throw new IllegalArgumentException("device id prefix must be non-blank without / + #, got " + idPrefix);
        }
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("--drain-timeout must be >= 0");
        }
    }

    public String deviceId(int index) {
        return idPrefix + index;
    }

    /** Pings the plan would send if nothing stopped it early, capped by maxPings. */
    public long plannedPings() {
        long perDevice = (duration.toNanos() + interval.toNanos() - 1) / interval.toNanos();
        return Math.min(maxPings, perDevice * devices);
    }

    public double targetRate() {
        return devices / (interval.toNanos() / 1e9);
    }

    /** Offset of device {@code index}'s first ping: devices spread evenly over one interval. */
    public long firstOffsetNanos(int index) {
        return interval.toNanos() * index / devices;
    }
}
