package io.stayaway.alerts.dayload;

import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.WarningBudget;
import io.stayaway.geofence.EvaluatorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The alert-load report: every {@link DayPattern} played for the same pair-days twice, before and after issue #18.
 * Before: fixes judged only by top speed from the previous fix, an APPROACH fix's centre in the band enough, Wi-Fi and
 * cell fixes supporting an APPROACH like satellite fixes, two fixes 20 s apart confirming, pursuit only while an episode is open, every warning texted. After: today's defaults (track
 * checks that flag teleports, APPROACH support beyond the fix's uncertainty and from satellite fixes only, two fixes
 * confirming only 50 s apart),
 * pursuit on suspicion as the gateway does, and the protected person's {@link WarningBudget}. Episodes and texts per
 * pair-day. Stateless.
 */
final class DayLoadReport {
    private DayLoadReport() {}

    /** One pattern, before and after. */
    record Row(DayPattern pattern, DayLoad.Tally before, DayLoad.Tally after) {}

    static List<Row> run(int pairs, int days, long seed) {
        List<Row> rows = new ArrayList<>();
        EvaluatorSettings old = EvaluatorSettings.defaults()
                .withSpeedCheckOnly()
                .withApproachInsideShare(0)
                .withNetworkFixesSupportingApproach(true)
                .withConfirmation(3, Duration.ofSeconds(20));
        for (DayPattern p : DayPattern.all()) {
            DayLoad.Tally before = new DayLoad(p, old, null, false).play(pairs, days, seed);
            DayLoad.Tally after = new DayLoad(p, EvaluatorSettings.defaults(), WarningBudget.defaults(), true)
                    .play(pairs, days, seed);
            rows.add(new Row(p, before, after));
        }
        return rows;
    }

    /** The report as a Markdown table, one line per pattern and rule; figures per pair-day. */
    static String markdown(List<Row> rows, int pairs, int days, long seed) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%d pairs x %d days per pattern (seed %d); figures per pair-day; before = the engine and pursuit"
                        + " before issue #18, every warning texted; after = today's engine, pursuit on suspicion and"
                        + " the warning budget %s%n%n",
                pairs,
                days,
                seed,
                WarningBudget.defaults()));
        out.append("| pattern | rule | true band entries | APPROACH | false critical | teleport fixes | texts: desk"
                + " | texts: protected person | suppressed | texts: respondent |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            line(out, r.pattern().name(), "before", r.before());
            line(out, "", "after", r.after());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, String rule, DayLoad.Tally t) {
        out.append(String.format(
                Locale.ROOT,
                "| %s | %s | %.2f | %.3f | %.3f | %.1f | %.2f | %.2f | %.2f | %.2f |%n",
                name,
                rule,
                t.perDay(t.trueBandEntries),
                t.perDay(t.opened(AlertType.APPROACH)),
                t.perDay(t.critical()),
                t.perDay(t.teleports),
                t.perDay(t.texts(RecipientRole.DESK)),
                t.perDay(t.texts(RecipientRole.PROTECTED)),
                t.perDay(t.suppressed),
                t.perDay(t.texts(RecipientRole.RESPONDENT))));
    }
}
