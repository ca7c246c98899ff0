package io.stayaway.simulator.load;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records up to a fixed number of latencies (nanoseconds) from any thread without locking, and
 * answers percentiles afterwards. Thread-safe for concurrent {@link #record}; read it only after
 * the recording threads are done.
 */
public final class LatencyRecorder {
    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();

    public LatencyRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.samples = new long[capacity];
    }

    public void record(long nanos) {
        int slot = next.getAndIncrement();
        if (slot < samples.length) {
            samples[slot] = nanos;
        }
    }

    public int count() {
        return Math.min(next.get(), samples.length);
    }

    /** Percentiles (0..100) in milliseconds, nearest-rank; all NaN when nothing was recorded. */
    public double[] percentilesMillis(double... percentiles) {
        int count = count();
        double[] result = new double[percentiles.length];
        if (count == 0) {
            Arrays.fill(result, Double.NaN);
            return result;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        for (int i = 0; i < percentiles.length; i++) {
            int rank = (int) Math.ceil(percentiles[i] / 100.0 * count);
            result[i] = sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
        }
        return result;
    }
}
