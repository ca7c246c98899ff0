package io.stayaway.simulator.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stayaway.simulator.device.Uplink;
import io.stayaway.simulator.device.UplinkChannel;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Replays recorded uplinks with their original spacing divided by {@code speed}, optionally
 * renaming devices with a suffix and shifting every ts so the recording ends no later than the
 * moment it is replayed (the same rule as scenarios: no ts after its send time). Confined to the
 * calling thread.
 */
public final class Replay {
    private final List<RecordedUplink> lines;
    private final double speed;
    private final boolean shiftToNow;
    private final String deviceSuffix;

    public Replay(List<RecordedUplink> lines, double speed, boolean shiftToNow, String deviceSuffix) {
        if (!(speed >= 1) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be a finite factor >= 1, got " + speed);
        }
        this.lines = List.copyOf(lines);
        this.speed = speed;
        this.shiftToNow = shiftToNow;
        this.deviceSuffix = deviceSuffix == null ? "" : deviceSuffix;
    }

    public List<String> deviceIds() {
        return lines.stream().map(l -> l.deviceId() + deviceSuffix).distinct().toList();
    }

    /**
     * How far to move every ts: zero, or for --shift-to-now the amount that puts the first message
     * at now - span * (1 - 1/speed), so the last one is stamped at most at its send time.
     */
    long shiftMillis(long nowMillis) {
        if (!shiftToNow) {
            return 0;
        }
        long first = lines.get(0).time();
        long span = lines.get(lines.size() - 1).time() - first;
        return nowMillis - first - (long) Math.ceil(span * (1 - 1 / speed));
    }

    public int play(UplinkChannel channel, PrintStream console) throws InterruptedException {
        long shift = shiftMillis(System.currentTimeMillis());
        long first = lines.get(0).time();
        long wallStart = System.nanoTime();
        int sent = 0;
        for (RecordedUplink line : lines) {
            long offset = Math.max(0, line.time() - first);
            long waitNanos = wallStart + (long) (offset * 1_000_000 / speed) - System.nanoTime();
            if (waitNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
            JsonNode payload = shifted(line.payload(), shift);
            channel.send(new Uplink(
                    line.deviceId() + deviceSuffix,
                    line.kind(),
                    offset,
                    payload.toString(),
                    line.items(),
                    line.topic()));
            sent++;
            console.printf(
                    Locale.ROOT,
                    "[+%7.1fs] %s -> %s %s%n",
                    offset / 1000.0,
                    line.deviceId() + deviceSuffix,
                    line.kind().name().toLowerCase(Locale.ROOT),
                    payload.isArray() ? payload.size() + " pings" : "");
        }
        return sent;
    }

    static JsonNode shifted(JsonNode payload, long shift) {
        if (shift == 0) {
            return payload;
        }
        JsonNode copy = payload.deepCopy();
        if (copy.isArray()) {
            copy.forEach(element -> shiftTs(element, shift));
        } else {
            shiftTs(copy, shift);
        }
        return copy;
    }

    private static void shiftTs(JsonNode node, long shift) {
        if (node instanceof ObjectNode object && object.path("ts").isIntegralNumber()) {
            object.put("ts", object.get("ts").asLong() + shift);
        }
    }
}
