package io.stayaway.geofence.impl;

import java.util.List;

/**
 * Crossing detection for one static zone: the last fix clearly outside (anchor) and the path since;
 * immutable.
 *
 * @param anchor         last plausible fix clearly outside the zone, {@code null} when unknown
 * @param last           last plausible fix on the path (the anchor itself when the path is empty)
 * @param lastDistance   signed distance of {@code last} to the zone (a lower bound when it was far), metres
 * @param maxDepth       deepest penetration along the path so far, metres (-infinity when none)
 * @param maxUncertainty largest uncertainty of the path's fixes
 * @param seqs           the path's fix seqs after the anchor (empty while the path is just the anchor)
 */
public record TransitState(Fix anchor, Fix last, double lastDistance, double maxDepth, double maxUncertainty, List<Long> seqs) {
    public static final TransitState NONE = new TransitState(null, null, 0, Double.NEGATIVE_INFINITY, 0, List.of());

    public static TransitState anchoredAt(Fix f, double distance) {
        return new TransitState(f, f, distance, Double.NEGATIVE_INFINITY, f.uncertainty(), List.of());
    }
}
