package io.stayaway.simulator.device;

/**
 * How a wearable's battery behaves: starting {@code level} (%), drain and charge rates (% per
 * hour), and the level at which it reports {@code battery_low}. Immutable, thread-safe.
 */
public record BatteryPlan(Double level, Double drainPerHour, Double chargePerHour, Double lowAt) {
    public static final BatteryPlan DEFAULT = new BatteryPlan(null, null, null, null);

    public BatteryPlan {
        level = level == null ? 90.0 : level;
        drainPerHour = drainPerHour == null ? 1.5 : drainPerHour;
        chargePerHour = chargePerHour == null ? 40.0 : chargePerHour;
        lowAt = lowAt == null ? 15.0 : lowAt;
        if (level < 0 || level > 100) {
            throw new IllegalArgumentException("battery.level must be within 0..100, got " + level);
        }
        if (drainPerHour < 0 || chargePerHour < 0) {
            throw new IllegalArgumentException("battery drain/charge rates must be >= 0");
        }
        if (lowAt < 0 || lowAt > 100) {
            throw new IllegalArgumentException("battery.lowAt must be within 0..100, got " + lowAt);
        }
    }
}
