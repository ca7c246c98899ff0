package io.stayaway.geofence;

import java.util.ArrayList;
import java.util.List;

/** Feeds pings to an evaluator and collects what came out; mutable, test-only. */
final class Run {
    final List<Evaluation> evaluations = new ArrayList<>();
    final List<GeofenceEvent> events = new ArrayList<>();

    static Run of(OrderEvaluator evaluator, List<Ping> pings) {
        Run r = new Run();
        for (Ping p : pings) {
            r.add(evaluator.evaluate(p));
        }
        return r;
    }

    /** Records one evaluation and its events. */
    void add(Evaluation e) {
        evaluations.add(e);
        events.addAll(e.events());
        requireNoReopeningWithinTheCloseDwell();
    }

    /**
     * The duty desk is texted when an episode opens: Opened/Closed/Opened of the same kind on the same zone
     * within the close dwell (default settings) would be a duplicate alert. Checked on every run of every test.
     */
    void requireNoReopeningWithinTheCloseDwell() {
        long dwell = EvaluatorSettings.defaults().closeDwell().toMillis();
        java.util.Map<String, Episode> lastClosed = new java.util.HashMap<>();
        for (GeofenceEvent e : events) {
            String key = e.episode().zoneId() + "/" + e.episode().kind();
            if (e instanceof EpisodeClosed) {
                lastClosed.put(key, e.episode());
            } else if (e instanceof EpisodeOpened) {
                Episode before = lastClosed.get(key);
                if (before != null
                        && !before.id().equals(e.episode().id())
                        && e.episode().start().toEpochMilli() - before.end().toEpochMilli() < dwell) {
                    throw new AssertionError("reopened within the close dwell: " + before + " then " + e.episode());
                }
            }
        }
    }

    List<Episode> opened(EpisodeKind kind) {
        return events.stream()
                .filter(e -> e instanceof EpisodeOpened)
                .map(GeofenceEvent::episode)
                .filter(e -> e.kind() == kind)
                .toList();
    }

    List<Episode> opened() {
        return events.stream()
                .filter(e -> e instanceof EpisodeOpened)
                .map(GeofenceEvent::episode)
                .toList();
    }

    List<Episode> closed(EpisodeKind kind) {
        return events.stream()
                .filter(e -> e instanceof EpisodeClosed)
                .map(GeofenceEvent::episode)
                .filter(e -> e.kind() == kind)
                .toList();
    }

    /** Index (0-based) of the ping whose evaluation carried the first EpisodeOpened of the kind, -1 if none. */
    int pingThatOpened(EpisodeKind kind) {
        for (int i = 0; i < evaluations.size(); i++) {
            for (GeofenceEvent e : evaluations.get(i).events()) {
                if (e instanceof EpisodeOpened && e.episode().kind() == kind) {
                    return i;
                }
            }
        }
        return -1;
    }
}
