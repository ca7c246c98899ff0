package io.stayaway.geofence.impl;

/**
 * What the engine remembers of one device; immutable.
 *
 * @param lastAccepted the newest plausible fix (used for jump checks and as a mobile-zone counterpart)
 * @param lastRejected the newest implausible fix after {@code lastAccepted}, to re-anchor when the accepted one was the outlier
 * @param newestMillis device time of the newest fix processed, plausible or not
 * @param newestSeq    seq of that fix
 */
record DeviceTrack(Fix lastAccepted, Fix lastRejected, long newestMillis, long newestSeq) {
    static final DeviceTrack EMPTY = new DeviceTrack(null, null, Long.MIN_VALUE, -1);
}
