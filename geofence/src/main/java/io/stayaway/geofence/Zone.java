package io.stayaway.geofence;

/** One stay-away rule of an order, identified within the order by {@link #id()}; immutable. */
public sealed interface Zone permits ExclusionZone, MobileExclusionZone, InclusionZone {
    String id();
}
