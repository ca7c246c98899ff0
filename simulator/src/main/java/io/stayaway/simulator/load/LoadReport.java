package io.stayaway.simulator.load;

import java.util.Locale;

/**
 * What a load run achieved: pings sent, acknowledged (PUBACK) and failed, the time it took, the
 * PUBACK latency percentiles, how late pings left against their schedule, and the generator's own CPU
 * while publishing ({@code cpuSeconds}, NaN where the JVM cannot tell): it shares the machine with
 * what it measures. Immutable, thread-safe.
 */
public record LoadReport(
        LoadPlan plan,
        long sent,
        long acknowledged,
        long failed,
        double seconds,
        double[] ackMillis,
        double[] lagMillis,
        String firstFailure,
        double cpuSeconds) {
    /** Percentiles reported for both latency figures, in this order. */
    public static final double[] PERCENTILES = {50, 90, 99, 100};

    public long unacknowledged() {
        return sent - acknowledged - failed;
    }

    public boolean clean() {
        return failed == 0 && unacknowledged() == 0;
    }

    public double achievedRate() {
        return seconds > 0 ? sent / seconds : 0;
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "load: %d devices, one ping every %.3f s each, for %.0f s, over %d "
                        + "MQTT connection%s, QoS 1 (target %.1f pings/s)%n",
                plan.devices(),
                plan.interval().toNanos() / 1e9,
                plan.duration().toNanos() / 1e9,
                plan.connections(),
                plan.connections() == 1 ? "" : "s",
                plan.targetRate()));
        text.append(String.format(
                Locale.ROOT, "sent           %d pings in %.2f s = %.1f pings/s%n", sent, seconds, achievedRate()));
        text.append(String.format(
                Locale.ROOT,
                "acknowledged   %d (PUBACK), failed %d, unacknowledged %d%n",
                acknowledged,
                failed,
                unacknowledged()));
        text.append(String.format(
                Locale.ROOT,
                "PUBACK latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n",
                ackMillis[0],
                ackMillis[1],
                ackMillis[2],
                ackMillis[3]));
        text.append(String.format(
                Locale.ROOT,
                "schedule lag ms:   p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n",
                lagMillis[0],
                lagMillis[1],
                lagMillis[2],
                lagMillis[3]));
        if (!Double.isNaN(cpuSeconds)) {
            text.append(String.format(
                    Locale.ROOT,
                    "generator CPU  %.1f s while publishing = %.1f %% of one core, %.1f µs per ping%n",
                    cpuSeconds,
                    seconds > 0 ? 100 * cpuSeconds / seconds : 0,
                    sent > 0 ? cpuSeconds * 1e6 / sent : 0));
        }
        if (firstFailure != null) {
            text.append("first failure: ").append(firstFailure).append('\n');
        }
        return text.toString();
    }
}
