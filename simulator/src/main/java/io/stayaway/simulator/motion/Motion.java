package io.stayaway.simulator.motion;

import io.stayaway.simulator.geo.LocalPoint;

/**
 * Where a person truly is at an instant, how fast they move (m/s) and towards which compass
 * heading (degrees, null when standing still). Immutable, thread-safe.
 */
public record Motion(LocalPoint position, double speed, Double heading) {
    public Motion {
        if (position == null) {
            throw new IllegalArgumentException("position is required");
        }
        if (!(speed >= 0)) {
            throw new IllegalArgumentException("speed must be >= 0, got " + speed);
        }
    }

    public boolean moving() {
        return speed > 0;
    }
}
