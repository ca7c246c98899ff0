package io.stayaway.simulator;

import io.stayaway.simulator.expect.AlertExpectation;
import io.stayaway.simulator.scenario.Scenario;
import io.stayaway.simulator.scenario.ScenarioLibrary;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** `list`: the shipped scenarios with their length, allowed speed and expectations. Runs on the main thread. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenarios shipped in the jar.")
final class ListCommand implements Callable<Integer> {
    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        for (String name : ScenarioLibrary.names()) {
            Scenario scenario = ScenarioLibrary.load(name);
            out.printf(
                    Locale.ROOT,
                    "%-22s %6.0f s  maxSpeed %-4s %s%n",
                    name,
                    scenario.duration(),
                    trim(scenario.maxSpeed()),
                    scenario.description());
            out.printf(
                    Locale.ROOT,
                    "%-22s must: %s; must not: %s%n",
                    "",
                    joined(scenario.expect().must()),
                    joined(scenario.expect().mustNot()));
        }
        return 0;
    }

    private static String joined(List<AlertExpectation> expectations) {
        return expectations.isEmpty()
                ? "(none)"
                : expectations.stream().map(AlertExpectation::describe).collect(Collectors.joining(", "));
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
