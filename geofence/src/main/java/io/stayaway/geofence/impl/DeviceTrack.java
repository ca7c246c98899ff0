package io.stayaway.geofence.impl;

/**
 * What the engine remembers of one device; immutable.
 *
 * @param lastAccepted   the newest plausible fix (used for jump checks and as a mobile-zone counterpart)
 * @param lastRejected   the newest implausible fix after {@code lastAccepted}, to re-anchor when the accepted one was the
 *                       outlier
 * @param newestMillis   device time of the newest fix processed, plausible or not
 * @param newestSeq      seq of that fix
 * @param beforeAccepted the plausible fix before {@code lastAccepted}, which tells how fast the device can have been
 *                       moving at {@code lastAccepted}; {@code null} when unknown (then only the top speed applies)
 * @param rejectedSince  the first fix of the run of mutually consistent implausible fixes that ends at
 *                       {@code lastRejected}, to tell how long a coarse run has held; {@code null} without such a run
 * @param phantom        the last coarse fix at a place the device's precise fixes then contradicted (a mislocated access
 *                       point): coarse fixes there, away from the track, are teleports; {@code null} when none
 * @param precise        the newest accepted fix within the coarse limit, what coarse fixes are judged against;
 *                       {@code null} when none
 */
record DeviceTrack(
        Fix lastAccepted,
        Fix lastRejected,
        long newestMillis,
        long newestSeq,
        Fix beforeAccepted,
        Fix rejectedSince,
        Fix phantom,
        Fix precise) {
    static final DeviceTrack EMPTY = new DeviceTrack(null, null, Long.MIN_VALUE, -1, null, null, null, null);
}
