package io.stayaway.geofence.impl;

import io.stayaway.geofence.Episode;
import io.stayaway.geofence.Ping;
import java.util.List;

/**
 * An order engine's whole state as values: what {@link SnapshotCodec} writes and reads, and what
 * {@link OrderEngine#state()} and {@link OrderEngine#restore} exchange. The arrays are copies owned by
 * whoever holds the record (the elements are immutable and shared); not thread-safe to mutate.
 *
 * @param live                  the current frame
 * @param history               processed fixes, oldest first, each with the frame just before it (the reorder buffer)
 * @param monitoringSinceMillis device time of the earliest in-force fix of any party, {@link Long#MAX_VALUE} before any
 * @param evaluatedAtServer     per device, the server instant its newest fix was evaluated, or {@link OrderClock#SERVER_TIME_UNKNOWN}
 * @param announced             the episodes already announced, in announcement order (by id, latest version)
 */
record EngineState(
        Frame live,
        List<HistoryEntry> history,
        long monitoringSinceMillis,
        long[] evaluatedAtServer,
        List<Episode> announced) {

    /** The part of the state that a late fix replays: device tracks, episode machines, crossing paths (slot-indexed). */
    record Frame(DeviceTrack[] tracks, MachineState[] machines, TransitState[] transits) {}

    /** A processed fix and the frame just before it, kept for replay. */
    record HistoryEntry(Ping ping, Frame before) {}
}
