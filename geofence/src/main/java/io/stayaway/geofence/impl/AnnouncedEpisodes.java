package io.stayaway.geofence.impl;

import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeClosed;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.EpisodeUpdated;
import io.stayaway.geofence.GeofenceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The episodes already announced to the gateway (latest version of each, in announcement order), and the
 * reconciliation of what a late-fix replay produced with them: never re-announcing an episode and never retracting
 * one. Mutable, confined to the thread that owns the order's evaluator.
 */
final class AnnouncedEpisodes {
    /** Closed episodes are forgotten (once older than the reorder horizon) only beyond this many. */
    private static final int KEPT = 64;

    private final long horizonMillis;
    private final double updateStepMetres;
    private final LinkedHashMap<String, Episode> announced = new LinkedHashMap<>();

    AnnouncedEpisodes(long horizonMillis, double updateStepMetres) {
        this.horizonMillis = horizonMillis;
        this.updateStepMetres = updateStepMetres;
    }

    /** Records announced episodes and forgets closed ones older than the reorder horizon before {@code newestMillis}. */
    void remember(List<GeofenceEvent> events, long newestMillis) {
        for (GeofenceEvent e : events) {
            announced.put(e.episode().id(), e.episode());
        }
        if (announced.size() <= KEPT) {
            return;
        }
        Iterator<Episode> it = announced.values().iterator();
        while (it.hasNext() && announced.size() > KEPT) {
            Episode e = it.next();
            if (e.end() != null && e.end().toEpochMilli() < newestMillis - horizonMillis) {
                it.remove();
            }
        }
    }

    List<Episode> all() {
        return List.copyOf(announced.values());
    }

    void restore(List<Episode> episodes) {
        announced.clear();
        for (Episode e : episodes) {
            announced.put(e.id(), e);
        }
    }

    /**
     * Turns what a replay produced into events for the gateway, never re-announcing an episode and
     * never retracting one: replayed episodes that overlap an announced one of the same zone and kind
     * are that episode (its id is kept); new ones are announced as late; announced open episodes the
     * replay no longer supports are closed with the reason. The machines' open episodes are renamed to match.
     *
     * @param before     the machines before the replay
     * @param lateMillis device time of the late fix
     */
    List<GeofenceEvent> reconcile(
            MachineState[] before, List<GeofenceEvent> replayEvents, DwellEpisodes machines, long lateMillis) {
        Map<String, Episode> finals = finalVersions(replayEvents, machines);
        Map<String, String> rename = matchAnnounced(finals);
        List<GeofenceEvent> out = new ArrayList<>();
        for (Episode r : finals.values()) {
            announce(r, rename.get(r.id()), out);
        }
        renameOpen(machines, rename);
        closeUnsupported(before, machines, lateMillis, out);
        return out;
    }

    /** The last version of each episode the replay produced, then those still open in the machines. */
    private static Map<String, Episode> finalVersions(List<GeofenceEvent> replayEvents, DwellEpisodes machines) {
        LinkedHashMap<String, Episode> finals = new LinkedHashMap<>();
        for (GeofenceEvent e : replayEvents) {
            finals.put(e.episode().id(), e.episode());
        }
        for (int slot = 0; slot < machines.size(); slot++) {
            Episode open = machines.get(slot).open();
            if (open != null && !finals.containsKey(open.id())) {
                finals.put(open.id(), open);
            }
        }
        return finals;
    }

    /** Replayed episode id → the announced episode it is: the same id, else the first unclaimed overlapping one of its zone and kind. */
    private Map<String, String> matchAnnounced(Map<String, Episode> finals) {
        Map<String, String> rename = new HashMap<>();
        Set<String> claimed = new HashSet<>();
        for (Episode r : finals.values()) {
            if (announced.containsKey(r.id())) {
                rename.put(r.id(), r.id());
                claimed.add(r.id());
            }
        }
        for (Episode r : finals.values()) {
            if (rename.containsKey(r.id())) {
                continue;
            }
            for (Episode a : announced.values()) {
                if (!claimed.contains(a.id())
                        && a.zoneId().equals(r.zoneId())
                        && a.kind() == r.kind()
                        && overlaps(a, r)) {
                    rename.put(r.id(), a.id());
                    claimed.add(a.id());
                    break;
                }
            }
        }
        return rename;
    }

    /** Announces a replayed episode: as new and late when it matches none ({@code target} null), else as a change of the announced one. */
    private void announce(Episode r, String target, List<GeofenceEvent> out) {
        if (target == null) {
            Episode late = withIdAndLate(r, r.id(), true, null);
            out.add(new EpisodeOpened(late.withEnd(null)));
            if (late.end() != null) {
                out.add(new EpisodeClosed(late));
            }
            announced.put(late.id(), late);
            return;
        }
        Episode a = announced.get(target);
        Episode merged = withIdAndLate(r, target, a.late(), a.start().isBefore(r.start()) ? a.start() : r.start());
        if (a.end() == null && merged.end() != null) {
            out.add(new EpisodeClosed(merged));
            announced.put(target, merged);
        } else if (a.end() == null
                && (merged.start().isBefore(a.start())
                        || merged.minDistanceMetres() <= a.minDistanceMetres() - updateStepMetres
                        || merged.maxPenetrationMetres() >= a.maxPenetrationMetres() + updateStepMetres)) {
            out.add(new EpisodeUpdated(merged));
            announced.put(target, merged);
        }
    }

    /** Gives the machines' open episodes the ids (and late flags and starts) under which they were announced. */
    private void renameOpen(DwellEpisodes machines, Map<String, String> rename) {
        for (int slot = 0; slot < machines.size(); slot++) {
            MachineState m = machines.get(slot);
            Episode live = m.open();
            if (live != null) {
                String target = rename.getOrDefault(live.id(), announced.containsKey(live.id()) ? live.id() : null);
                Episode a = target == null ? null : announced.get(target);
                Episode fixed = a == null
                        ? withIdAndLate(live, live.id(), true, null)
                        : withIdAndLate(
                                live, target, a.late(), a.start().isBefore(live.start()) ? a.start() : live.start());
                machines.set(
                        slot,
                        new MachineState(null, fixed, m.clear(), m.announcedDistance(), m.announcedPenetration()));
            }
        }
    }

    /** Closes the announced episodes that were open before the replay and are open in no machine after it. */
    private void closeUnsupported(
            MachineState[] before, DwellEpisodes machines, long lateMillis, List<GeofenceEvent> out) {
        for (MachineState b : before) {
            Episode was = b.open();
            if (was != null
                    && !isOpenIn(machines, was.id())
                    && announced.get(was.id()) != null
                    && announced.get(was.id()).end() == null) {
                Episode closed = closeOnReconciliation(announced.get(was.id()), lateMillis);
                out.add(new EpisodeClosed(closed));
                announced.put(closed.id(), closed);
            }
        }
    }

    private static boolean isOpenIn(DwellEpisodes machines, String id) {
        for (int slot = 0; slot < machines.size(); slot++) {
            Episode open = machines.get(slot).open();
            if (open != null && open.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(Episode a, Episode b) {
        long aStart = a.start().toEpochMilli();
        long aEnd = a.end() == null ? Long.MAX_VALUE : a.end().toEpochMilli();
        long bStart = b.start().toEpochMilli();
        long bEnd = b.end() == null ? Long.MAX_VALUE : b.end().toEpochMilli();
        return aStart <= bEnd && bStart <= aEnd;
    }

    private static Episode withIdAndLate(Episode e, String id, boolean late, Instant start) {
        String explanation = late && !e.late() ? Explanations.markedLate(e.explanation()) : e.explanation();
        return e.toBuilder()
                .id(id)
                .start(start == null ? e.start() : start)
                .late(late)
                .explanation(explanation)
                .build();
    }

    private static Episode closeOnReconciliation(Episode e, long lateMillis) {
        long end = Math.max(e.start().toEpochMilli(), lateMillis);
        return e.toBuilder()
                .end(Instant.ofEpochMilli(end))
                .explanation(e.explanation() + Explanations.CLOSED_ON_RECONCILIATION)
                .build();
    }
}
