package io.stayaway.geofence;

/**
 * How the device positioned itself for a fix, as it reports it (wire: {@code src}). Satellite fixes are independent
 * measurements; Wi-Fi and cell fixes are a positioning database's estimate from the access points or cells in view.
 * Snapshots keep the ordinal: add sources at the end, never reorder.
 */
public enum FixSource {
    /** Satellite positioning (GPS, BeiDou, Galileo, GLONASS), possibly assisted. */
    GNSS,
    /** A Wi-Fi positioning database's estimate from the access points in view. */
    WIFI,
    /** A cell positioning database's estimate from the cells in view. */
    CELL,
    /** Not reported (a device that does not send it): taken as satellite, as before the source was known. */
    UNKNOWN;

    /**
     * Whether the fix is a database estimate (Wi-Fi or cell): at one place every such fix repeats the same database
     * error, so several of them are one observation repeated, not independent fixes.
     */
    public boolean network() {
        return this == WIFI || this == CELL;
    }
}
