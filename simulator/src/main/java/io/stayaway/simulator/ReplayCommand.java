package io.stayaway.simulator;

import io.stayaway.simulator.device.AddressedCommand;
import io.stayaway.simulator.mqtt.DeviceCredentials;
import io.stayaway.simulator.mqtt.WearableLinks;
import io.stayaway.simulator.replay.Recording;
import io.stayaway.simulator.replay.Replay;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `replay`: send recorded pings and events again with their original spacing or faster. Runs on the main thread. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description =
                "Replay a JSON-lines recording ({\"deviceId\",\"topic\":\"ping|event\",\"sentAt\",\"payload\"} per line).")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.jsonl", description = "the recording (e.g. from `scenario --record`)")
    Path file;

    @Option(
            names = "--speed",
            defaultValue = "1",
            paramLabel = "F",
            description = "divide the original spacing by F (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--shift-to-now", description = "move every ts so the recording plays as if happening now")
    boolean shiftToNow;

    @Option(
            names = "--unique",
            arity = "0..1",
            fallbackValue = "",
            paramLabel = "SUFFIX",
            description = "append -SUFFIX (random when omitted) to every device id")
    String unique;

    @Mixin
    MqttOptions mqtt = new MqttOptions();

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        String suffix = RunSuffix.resolve(unique);
        Replay replay = new Replay(Recording.read(file), speed, shiftToNow, suffix);
        DeviceCredentials credentials = mqtt.deviceCredentials();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String deviceId : replay.deviceIds()) {
            String recorded = deviceId.substring(0, deviceId.length() - suffix.length());
            passwords.put(deviceId, credentials.passwordFor(deviceId, recorded, null));
        }
        try (WearableLinks links = WearableLinks.connect(
                mqtt.endpoint(), passwords, new LinkedBlockingQueue<AddressedCommand>(), out, Duration.ofSeconds(10))) {
            int sent = replay.play(links, out);
            WearableLinks.DeliveryReport delivery = links.awaitDelivery(Duration.ofSeconds(30));
            out.printf(
                    "replayed %d messages: %d acknowledged, %d failed%n",
                    sent, delivery.acknowledged(), delivery.failed());
            return delivery.failed() == 0 ? 0 : 1;
        }
    }
}
