package io.stayaway.geofence.impl;

import io.stayaway.geofence.FixSource;

/**
 * A fix as the engine keeps it: device time in millis, the uncertainty already floored, and how the device positioned
 * itself; immutable.
 */
record Fix(long seq, long timeMillis, double lat, double lon, double uncertainty, FixSource source) {}
