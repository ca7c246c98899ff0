package io.stayaway.geofence.impl;

/**
 * The engine's own order-frame projection, for the benchmark's naive baseline in {@code io.stayaway.geofence.bench}
 * (test code outside this package), so that both sides of the comparison project alike; immutable, thread-safe.
 */
public final class BenchmarkFrame {
    private final LocalFrame frame;

    public BenchmarkFrame(double originLat, double originLon) {
        this.frame = new LocalFrame(originLat, originLon);
    }

    /** Projects (lat, lon) into the frame: out[0] = x, out[1] = y, metres. */
    public void project(double lat, double lon, double[] out) {
        frame.project(lat, lon, out);
    }
}
