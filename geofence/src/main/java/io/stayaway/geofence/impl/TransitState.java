package io.stayaway.geofence.impl;

import java.util.List;

/**
 * Crossing detection for one static zone: the last fix clearly outside (anchor), the clearly-outside fix before it,
 * the path since, and a crossing inferred but not yet confirmed by the fix after its exit; immutable.
 *
 * @param before         the clearly-outside fix the path had before {@code anchor}, which must lie on the same side of
 *                       the zone as the anchor for the anchor to be a crossing's entry; {@code null} when the anchor
 *                       is the first fix of the path (or was restored from a snapshot older than version 3)
 * @param beforeDistance signed distance of {@code before} to the zone (a lower bound when it was far), metres
 * @param anchor         last plausible fix clearly outside the zone, {@code null} when unknown
 * @param anchorDistance signed distance of {@code anchor} to the zone (a lower bound when it was far), metres
 * @param last           last plausible fix on the path (the anchor itself when the path is empty), {@code null} when none
 * @param lastDistance   signed distance of {@code last} to the zone (a lower bound when it was far), metres
 * @param seqs           the path's fix seqs after the anchor (fixes not clearly outside; empty while the path is just the anchor)
 * @param pending        a crossing whose exit fix is {@code anchor}, waiting for the next clearly-outside fix; {@code null} when none
 */
record TransitState(
        Fix before,
        double beforeDistance,
        Fix anchor,
        double anchorDistance,
        Fix last,
        double lastDistance,
        List<Long> seqs,
        Candidate pending) {
    static final TransitState NONE = new TransitState(null, 0, null, 0, null, 0, List.of(), null);

    /**
     * A straight track from {@code entry} to {@code exit} (both clearly outside) that passes deeper than
     * {@code threshold} into the zone; announced only once the next fix confirms it; immutable.
     */
    record Candidate(
            Fix entry,
            double entryDistance,
            Fix exit,
            double exitDistance,
            double depth,
            double threshold,
            List<Long> seqs) {}

    /** A path that starts at {@code f}: nothing known before it. */
    static TransitState startingAt(Fix f, double distance) {
        return new TransitState(null, 0, f, distance, f, distance, List.of(), null);
    }

    /** The path continued to the clearly-outside fix {@code f}, the new anchor; the old anchor becomes the fix before it. */
    TransitState anchoredAt(Fix f, double distance, Candidate candidate) {
        return new TransitState(anchor, anchorDistance, f, distance, f, distance, List.of(), candidate);
    }
}
