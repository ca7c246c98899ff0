package io.stayaway.geofence.impl;

import java.util.Arrays;

/**
 * The track of each party's device (index 0: the respondent) and the speed check that tells a plausible fix
 * from an implausible jump; mutable, confined to the thread that owns the order's evaluator.
 */
final class DeviceTracks {
    private final double maxSpeedMetresPerSecond;
    private DeviceTrack[] tracks;

    DeviceTracks(int devices, double maxSpeedMetresPerSecond) {
        this.maxSpeedMetresPerSecond = maxSpeedMetresPerSecond;
        this.tracks = new DeviceTrack[devices];
        Arrays.fill(tracks, DeviceTrack.EMPTY);
    }

    int size() {
        return tracks.length;
    }

    DeviceTrack get(int device) {
        return tracks[device];
    }

    /** Updates the device's track; returns whether the fix is plausible (not an implausible jump). */
    boolean accept(int device, Fix fix) {
        DeviceTrack track = tracks[device];
        Fix previous = track.lastAccepted();
        boolean plausible = previous == null
                || consistent(previous, fix)
                || (track.lastRejected() != null && consistent(track.lastRejected(), fix));
        long newest = Math.max(track.newestMillis(), fix.timeMillis());
        long newestSeq = fix.timeMillis() >= track.newestMillis() ? fix.seq() : track.newestSeq();
        tracks[device] = plausible
                ? new DeviceTrack(fix, null, newest, newestSeq)
                : new DeviceTrack(previous, fix, newest, newestSeq);
        return plausible;
    }

    /** Whether moving between the two fixes needs no more than the maximum plausible speed, accuracies allowed for. */
    boolean consistent(Fix a, Fix b) {
        double allowance = a.uncertainty()
                + b.uncertainty()
                + maxSpeedMetresPerSecond * Math.abs(b.timeMillis() - a.timeMillis()) / 1000.0;
        if (Geodesy.upperBound(a.lat(), a.lon(), b.lat(), b.lon()) <= allowance) {
            return true;
        }
        double metres = Geodesy.quickDistance(a.lat(), a.lon(), b.lat(), b.lon()) - a.uncertainty() - b.uncertainty();
        if (metres <= 0) {
            return true;
        }
        double seconds = Math.abs(b.timeMillis() - a.timeMillis()) / 1000.0;
        return metres <= maxSpeedMetresPerSecond * seconds;
    }

    /** Forgets what is known of the device, so that its next fix is judged on its own (evidence-only assessment). */
    void forget(int device) {
        tracks[device] = new DeviceTrack(null, null, Long.MIN_VALUE, -1);
    }

    /** Device time of the newest fix of any party, {@link Long#MIN_VALUE} before any. */
    long newestOfAny() {
        long newest = Long.MIN_VALUE;
        for (DeviceTrack t : tracks) {
            newest = Math.max(newest, t.newestMillis());
        }
        return newest;
    }

    DeviceTrack[] copy() {
        return tracks.clone();
    }

    void restore(DeviceTrack[] saved) {
        tracks = saved.clone();
    }
}
