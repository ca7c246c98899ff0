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
    }

    List<Episode> opened(EpisodeKind kind) {
        return events.stream().filter(e -> e instanceof EpisodeOpened).map(GeofenceEvent::episode).filter(e -> e.kind() == kind).toList();
    }

    List<Episode> opened() {
        return events.stream().filter(e -> e instanceof EpisodeOpened).map(GeofenceEvent::episode).toList();
    }

    List<Episode> closed(EpisodeKind kind) {
        return events.stream().filter(e -> e instanceof EpisodeClosed).map(GeofenceEvent::episode).filter(e -> e.kind() == kind).toList();
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
