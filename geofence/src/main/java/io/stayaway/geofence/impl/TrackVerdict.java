package io.stayaway.geofence.impl;

/** How a fix fits its device's track; only a plausible fix supports, resets or closes an episode. */
enum TrackVerdict {
    PLAUSIBLE,
    /** Faster than the maximum speed from the accepted fix, accuracies allowed for. */
    IMPLAUSIBLE_JUMP,
    /** Beyond what the device could reach given how it was moving, or a coarse run contradicting a precise track. */
    TELEPORT
}
