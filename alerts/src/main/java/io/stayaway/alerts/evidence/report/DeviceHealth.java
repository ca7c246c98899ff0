package io.stayaway.alerts.evidence.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one device reported about itself during the evidence window.
 *
 * @param deviceId     the device's id as registered (shown escaped)
 * @param party        whose device it is
 * @param battery      battery readings in the window, oldest first
 * @param tampers      tamper events (strap opened, case opened...) in the window
 * @param gapThreshold a gap is listed when no fix arrived for longer than this
 * @param gaps         the gaps longer than {@code gapThreshold}
 */
public record DeviceHealth(
        String deviceId,
        Party party,
        List<BatteryReading> battery,
        List<TamperEvent> tampers,
        Duration gapThreshold,
        List<TimeSpan> gaps) {
    public DeviceHealth {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(party, "party");
        battery = List.copyOf(battery);
        tampers = List.copyOf(tampers);
        Objects.requireNonNull(gapThreshold, "gapThreshold");
        gaps = List.copyOf(gaps);
    }

    /** A battery level report, 0..100 %. */
    public record BatteryReading(Instant time, int percent) {
        public BatteryReading {
            Objects.requireNonNull(time, "time");
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("battery percent must be in 0..100, was " + percent);
            }
        }
    }

    /** A tamper event as reported by the device; {@code description} is free text (shown escaped). */
    public record TamperEvent(Instant time, String description) {
        public TamperEvent {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(description, "description");
        }
    }
}
