package io.stayaway.alerts.dayload;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.AlertType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alert-load report, small in CI (2 pairs x 3 days per pattern, seed 20261201); the long run is the same test with
 * {@code -Dstayaway.dayload.pairs=N -Dstayaway.dayload.days=D -Dstayaway.dayload.seed=S} (docs/testing.md). It prints
 * the table, writes it to {@code target/day-load.md}, and checks what the change must keep; the goals and the long run are in docs/alert-load.md.
 */
class DayLoadTest {
    private static final int PAIRS = Integer.getInteger("stayaway.dayload.pairs", 2);
    private static final int DAYS = Integer.getInteger("stayaway.dayload.days", 3);
    private static final long SEED = Long.getLong("stayaway.dayload.seed", 20261201L);

    @Test
    void theReportCountsWholeDaysAndEveryPatternMeetsItsGoals() throws IOException {
        List<DayLoadReport.Row> rows = DayLoadReport.run(PAIRS, DAYS, SEED);
        String table = DayLoadReport.markdown(rows, PAIRS, DAYS, SEED);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "day-load.md"), table);

        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (DayLoadReport.Row r : rows) {
            DayLoad.Tally after = r.after();
            String at = r.pattern().name() + " (seed " + SEED + "): ";
            checks.add(() -> assertTrue(after.pairDays == PAIRS * DAYS && after.fixes >= 1440L * after.pairDays, at));
        }
        DayLoadReport.Row mislocated = row(rows, "mislocated-ap");
        checks.add(() -> assertTrue(
                mislocated.before().perDay(mislocated.before().opened(AlertType.APPROACH)) >= 5,
                "before: the mislocated access point warns several times a day"));
        checks.add(() -> assertTrue(
                mislocated.after().opened(AlertType.APPROACH) <= mislocated.after().trueBandEntries,
                "after: no more warnings than real entries into the band (seed " + SEED + ")"));
        checks.add(() -> assertTrue(mislocated.after().teleports > 0, "its coarse fixes are flagged as teleports"));
        DayLoadReport.Row far = row(rows, "far-away");
        checks.add(() -> assertEquals(0, far.after().opened.size(), "far away: nothing at all"));
        for (DayLoadReport.Row r : rows) {
            DayLoad.Tally after = r.after();
            double approach = after.perDay(after.opened(AlertType.APPROACH));
            double entries = after.perDay(after.trueBandEntries);
            checks.add(() -> assertTrue(
                    Math.abs(approach - entries) <= 1,
                    r.pattern().name() + " (seed " + SEED + "): " + approach + " APPROACH a pair-day against " + entries
                            + " true band entries, not within one"));
            checks.add(() -> assertTrue(
                    after.perDay(after.critical()) <= 0.01,
                    r.pattern().name() + " (seed " + SEED + "): " + after.critical() + " false critical alarms in "
                            + after.pairDays + " pair-days, more than 0.01 per pair-day"));
        }
        assertAll(checks);
    }

    private static DayLoadReport.Row row(List<DayLoadReport.Row> rows, String pattern) {
        return rows.stream()
                .filter(r -> r.pattern().name().equals(pattern))
                .findFirst()
                .orElseThrow();
    }
}
