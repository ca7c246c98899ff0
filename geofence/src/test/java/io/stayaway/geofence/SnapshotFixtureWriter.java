package io.stayaway.geofence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the {@link SavedSnapshots} fixture of the current snapshot format: the engine played along
 * {@link SnapshotScenario}, its snapshot taken at fixed points. Run it once when the format changes (docs/testing.md),
 * commit the file and add it to {@link SavedSnapshots}; never rewrite an older version's file.
 */
public final class SnapshotFixtureWriter {
    /** The points (actions played) at which snapshots are taken: every kind of state the scenario goes through. */
    static final int[] POINTS = {60, 62, 120, 174, 180, 240, 300, 360, 420, 480, 540, 600};

    private SnapshotFixtureWriter() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<SnapshotScenario.Action> actions = SnapshotScenario.actions();
        OrderEvaluator live = OrderEvaluator.create(SnapshotScenario.order(), SnapshotScenario.settings());
        List<Object> ignored = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int played = 0;
        for (int point : POINTS) {
            for (; played < point; played++) {
                actions.get(played).applyTo(live, ignored);
            }
            text.append(point)
                    .append(' ')
                    .append(Base64.getEncoder().encodeToString(live.snapshot()))
                    .append('\n');
        }
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out))) {
            gz.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        }
        System.out.println("wrote " + POINTS.length + " snapshots to " + out);
    }
}
