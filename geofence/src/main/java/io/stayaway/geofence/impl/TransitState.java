package io.stayaway.geofence.impl;

import java.util.List;

/**
 * Crossing detection for one static zone: the last fix clearly outside (anchor) and the path since;
 * immutable.
 *
 * @param anchor         last plausible fix clearly outside the zone, {@code null} when unknown
 * @param last           last plausible fix on the path (the anchor itself when the path is empty)
 * @param maxDepth       deepest penetration along the path so far, metres (-infinity when none)
 * @param maxUncertainty largest uncertainty of the path's fixes
 * @param seqs           the path's fix seqs, anchor first
 */
public record TransitState(Fix anchor, Fix last, double maxDepth, double maxUncertainty, List<Long> seqs) {
    public static final TransitState NONE = new TransitState(null, null, Double.NEGATIVE_INFINITY, 0, List.of());

    public static TransitState anchoredAt(Fix f) {
        return new TransitState(f, f, Double.NEGATIVE_INFINITY, f.uncertainty(), List.of(f.seq()));
    }
}
