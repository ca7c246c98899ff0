package io.stayaway.simulator.gnss;

/** Which positioning technology produced a fix. Immutable, thread-safe. */
public enum FixSource {
    GNSS,
    WIFI,
    CELL
}
