package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots saved by installations must still restore after the engine changes. {@link SavedSnapshots} holds snapshots
 * that earlier code wrote at points of {@link SnapshotScenario}, in each format version; together they hold every kind of
 * state: open episodes, pending and clearing runs, a pending crossing, a rejected fix, late episodes, server times known
 * and unknown, replay history. Snapshots of the current version (3) are written back byte for byte; older ones restore
 * and are written back as version 3.
 */
class SnapshotCompatibilityTest {
    /** How many actions to play after the snapshot point. */
    private static final int CONTINUATION = 60;

    static Stream<Arguments> savedSnapshots() {
        return SavedSnapshots.read(SavedSnapshots.VERSION_3).stream();
    }

    static Stream<Arguments> savedVersion2Snapshots() {
        return SavedSnapshots.read(SavedSnapshots.VERSION_2).stream();
    }

    static Stream<Arguments> savedVersion1Snapshots() {
        return SavedSnapshots.read(SavedSnapshots.VERSION_1).stream();
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource("savedSnapshots")
    void aSavedSnapshotRestoresAndIsWrittenBackByteForByte(int played, byte[] saved) {
        OrderEvaluator restored = OrderEvaluator.restore(SnapshotScenario.order(), SnapshotScenario.settings(), saved);

        assertArrayEquals(saved, restored.snapshot());
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource({"savedSnapshots", "savedVersion2Snapshots"})
    void aRestoredEvaluatorContinuesExactlyAsTheOneThatNeverStopped(int played, byte[] saved) {
        List<SnapshotScenario.Action> actions = SnapshotScenario.actions();
        OrderEvaluator live = OrderEvaluator.create(SnapshotScenario.order(), SnapshotScenario.settings());
        List<Object> ignored = new ArrayList<>();
        for (int i = 0; i < played; i++) {
            actions.get(i).applyTo(live, ignored);
        }
        OrderEvaluator restored = OrderEvaluator.restore(SnapshotScenario.order(), SnapshotScenario.settings(), saved);

        List<Object> fromLive = new ArrayList<>();
        List<Object> fromRestored = new ArrayList<>();
        for (int i = played; i < Math.min(actions.size(), played + CONTINUATION); i++) {
            actions.get(i).applyTo(live, fromLive);
            actions.get(i).applyTo(restored, fromRestored);
        }

        assertTrue(!fromLive.isEmpty());
        assertEquals(outline(fromLive), outline(fromRestored));
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource("savedVersion2Snapshots")
    void aVersion2SnapshotRestoresAndIsWrittenBackAsVersion3(int played, byte[] saved) {
        assertWrittenBackAsVersion3(2, saved);
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource("savedVersion1Snapshots")
    void aVersion1SnapshotRestoresAndIsWrittenBackAsVersion3(int played, byte[] saved) {
        assertWrittenBackAsVersion3(1, saved);
    }

    private static void assertWrittenBackAsVersion3(int version, byte[] saved) {
        OrderEvaluator restored = OrderEvaluator.restore(SnapshotScenario.order(), SnapshotScenario.settings(), saved);

        byte[] rewritten = restored.snapshot();

        assertEquals(version, ByteBuffer.wrap(saved).getInt(4));
        assertEquals(3, ByteBuffer.wrap(rewritten).getInt(4));
        assertArrayEquals(
                rewritten,
                OrderEvaluator.restore(SnapshotScenario.order(), SnapshotScenario.settings(), rewritten)
                        .snapshot());
    }

    /**
     * What the gateway acts on, without the floating-point details that a platform's trigonometry could move by an
     * ulp between the machine that wrote the snapshot and this one: events with their episodes' identity, kind,
     * times, fixes and late flag, and each assessment's classification and ping flags.
     */
    private static List<String> outline(List<Object> results) {
        List<String> lines = new ArrayList<>();
        for (Object r : results) {
            List<GeofenceEvent> events;
            if (r instanceof Evaluation e) {
                lines.add(e.ping().deviceId() + ":" + e.ping().seq() + " " + e.flags() + " "
                        + e.assessments().stream()
                                .map(a -> a.zoneId() + "=" + a.classification())
                                .toList());
                events = e.events();
            } else {
                @SuppressWarnings("unchecked")
                List<GeofenceEvent> ticked = (List<GeofenceEvent>) r;
                events = ticked;
            }
            for (GeofenceEvent event : events) {
                Episode ep = event.episode();
                lines.add(event.getClass().getSimpleName() + " " + ep.id() + " " + ep.kind() + " " + ep.zoneId() + " "
                        + ep.start() + " " + ep.end() + " " + ep.firstSeq() + ".." + ep.lastSeq() + " "
                        + ep.supportingSeqs() + " late=" + ep.late());
            }
        }
        return lines;
    }
}
