package io.stayaway.simulator.device;

import io.stayaway.simulator.gnss.Environment;

/** Seconds [from, to) spent in another positioning environment (e.g. indoors). Immutable, thread-safe. */
public record EnvironmentWindow(double from, double to, Environment environment) {
    public EnvironmentWindow {
        TimeWindow.requireOrdered("environment window", from, to);
        if (environment == null) {
            throw new IllegalArgumentException("environment window needs an environment");
        }
    }

    public boolean contains(long offsetMillis) {
        return offsetMillis >= from * 1000 && offsetMillis < to * 1000;
    }
}
