package io.stayaway.simulator;

import io.stayaway.simulator.expect.AlertWatch;
import io.stayaway.simulator.expect.ExpectationCheck;
import io.stayaway.simulator.expect.Verdict;
import io.stayaway.simulator.scenario.Scenario;
import io.stayaway.simulator.scenario.ScenarioLibrary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `expect`: check a scenario's expectations against the alerts its orders have now, without
 * playing anything (e.g. after a run, or after a replay). Required alerts may be waited for.
 * Runs on the main thread.
 */
@Command(
        name = "expect",
        mixinStandardHelpOptions = true,
        description = "Check a scenario's expectations against GET /api/alerts without playing it.")
final class ExpectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|NAME", description = "scenario file, or the name of a shipped scenario")
    String scenarioRef;

    @Option(
            names = "--unique",
            paramLabel = "SUFFIX",
            description = "the suffix the run used (its order ids end in -SUFFIX)")
    String unique;

    @Option(
            names = "--wait",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "keep polling up to this long for required alerts (default ${DEFAULT-VALUE})")
    double waitSeconds;

    @Option(
            names = "--poll",
            defaultValue = "1000",
            paramLabel = "MS",
            description = "poll interval (default ${DEFAULT-VALUE} ms)")
    long pollMillis;

    @Option(
            names = "--exactly-once",
            description = "a required alert must be raised exactly once: a second matching alert (say, the same "
                    + "episode raised again after a restart) fails it")
    boolean exactlyOnce;

    @Mixin
    ApiOptions apiOptions = new ApiOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (!apiOptions.given()) {
            throw new IllegalArgumentException("expect needs --api URL (or STAYAWAY_API)");
        }
        Scenario scenario =
                ScenarioLibrary.load(scenarioRef).withSuffix(RunSuffix.resolve(unique == null ? null : unique));
        AlertWatch watch = AlertWatch.includingExisting(apiOptions.client(), scenario.orderIds());
        long now = System.nanoTime();
        long until = now + TimeUnit.MILLISECONDS.toNanos(Math.round(waitSeconds * 1000));
        out.printf("checking %s (orders %s) against %s%n", scenario.name(), scenario.orderIds(), apiOptions.api);
        ExpectationCheck check = new ExpectationCheck(
                        scenario.expect(), expectation -> until, now, Duration.ofMillis(pollMillis))
                .exactlyOnce(exactlyOnce);
        Verdict verdict = check.await(watch, now);
        out.print(verdict.report());
        return verdict.passed() ? 0 : 1;
    }
}
