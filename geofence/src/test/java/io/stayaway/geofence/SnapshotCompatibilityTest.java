package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots saved by installations must still restore after the engine changes. The resource holds snapshots (format
 * version 2) that the code of commit b9fd338 wrote at points of {@link SnapshotScenario}: each line is the number of
 * actions played, then the snapshot in base64. Together they hold every kind of state: open episodes, pending and
 * clearing runs, a pending crossing, a rejected fix, late episodes, server times known and unknown, replay history.
 */
class SnapshotCompatibilityTest {
    private static final String RESOURCE = "/snapshots/scenario-b9fd338.txt.gz";
    /** How many actions to play after the snapshot point. */
    private static final int CONTINUATION = 60;

    static Stream<Arguments> savedSnapshots() {
        List<Arguments> saved = new ArrayList<>();
        for (String line : readResource().split("\n")) {
            String[] parts = line.split(" ");
            saved.add(Arguments.of(Integer.parseInt(parts[0]), Base64.getDecoder().decode(parts[1])));
        }
        return saved.stream();
    }

    private static String readResource() {
        try (InputStream in = new GZIPInputStream(SnapshotCompatibilityTest.class.getResourceAsStream(RESOURCE))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource("savedSnapshots")
    void aSavedSnapshotRestoresAndIsWrittenBackByteForByte(int played, byte[] saved) {
        OrderEvaluator restored = OrderEvaluator.restore(SnapshotScenario.order(), SnapshotScenario.settings(), saved);

        assertArrayEquals(saved, restored.snapshot());
    }

    @ParameterizedTest(name = "after {0} actions")
    @MethodSource("savedSnapshots")
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
                        + e.assessments().stream().map(a -> a.zoneId() + "=" + a.classification()).toList());
                events = e.events();
            } else {
                @SuppressWarnings("unchecked")
                List<GeofenceEvent> ticked = (List<GeofenceEvent>) r;
                events = ticked;
            }
            for (GeofenceEvent event : events) {
                Episode ep = event.episode();
                lines.add(event.getClass().getSimpleName() + " " + ep.id() + " " + ep.kind() + " " + ep.zoneId() + " " + ep.start() + " "
                        + ep.end() + " " + ep.firstSeq() + ".." + ep.lastSeq() + " " + ep.supportingSeqs() + " late=" + ep.late());
            }
        }
        return lines;
    }
}
