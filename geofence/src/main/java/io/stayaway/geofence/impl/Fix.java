package io.stayaway.geofence.impl;

/** A fix as the engine keeps it: device time in millis and the uncertainty already floored; immutable. */
record Fix(long seq, long timeMillis, double lat, double lon, double uncertainty) {}
