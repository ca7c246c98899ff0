package io.stayaway.simulator;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the simulator jar. Exit codes: 0 success, 1 expectations failed or pings lost,
 * 2 bad command line, 3 could not run (unreachable broker or API, invalid scenario). Main thread only.
 */
@Command(
        name = "stayaway-sim",
        mixinStandardHelpOptions = true,
        version = "stayaway simulator 0.1.0",
        description = "Simulated wearables for Stayaway: scenarios with expected alerts, replay, and load.",
        subcommands = {
            ScenarioCommand.class,
            ExpectCommand.class,
            ListCommand.class,
            ReplayCommand.class,
            LoadCommand.class
        })
public final class Main implements Runnable {
    static final int COULD_NOT_RUN = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("error: " + explain(exception));
            return COULD_NOT_RUN;
        });
        return commandLine.execute(args);
    }

    private static String explain(Throwable exception) {
        StringBuilder text = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause();
                cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
