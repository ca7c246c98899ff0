package io.stayaway.geofence;

/** Facts about a ping that the gateway should record with it. */
public enum PingFlag {
    /** Speed from the previous accepted fix exceeds the plausible maximum; kept as evidence, never opens an episode alone. */
    IMPLAUSIBLE_JUMP,
    /**
     * Reachable at top speed from the previous accepted fix, but not from how the device was moving (a device that stood
     * still a minute ago, 4.5 km away), or one of a run of coarse fixes that keeps contradicting a precise track (a
     * mislocated Wi-Fi access point alternating with GNSS fixes). Kept as evidence, supports no episode of any kind.
     */
    TELEPORT,
    /** Older than a fix of the same device already processed; evaluated in device-time order by replay. */
    LATE,
    /** Too old to replay (before the reorder horizon); assessed for evidence only, episodes unaffected. */
    BEYOND_REORDER_HORIZON,
    /** The order is not in force at the fix time. */
    OUTSIDE_VALIDITY,
    /** The same (device, seq) was already processed; ignored for episodes. */
    DUPLICATE
}
