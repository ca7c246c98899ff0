package io.stayaway.geofence;

/** What an episode is about; the gateway maps each kind to an alert type. */
public enum EpisodeKind {
    /** Confirmed presence inside a static exclusion zone. */
    BREACH,
    /** The straight track between consecutive fixes passed through a static exclusion zone. */
    CROSSING,
    /** Confirmed presence within a protected person's minimum distance. */
    PROXIMITY,
    /** Presence in the warning band of a static or mobile zone. */
    APPROACH,
    /** Outside an inclusion zone while its schedule requires presence. */
    CURFEW,
    /** The distance to a protected person cannot be decided because a position is too old. */
    PROXIMITY_UNKNOWN
}
