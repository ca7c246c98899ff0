package io.stayaway.geofence.impl;

import java.util.Arrays;

/**
 * The track of each party's device (index 0: the respondent) and the checks that tell a plausible fix from an implausible
 * jump or a teleport; mutable, confined to the thread that owns the order's evaluator.
 *
 * <p>A fix is plausible when it is within reach of the accepted track: no faster than the maximum speed from the accepted
 * fix, and within the distance a device moving as the track shows (its last two accepted fixes bound its speed) can
 * cover, accelerating at most at the maximum acceleration. A run of implausible fixes that agree with each other
 * re-anchors the track (the accepted fix was the outlier), unless the run is coarse against a precise track and has not
 * held for the settle time: a mislocated access point alternating with GNSS fixes never moves the track.
 */
final class DeviceTracks {
    private final double maxSpeed;
    private final double maxAcceleration;
    private final double coarseFixMetres;
    private final double coarseTopSpeed;
    private final long coarseRunSettleMillis;
    private final long phantomMemoryMillis;
    private final long phantomSettleMillis;
    private DeviceTrack[] tracks;

    DeviceTracks(int devices, io.stayaway.geofence.EvaluatorSettings settings) {
        this.maxSpeed = settings.maxSpeedMetresPerSecond();
        this.maxAcceleration = settings.maxAccelerationMetresPerSecondSquared();
        this.coarseFixMetres = settings.coarseFixMetres();
        this.coarseTopSpeed = settings.coarseFixTopSpeedMetresPerSecond();
        this.coarseRunSettleMillis = settings.coarseRunSettle().toMillis();
        this.phantomMemoryMillis = settings.coarsePhantomMemory().toMillis();
        this.phantomSettleMillis = settings.coarsePhantomSettle().toMillis();
        this.tracks = new DeviceTrack[devices];
        Arrays.fill(tracks, DeviceTrack.EMPTY);
    }

    int size() {
        return tracks.length;
    }

    DeviceTrack get(int device) {
        return tracks[device];
    }

    /** Updates the device's track with an in-order fix and says how the fix fits it. */
    TrackVerdict accept(int device, Fix fix) {
        DeviceTrack track = tracks[device];
        Fix previous = track.lastAccepted();
        boolean coarse = coarse(track, fix);
        TrackVerdict verdict = judge(track, fix, coarse);
        long newest = Math.max(track.newestMillis(), fix.timeMillis());
        long newestSeq = fix.timeMillis() >= track.newestMillis() ? fix.seq() : track.newestSeq();
        Fix phantom = phantomAfter(track, fix, verdict, coarse);
        if (verdict == TrackVerdict.PLAUSIBLE) {
            Fix before = previous != null && consistent(previous, fix) ? previous : track.lastRejected();
            Fix precise = fix.uncertainty() <= coarseFixMetres ? fix : track.precise();
            tracks[device] = new DeviceTrack(fix, null, newest, newestSeq, before, null, phantom, precise);
        } else {
            boolean sameRun = track.lastRejected() != null && consistent(track.lastRejected(), fix);
            Fix since = sameRun ? track.rejectedSince() : fix;
            tracks[device] = new DeviceTrack(
                    previous, fix, newest, newestSeq, track.beforeAccepted(), since, phantom, track.precise());
        }
        return verdict;
    }

    private TrackVerdict judge(DeviceTrack track, Fix fix, boolean coarse) {
        Fix previous = track.lastAccepted();
        if (previous == null) {
            return TrackVerdict.PLAUSIBLE;
        }
        Fix rejected = track.lastRejected();
        boolean continuesRun = rejected != null && consistent(rejected, fix);
        Fix since = !continuesRun ? fix : track.rejectedSince() == null ? rejected : track.rejectedSince();
        long held = fix.timeMillis() - since.timeMillis();
        if (continuesRun && !reachable(track, fix, since.timeMillis(), coarse)) {
            return !coarse || held >= coarseRunSettleMillis ? TrackVerdict.PLAUSIBLE : TrackVerdict.TELEPORT;
        }
        if (coarse && atPhantom(track, fix) && !overlaps(reference(track), fix)) {
            return held >= phantomSettleMillis ? TrackVerdict.PLAUSIBLE : TrackVerdict.TELEPORT;
        }
        if (reachable(track, fix, fix.timeMillis(), coarse)) {
            return TrackVerdict.PLAUSIBLE;
        }
        return consistent(previous, fix) ? TrackVerdict.TELEPORT : TrackVerdict.IMPLAUSIBLE_JUMP;
    }

    /**
     * What coarse fixes are judged against: the newest accepted precise fix (uncertainty within the coarse limit), so
     * that cell and Wi-Fi fixes consistent with a precise track cannot walk it, hop by hop, to where they say.
     */
    private static Fix reference(DeviceTrack track) {
        return track.precise() != null ? track.precise() : track.lastAccepted();
    }

    /** Whether the fix is much less precise than the track it is judged against (a Wi-Fi or cell fix against GNSS). */
    private boolean coarse(DeviceTrack track, Fix fix) {
        return track.lastAccepted() != null
                && fix.uncertainty() > coarseFixMetres
                && fix.uncertainty() > 2 * reference(track).uncertainty();
    }

    /**
     * The phantom place after this fix: where coarse fixes placed the device before a precise fix brought it back. A
     * coarse run given up for a precise fix elsewhere, or an accepted coarse fix away from the track followed by a
     * precise fix back where the track was, leaves one; a new teleport there keeps it fresh.
     */
    private Fix phantomAfter(DeviceTrack track, Fix fix, TrackVerdict verdict, boolean coarse) {
        Fix phantom = track.phantom();
        Fix previous = track.lastAccepted();
        if (previous == null) {
            return phantom;
        }
        if (verdict == TrackVerdict.PLAUSIBLE && !coarse) {
            Fix rejected = track.lastRejected();
            Fix before = track.beforeAccepted();
            if (rejected != null && rejected.uncertainty() > coarseFixMetres && !overlaps(rejected, fix)) {
                return replacing(phantom, rejected, fix.timeMillis());
            }
            boolean previousWasCoarseAway = before != null
                    && previous.uncertainty() > coarseFixMetres
                    && previous.uncertainty() > 2 * before.uncertainty()
                    && !overlaps(previous, before);
            if (previousWasCoarseAway && !overlaps(previous, fix) && distance(before, fix) < distance(previous, fix)) {
                return replacing(phantom, previous, fix.timeMillis());
            }
        } else if (verdict == TrackVerdict.TELEPORT && coarse && phantom != null && overlaps(phantom, fix)) {
            return fix;
        }
        return phantom;
    }

    /**
     * The phantom place to remember when coarse fixes left a new one: one place is remembered, and the one being
     * remembered gives way only to a place reported no less precisely, or once it has not been seen for the phantom
     * settle time. A one-off cell fix (800 m) or a wider fix of the same access point must not make the device forget
     * the mislocated access point it keeps seeing: the next fix there would move the track and open an APPROACH.
     */
    private Fix replacing(Fix phantom, Fix candidate, long nowMillis) {
        boolean keep = phantom != null
                && candidate.uncertainty() > phantom.uncertainty()
                && nowMillis - phantom.timeMillis() <= phantomSettleMillis;
        return keep ? phantom : candidate;
    }

    private boolean atPhantom(DeviceTrack track, Fix fix) {
        Fix phantom = track.phantom();
        return phantom != null
                && fix.timeMillis() - phantom.timeMillis() <= phantomMemoryMillis
                && overlaps(phantom, fix);
    }

    /** Whether the two fixes' accuracy circles overlap. */
    private static boolean overlaps(Fix a, Fix b) {
        return distance(a, b) <= a.uncertainty() + b.uncertainty();
    }

    private static double distance(Fix a, Fix b) {
        return Geodesy.quickDistance(a.lat(), a.lon(), b.lat(), b.lon());
    }

    /**
     * Whether the device could have been at the fix's place at {@code atMillis}, coming from the accepted fix: no faster
     * than the top speed, and within the reach of a device moving as the track shows. A coarse fix must describe a
     * journey at road speed to move a precise track: it is a weak witness against it.
     */
    private boolean reachable(DeviceTrack track, Fix fix, long atMillis, boolean coarse) {
        Fix last = track.lastAccepted();
        Fix there = new Fix(fix.seq(), atMillis, fix.lat(), fix.lon(), fix.uncertainty(), fix.source());
        if (!consistent(last, there)) {
            return false;
        }
        double topSpeed = coarse ? Math.min(maxSpeed, coarseTopSpeed) : maxSpeed;
        double seconds = (atMillis - last.timeMillis()) / 1000.0;
        if (seconds <= 0) {
            return true;
        }
        double slack = last.uncertainty() + fix.uncertainty();
        if (Geodesy.upperBound(last.lat(), last.lon(), fix.lat(), fix.lon()) <= reach(0, topSpeed, seconds) + slack) {
            return true; // within reach even from a standstill: the common case, without the track's speed bound
        }
        double startSpeed = Math.min(topSpeed, speedBound(track.beforeAccepted(), last));
        if (startSpeed >= maxSpeed) {
            return true;
        }
        double metres = Geodesy.quickDistance(last.lat(), last.lon(), fix.lat(), fix.lon());
        return metres <= reach(startSpeed, topSpeed, seconds) + slack;
    }

    /** Whether moving between the two fixes needs no more than the maximum plausible speed, accuracies allowed for. */
    boolean consistent(Fix a, Fix b) {
        double allowance =
                a.uncertainty() + b.uncertainty() + maxSpeed * Math.abs(b.timeMillis() - a.timeMillis()) / 1000.0;
        if (Geodesy.upperBound(a.lat(), a.lon(), b.lat(), b.lon()) <= allowance) {
            return true;
        }
        double metres = Geodesy.quickDistance(a.lat(), a.lon(), b.lat(), b.lon()) - a.uncertainty() - b.uncertainty();
        if (metres <= 0) {
            return true;
        }
        double seconds = Math.abs(b.timeMillis() - a.timeMillis()) / 1000.0;
        return metres <= maxSpeed * seconds;
    }

    /**
     * Highest speed a device can have at {@code last} having moved from {@code before}: with acceleration bounded by
     * a, a speed v at the end means at least v·s − a·s²/2 metres covered in the last s seconds, so a short
     * displacement caps the speed (the maximum speed when {@code before} is unknown).
     */
    private double speedBound(Fix before, Fix last) {
        if (before == null) {
            return maxSpeed;
        }
        double seconds = (last.timeMillis() - before.timeMillis()) / 1000.0;
        if (seconds <= 0) {
            return maxSpeed;
        }
        double metres = Geodesy.quickDistance(before.lat(), before.lon(), last.lat(), last.lon())
                + before.uncertainty()
                + last.uncertainty();
        double fromRest = Math.sqrt(2 * maxAcceleration * metres);
        double bound =
                fromRest <= maxAcceleration * seconds ? fromRest : metres / seconds + maxAcceleration * seconds / 2;
        return Math.min(maxSpeed, bound);
    }

    /** Farthest a device starting at speed {@code v0} can get in {@code seconds}, accelerating up to {@code topSpeed}. */
    private double reach(double v0, double topSpeed, double seconds) {
        double toTop = (topSpeed - v0) / maxAcceleration;
        if (seconds <= toTop) {
            return v0 * seconds + maxAcceleration * seconds * seconds / 2;
        }
        return v0 * toTop + maxAcceleration * toTop * toTop / 2 + topSpeed * (seconds - toTop);
    }

    /** Forgets what is known of the device, so that its next fix is judged on its own (evidence-only assessment). */
    void forget(int device) {
        tracks[device] = DeviceTrack.EMPTY;
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
