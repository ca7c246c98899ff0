package io.stayaway.geofence;

/** Facts about a ping that the gateway should record with it. */
public enum PingFlag {
    /** Speed from the previous accepted fix exceeds the plausible maximum; kept as evidence, never opens an episode alone. */
    IMPLAUSIBLE_JUMP,
    /** Older than a fix of the same device already processed; evaluated in device-time order by replay. */
    LATE,
    /** Too old to replay (before the reorder horizon); assessed for evidence only, episodes unaffected. */
    BEYOND_REORDER_HORIZON,
    /** The order is not in force at the fix time. */
    OUTSIDE_VALIDITY,
    /** The same (device, seq) was already processed; ignored for episodes. */
    DUPLICATE
}
