package io.stayaway.geofence.impl;

import io.stayaway.geofence.Ping;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The late-fix reorder buffer: each processed fix with the frame just before it, oldest first, bounded by
 * {@code reorderMaxFixes} and by the reorder horizon in device time. A late fix within it is replayed in device-time
 * order from the frame before the first newer fix of its device. Mutable, confined to the thread that owns the
 * order's evaluator.
 */
final class ReorderBuffer {
    private final int maxFixes;
    private final long horizonMillis;
    private final ArrayDeque<EngineState.HistoryEntry> history = new ArrayDeque<>();

    ReorderBuffer(int maxFixes, long horizonMillis) {
        this.maxFixes = maxFixes;
        this.horizonMillis = horizonMillis;
    }

    /** Keeps a fix about to be processed with the frame before it; forgets the entries beyond the bounds. */
    void record(Ping ping, EngineState.Frame before, long newestOfAnyDevice) {
        history.addLast(new EngineState.HistoryEntry(ping, before));
        long newest = Math.max(newestOfAnyDevice, ping.time().toEpochMilli());
        while (history.size() > maxFixes
                || (!history.isEmpty() && history.peekFirst().ping().time().toEpochMilli() < newest - horizonMillis)) {
            history.removeFirst();
        }
    }

    /** Whether the buffer holds this very fix (same device, seq and time). */
    boolean holds(Ping ping) {
        for (EngineState.HistoryEntry e : history) {
            Ping p = e.ping();
            if (p.deviceId().equals(ping.deviceId())
                    && p.seq() == ping.seq()
                    && p.time().equals(ping.time())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a late fix would be replayed from: the index of the first kept fix of its device that is newer, or -1 when
     * it cannot be replayed (none newer is kept, the fix is older than the horizon before its device's newest fix
     * {@code deviceNewestMillis}, or the buffer is full and would have to replay from before its oldest entry).
     */
    int replayPoint(Ping ping, long deviceNewestMillis) {
        long t = ping.time().toEpochMilli();
        int from = -1;
        int i = 0;
        for (EngineState.HistoryEntry e : history) {
            Ping p = e.ping();
            if (p.deviceId().equals(ping.deviceId()) && p.time().toEpochMilli() > t) {
                from = i;
                break;
            }
            i++;
        }
        boolean replayable =
                from >= 0 && t >= deviceNewestMillis - horizonMillis && (from > 0 || history.size() < maxFixes);
        return replayable ? from : -1;
    }

    /** Removes and returns the entries from {@code from} on, oldest first: the fixes to replay, each with the frame before it. */
    List<EngineState.HistoryEntry> cutFrom(int from) {
        List<EngineState.HistoryEntry> cut = new ArrayList<>(history).subList(from, history.size());
        while (history.size() > from) {
            history.removeLast();
        }
        return cut;
    }

    List<EngineState.HistoryEntry> entries() {
        return List.copyOf(history);
    }

    void restore(List<EngineState.HistoryEntry> entries) {
        history.clear();
        history.addAll(entries);
    }
}
