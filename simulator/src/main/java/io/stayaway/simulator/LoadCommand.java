package io.stayaway.simulator;

import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.load.LoadPlan;
import io.stayaway.simulator.load.LoadReport;
import io.stayaway.simulator.load.LoadRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `load`: many devices publishing QoS 1 pings on a schedule; reports rate, PUBACK latency and failures. Runs on the main thread. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Publish QoS 1 pings from N devices spread evenly over the interval; stops by itself.")
final class LoadCommand implements Callable<Integer> {
    @Option(names = "--devices", required = true, paramLabel = "N", description = "number of devices (1..200000)")
    int devices;

    @Option(
            names = "--interval",
            required = true,
            paramLabel = "S",
            description = "seconds between a device's pings (>= 0.01)")
    double intervalSeconds;

    @Option(names = "--duration", required = true, paramLabel = "D", description = "seconds to run (<= 86400)")
    double durationSeconds;

    @Option(
            names = "--connections",
            defaultValue = "4",
            paramLabel = "C",
            description = "MQTT connections shared by the devices, anonymous (default ${DEFAULT-VALUE})")
    int connections;

    @Option(
            names = "--connection-per-device",
            description =
                    "one connection per device, username = device id (the gateway's embedded endpoint needs this)")
    boolean connectionPerDevice;

    @Option(
            names = "--threads",
            defaultValue = "2",
            paramLabel = "T",
            description =
                    "event loops sending and taking PUBACKs, each for its share of the connections (default ${DEFAULT-VALUE})")
    int threads;

    @Option(
            names = "--max-inflight",
            defaultValue = "1000",
            paramLabel = "M",
            description = "unacknowledged publishes per connection (default ${DEFAULT-VALUE})")
    int maxInflight;

    @Option(
            names = "--max-pings",
            defaultValue = "" + Long.MAX_VALUE,
            paramLabel = "K",
            description = "stop after K pings")
    long maxPings;

    @Option(
            names = "--id-prefix",
            paramLabel = "PREFIX",
            description = "device ids are PREFIX0, PREFIX1, ... (default load-RANDOM-)")
    String idPrefix;

    @Option(
            names = "--create-orders",
            description = "POST one order per device pair (respondent + protected) before publishing")
    boolean createOrders;

    @Option(
            names = "--send-log",
            paramLabel = "FILE.csv",
            description = "write deviceId,seq,ts,sent_us,acked_us,outcome per ping")
    Path sendLog;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "seed for where devices stand (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--drain-timeout",
            defaultValue = "30",
            paramLabel = "S",
            description = "seconds to wait for the last PUBACKs (default ${DEFAULT-VALUE})")
    double drainSeconds;

    @Mixin
    MqttOptions mqtt = new MqttOptions();

    @Mixin
    ApiOptions apiOptions = new ApiOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (connectionPerDevice && devices > 2_000) {
            throw new IllegalArgumentException(
                    "--connection-per-device is limited to 2000 devices (more connections have not been measured)");
        }
        if (createOrders && !apiOptions.given()) {
            throw new IllegalArgumentException("--create-orders needs --api URL");
        }
        LoadPlan plan = new LoadPlan(
                devices,
                seconds(intervalSeconds),
                seconds(durationSeconds),
                connections,
                connectionPerDevice,
                threads,
                maxInflight,
                maxPings,
                idPrefix != null ? idPrefix : "load" + RunSuffix.resolve("") + "-",
                new GeoPoint(31.2304, 121.4737),
                seed,
                seconds(drainSeconds));
        LoadRun run = new LoadRun(plan, out);
        if (createOrders) {
            run.createOrders(apiOptions.client(), Instant.now());
        }
        out.printf("publishing to %s as %s0..%d ...%n", mqtt.endpoint().serverUri(), plan.idPrefix(), devices - 1);
        LoadReport report = run.run(mqtt.endpoint(), mqtt.deviceCredentials(), sendLog);
        out.print(report.describe());
        if (sendLog != null) {
            out.printf("send log: %s%n", sendLog);
        }
        return report.clean() ? 0 : 1;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
