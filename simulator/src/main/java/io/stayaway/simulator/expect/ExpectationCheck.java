package io.stayaway.simulator.expect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Checks expectations against watched alerts: a required alert passes when a matching one was
 * first seen by its deadline (plus one polling interval, the resolution of the watch); a
 * forbidden alert passes when none matching was raised during the run. Runs on the caller's thread.
 */
public final class ExpectationCheck {
    private final Expectations expectations;
    private final ToLongFunction<AlertExpectation> deadlineNanos;
    private final long referenceNanos;
    private final Duration pollEvery;
    private boolean exactlyOnce;

    /**
     * @param deadlineNanos  System.nanoTime by which each required alert must have been seen
     * @param referenceNanos the instant reported as +0.0s (the start of playback)
     */
    public ExpectationCheck(
            Expectations expectations,
            ToLongFunction<AlertExpectation> deadlineNanos,
            long referenceNanos,
            Duration pollEvery) {
        this.expectations = expectations;
        this.deadlineNanos = deadlineNanos;
        this.referenceNanos = referenceNanos;
        this.pollEvery = pollEvery;
    }

    /** With {@code true}, a required alert matched by more than one alert fails (raised twice). */
    public ExpectationCheck exactlyOnce(boolean exactlyOnce) {
        this.exactlyOnce = exactlyOnce;
        return this;
    }

    /**
     * Polls until every required alert is seen or past its deadline, and at least until
     * {@code quietUntilNanos} (so a forbidden alert has time to show), then judges.
     */
    public Verdict await(AlertWatch watch, long quietUntilNanos) throws InterruptedException {
        while (true) {
            watch.poll();
            long now = System.nanoTime();
            long nextWake = quietUntilNanos;
            boolean waiting = now < quietUntilNanos;
            for (AlertExpectation expectation : expectations.must()) {
                long deadline = deadlineNanos.applyAsLong(expectation);
                if (now < deadline && !seenInTime(expectation, watch.seen())) {
                    waiting = true;
                    nextWake = Math.min(nextWake, deadline);
                }
            }
            if (!waiting) {
                return judge(watch);
            }
            long sleepNanos = Math.max(1_000_000, Math.min(pollEvery.toNanos(), nextWake - now));
            Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
    }

    /** Judges what the watch has seen so far. */
    public Verdict judge(AlertWatch watch) {
        List<SeenAlert> seen = watch.seen();
        List<Outcome> outcomes = new ArrayList<>();
        for (AlertExpectation expectation : expectations.must()) {
            outcomes.add(required(expectation, seen));
        }
        for (AlertExpectation expectation : expectations.mustNot()) {
            List<SeenAlert> offending =
                    seen.stream().filter(s -> expectation.matches(s.alert())).toList();
            outcomes.add(new Outcome(
                    false,
                    expectation,
                    offending.isEmpty(),
                    offending.isEmpty()
                            ? "not raised"
                            : "raised: " + Verdict.describe(offending.get(0), referenceNanos)
                                    + (offending.size() > 1 ? " (and " + (offending.size() - 1) + " more)" : "")));
        }
        String problem = watch.lastError() != null
                ? watch.lastError()
                : watch.everRead() ? null : "GET /api/alerts was never read";
        return new Verdict(outcomes, seen, referenceNanos, problem);
    }

    private Outcome required(AlertExpectation expectation, List<SeenAlert> seen) {
        long deadline = deadlineNanos.applyAsLong(expectation);
        List<SeenAlert> matching =
                seen.stream().filter(s -> expectation.matches(s.alert())).toList();
        if (matching.isEmpty()) {
            return new Outcome(
                    true,
                    expectation,
                    false,
                    String.format(
                            Locale.ROOT,
                            "not raised (waited until %s)",
                            Verdict.sinceReference(deadline, referenceNanos)));
        }
        SeenAlert first = matching.get(0);
        if (first.firstSeenNanos() > deadline + pollEvery.toNanos()) {
            return new Outcome(
                    true,
                    expectation,
                    false,
                    "raised too late, deadline was " + Verdict.sinceReference(deadline, referenceNanos) + ": "
                            + Verdict.describe(first, referenceNanos));
        }
        if (exactlyOnce && matching.size() > 1) {
            return new Outcome(
                    true,
                    expectation,
                    false,
                    "raised " + matching.size() + " times, expected once: "
                            + matching.stream()
                                    .map(m -> Verdict.describe(m, referenceNanos))
                                    .toList());
        }
        return new Outcome(true, expectation, true, Verdict.describe(first, referenceNanos));
    }

    private boolean seenInTime(AlertExpectation expectation, List<SeenAlert> seen) {
        long deadline = deadlineNanos.applyAsLong(expectation);
        return seen.stream().anyMatch(s -> expectation.matches(s.alert()) && s.firstSeenNanos() <= deadline);
    }
}
