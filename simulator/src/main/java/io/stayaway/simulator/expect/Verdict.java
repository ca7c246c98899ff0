package io.stayaway.simulator.expect;

import io.stayaway.simulator.api.Alert;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of checking a scenario's expectations against the gateway's alerts, with a readable
 * expected-versus-actual diff. Immutable, thread-safe.
 */
public record Verdict(List<Outcome> outcomes, List<SeenAlert> actual, long referenceNanos, String apiProblem) {
    public Verdict {
        outcomes = List.copyOf(outcomes);
        actual = List.copyOf(actual);
    }

    public boolean passed() {
        return apiProblem == null && outcomes.stream().allMatch(Outcome::passed);
    }

    public String report() {
        StringBuilder text = new StringBuilder();
        long failed = outcomes.stream().filter(o -> !o.passed()).count() + (apiProblem == null ? 0 : 1);
        text.append(String.format(
                Locale.ROOT,
                "Expectations: %d passed, %d failed%n",
                outcomes.size() + (apiProblem == null ? 0 : 1) - failed,
                failed));
        if (apiProblem != null) {
            text.append("  FAIL  the alerts could not be read: ")
                    .append(apiProblem)
                    .append('\n');
        }
        for (Outcome outcome : outcomes) {
            text.append(String.format(
                    Locale.ROOT,
                    "  %s  %-8s %s -- %s%n",
                    outcome.passed() ? "PASS" : "FAIL",
                    outcome.required() ? "must" : "must not",
                    outcome.expectation().describe(),
                    outcome.evidence()));
        }
        if (!passed()) {
            text.append("Expected:\n");
            for (Outcome outcome : outcomes) {
                text.append(outcome.required() ? "  + " : "  - ")
                        .append(outcome.expectation().describe())
                        .append('\n');
            }
            text.append(String.format(
                    Locale.ROOT,
                    "Actual (%d alert%s raised during the run):%n",
                    actual.size(),
                    actual.size() == 1 ? "" : "s"));
            if (actual.isEmpty()) {
                text.append("  (none)\n");
            }
            for (SeenAlert seen : actual) {
                text.append("  = ").append(describe(seen, referenceNanos)).append('\n');
            }
        }
        return text.toString();
    }

    static String describe(SeenAlert seen, long referenceNanos) {
        Alert alert = seen.alert();
        return String.format(
                Locale.ROOT,
                "%s party=%s rule=%s late=%s state=%s order=%s device=%s opened=%s seen %s [id %s]",
                alert.type(),
                alert.party(),
                alert.ruleId(),
                alert.late(),
                alert.state(),
                alert.orderId(),
                alert.deviceId(),
                alert.openedAt(),
                sinceReference(seen.firstSeenNanos(), referenceNanos),
                alert.id());
    }

    static String sinceReference(long nanos, long referenceNanos) {
        return String.format(Locale.ROOT, "%+.1fs", (nanos - referenceNanos) / 1e9);
    }
}
