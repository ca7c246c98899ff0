package io.stayaway.geofence.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.Evaluation;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.OrderEvaluator;
import io.stayaway.geofence.SavedSnapshots;
import io.stayaway.geofence.SnapshotScenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Version 1 snapshots (before pending crossings and server times of evaluation) read as the state they held: no server
 * time known, no pending crossing, and the episodes open then still open, never announced a second time.
 */
class SnapshotCodecVersion1Test {
    static Stream<Arguments> savedVersion1Snapshots() {
        return SavedSnapshots.read(SavedSnapshots.VERSION_1).stream();
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource("savedVersion1Snapshots")
    void readsWithNoServerTimesAndNoPendingCrossing(int played, byte[] saved) {
        EngineState state = SnapshotCodec.decode(new CompiledOrder(SnapshotScenario.order()), saved);

        for (long at : state.evaluatedAtServer()) {
            assertEquals(OrderClock.SERVER_TIME_UNKNOWN, at);
        }
        for (TransitState t : state.live().transits()) {
            assertNull(t.pending());
        }
        assertFalse(state.history().isEmpty());
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource("savedVersion1Snapshots")
    void episodesOpenInTheSnapshotAreNotAnnouncedAgain(int played, byte[] saved) {
        Set<String> open = openEpisodeIds(SnapshotCodec.decode(new CompiledOrder(SnapshotScenario.order()), saved));
        OrderEvaluator restored = OrderEvaluator.restore(SnapshotScenario.order(), SnapshotScenario.settings(), saved);
        List<SnapshotScenario.Action> actions = SnapshotScenario.actions();

        List<Object> results = new ArrayList<>();
        for (int i = played; i < Math.min(actions.size(), played + 60); i++) {
            actions.get(i).applyTo(restored, results);
        }

        for (GeofenceEvent e : events(results)) {
            assertFalse(
                    e instanceof EpisodeOpened && open.contains(e.episode().id()), "announced again: " + e.episode());
        }
    }

    @Test
    void someSavedVersion1SnapshotHoldsOpenEpisodes() {
        boolean any = SavedSnapshots.read(SavedSnapshots.VERSION_1).stream()
                .map(a -> SnapshotCodec.decode(new CompiledOrder(SnapshotScenario.order()), (byte[]) a.get()[1]))
                .anyMatch(s -> !openEpisodeIds(s).isEmpty());

        assertTrue(any);
    }

    private static Set<String> openEpisodeIds(EngineState state) {
        Set<String> ids = new HashSet<>();
        for (MachineState m : state.live().machines()) {
            Episode e = m.open();
            if (e != null) {
                ids.add(e.id());
            }
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<GeofenceEvent> events(List<Object> results) {
        List<GeofenceEvent> events = new ArrayList<>();
        for (Object r : results) {
            events.addAll(r instanceof Evaluation e ? e.events() : (List<GeofenceEvent>) r);
        }
        return events;
    }
}
