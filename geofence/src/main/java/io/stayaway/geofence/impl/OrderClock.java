package io.stayaway.geofence.impl;

import java.util.Arrays;

/**
 * The order's sense of time: when monitoring began (device time of the first in-force fix of any party), and
 * per device the server instant at which its newest fix was evaluated. Not part of the replayed state: late
 * fixes never change it. Mutable, confined to the thread that owns the order's evaluator.
 */
final class OrderClock {
    /** The server time of an evaluation was not told: it is taken as the next {@code advanceTo} instant. */
    static final long SERVER_TIME_UNKNOWN = Long.MIN_VALUE;

    private final long validFromMillis;
    private long monitoringSinceMillis = Long.MAX_VALUE;
    private final long[] evaluatedAtServer;

    OrderClock(int devices, long validFromMillis) {
        this.validFromMillis = validFromMillis;
        this.evaluatedAtServer = new long[devices];
        Arrays.fill(evaluatedAtServer, SERVER_TIME_UNKNOWN);
    }

    /** Notes an in-force fix at device time {@code t}. */
    void fixAt(long t) {
        monitoringSinceMillis = Math.min(monitoringSinceMillis, t);
    }

    void evaluated(int device, long serverMillis) {
        evaluatedAtServer[device] = serverMillis;
    }

    long evaluatedAt(int device) {
        return evaluatedAtServer[device];
    }

    /** At server time {@code n}, the devices with a fix whose server time of evaluation was not told take {@code n}. */
    void settleUnknown(long n, DeviceTracks tracks) {
        for (int d = 0; d < evaluatedAtServer.length; d++) {
            if (evaluatedAtServer[d] == SERVER_TIME_UNKNOWN && tracks.get(d).newestMillis() != Long.MIN_VALUE) {
                evaluatedAtServer[d] = n;
            }
        }
    }

    /**
     * The order's present in device time, as of server time {@code n}: the newest over the parties of (the device
     * time of its newest fix + the server time elapsed since that fix was evaluated). Counterpart ages are measured
     * against it, so that staleness never compares a device clock with the server clock: fixes that arrive with
     * timestamps in the past (store-and-forward backlogs, skewed clocks, a simulator running behind) age at the
     * server's pace from the moment they were evaluated. {@link Long#MIN_VALUE} before any fix.
     */
    long orderTime(long n, DeviceTracks tracks) {
        long clock = Long.MIN_VALUE;
        for (int d = 0; d < tracks.size(); d++) {
            long newest = tracks.get(d).newestMillis();
            if (newest != Long.MIN_VALUE) {
                long at = evaluatedAtServer[d] == SERVER_TIME_UNKNOWN ? n : evaluatedAtServer[d];
                clock = Math.max(clock, newest + Math.max(0, n - at));
            }
        }
        return clock;
    }

    /** Start of the start-up grace: the first fix of any party (device time), or validFrom when later. */
    long graceStartMillis() {
        return Math.max(validFromMillis, monitoringSinceMillis);
    }

    long monitoringSinceMillis() {
        return monitoringSinceMillis;
    }

    long[] evaluatedAtServer() {
        return evaluatedAtServer.clone();
    }

    void restore(long monitoringSince, long[] evaluatedAt) {
        monitoringSinceMillis = monitoringSince;
        System.arraycopy(evaluatedAt, 0, evaluatedAtServer, 0, evaluatedAtServer.length);
    }
}
