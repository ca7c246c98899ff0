package io.stayaway.geofence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Snapshots written by earlier code along {@link SnapshotScenario}, kept under {@code /snapshots} (gzip; each line the
 * number of actions played, then the snapshot in base64). Public for the snapshot tests of the impl package; stateless.
 */
public final class SavedSnapshots {
    /** Format version 6, written by {@link SnapshotFixtureWriter} at the commit that added it (issue #18: each fix's source). */
    public static final String VERSION_6 = "/snapshots/scenario-v6.txt.gz";
    /** Format version 5, written by {@link SnapshotFixtureWriter} at the commit that added it (issue #18: the fix before the accepted one and the start of a rejected run). */
    public static final String VERSION_5 = "/snapshots/scenario-v5.txt.gz";
    /** Format version 4, written by {@link SnapshotFixtureWriter} at the commit that added it (issue #13: episode ids named by seq and time). */
    public static final String VERSION_4 = "/snapshots/scenario-v4.txt.gz";
    /** Format version 3, written by the code of the commit that added this file (issue #13: the fix before a crossing path's anchor). */
    public static final String VERSION_3 = "/snapshots/scenario-v3.txt.gz";
    /** Format version 2, written by the code of commit b9fd338 (the last before issue #12's split of the engine). */
    public static final String VERSION_2 = "/snapshots/scenario-b9fd338.txt.gz";
    /** Format version 1, written by the code of commit 5c601de (pings evaluated without server times). */
    public static final String VERSION_1 = "/snapshots/scenario-5c601de-v1.txt.gz";

    private SavedSnapshots() {}

    /** The saved snapshots as test arguments: (actions played, snapshot bytes). */
    public static List<Arguments> read(String resource) {
        List<Arguments> saved = new ArrayList<>();
        for (String line : text(resource).split("\n")) {
            String[] parts = line.split(" ");
            saved.add(
                    Arguments.of(Integer.parseInt(parts[0]), Base64.getDecoder().decode(parts[1])));
        }
        return saved;
    }

    private static String text(String resource) {
        try (InputStream in = new GZIPInputStream(SavedSnapshots.class.getResourceAsStream(resource))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
