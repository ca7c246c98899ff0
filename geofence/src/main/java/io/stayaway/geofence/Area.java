package io.stayaway.geofence;

/** The ground covered by a static zone: a geodesic circle or a (multi)polygon; immutable. */
public sealed interface Area permits Circle, Polygonal {}
