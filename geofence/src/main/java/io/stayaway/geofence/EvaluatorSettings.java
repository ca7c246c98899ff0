package io.stayaway.geofence;

import java.time.Duration;
import java.util.Objects;

/**
 * Every tuning knob of the evaluator, with its default and the domain reason for it; immutable.
 * Validated on construction: a bad value fails with the name of the knob.
 *
 * @param minimumUncertaintyMetres floor under a device's reported accuracy (default 5 m). Receivers often report
 *                                 1–3 m that field tests do not bear out; NIJ-1004.00 expects 10 m for 90% of
 *                                 outdoor fixes, so a fix is never trusted to better than 5 m.
 * @param confirmFixes             an episode opens after this many supporting fixes in one run (default 3)...
 * @param confirmSpan              ...or after two supporting fixes spanning at least this long in device time (default
 *                                 50 s), whichever comes first. Three fixes defeat single-fix drift (the main source of
 *                                 the ~80% false alerts reported in US programmes). The gateway asks for a fix every
 *                                 15 s as soon as a rule has a first supporting fix (pursuit on suspicion, {@link
 *                                 OrderEvaluator#suspects()}), so the third fix comes 30 s after the first; two fixes
 *                                 suffice only a normal 60 s cadence apart, when the device did not speed up and a
 *                                 third would cost another minute. With 20 s, two multipath fixes 30 s apart in
 *                                 pursuit, around one that says nothing, confirmed false breaches (docs/alert-load.md).
 *                                 Both are far inside the 4 minutes NIJ-1004 allows for delivery.
 * @param clearMarginMetres        a fix counts towards closing only when its accuracy circle is clear of the limit by
 *                                 this much (default 20 m, two NIJ accuracy radii), so drift at the edge cannot
 *                                 close and reopen an episode (each reopening would be a second alert).
 * @param closeFixes               closing needs at least this many clear fixes (default 2)...
 * @param closeDwell               ...spanning at least this long (default 120 s). Closing late costs nothing (the
 *                                 alert is already out); closing early and reopening costs a duplicate alert.
 * @param maxSpeedMetresPerSecond  speed above which a fix is an implausible jump from the previous accepted one
 *                                 (default 70 m/s = 252 km/h, above any road speed in China); Spain's programme
 *                                 reported kilometre-scale position errors.
 * @param counterpartSpeedMetresPerSecond how fast a protected person may have moved since her last fix, used to
 *                                 inflate the uncertainty of an old fix in a mobile zone (default 15 m/s = 54 km/h,
 *                                 urban traffic); uncertainty grows with age until {@code counterpartStaleness}.
 * @param counterpartStaleness     beyond this age a counterpart fix is not used and the mobile zone is UNKNOWN
 *                                 (default 120 s: one missed fix on the vendors' normal 60 s cadence). Age is measured
 *                                 in device time (see {@link OrderEvaluator#advanceTo}); the same span is the start-up
 *                                 grace for a party that has not reported yet. PROXIMITY_UNKNOWN opens on the second
 *                                 stale observation and closes after {@code closeFixes}/{@code closeDwell} of fresh ones,
 *                                 so one continuous outage is one episode.
 * @param crossingMaxGap           a straight segment between fixes further apart than this is not trusted as the
 *                                 path (default 120 s); crossings are not inferred across longer gaps.
 * @param crossingMarginMetres     a crossing needs the straight track to pass deeper into the zone than twice the larger
 *                                 uncertainty of its end fixes plus this margin (default 10 m). A CROSSING is inferred
 *                                 only between two fixes that are each outside the zone by more than their own
 *                                 uncertainty (a fix inside or possibly inside is left to the dwell rule above), at a
 *                                 plausible speed, when the fix outside before the entry is on the entry's side (the
 *                                 straight track from it to the exit crosses the zone too), and it is announced only
 *                                 when the next fix outside confirms it: on the far side, without the track coming back
 *                                 through the zone. So one multipath fix, inside, beyond the zone or as either end of
 *                                 the track, never raises a CROSSING; the price is one fix interval of latency on a
 *                                 genuine crossing (15 s in pursuit mode, 60 s at the normal cadence, well inside
 *                                 NIJ-1004's 4 minutes), and a one-fix excursion into the zone that comes back out on
 *                                 the same side raises nothing (as a single fix inside never does). The first fix of a
 *                                 track has no fix before it and is taken as it is (a drive that starts just before a
 *                                 zone must still raise its crossing), so only there can one outlier be an entry.
 * @param updateStepMetres         an open episode is re-announced (EpisodeUpdated) only when its closest approach or
 *                                 deepest intrusion improves by at least this much (default 10 m), not per ping.
 * @param maxSupportingSeqs        how many supporting fix seqs an episode lists (default 64; the first ones, which are
 *                                 the evidence for opening; firstSeq/lastSeq bound the rest).
 * @param reorderHorizon           late fixes up to this much older than the device's newest fix are replayed in
 *                                 device-time order (default 30 min: a device buffering through a tunnel or a
 *                                 dead zone and flushing afterwards).
 * @param reorderMaxFixes          at most this many recent fixes per order are kept for replay (default 512: 30 min of
 *                                 two devices at one fix every 7 s); bounds memory per order.
 * @param maxAccelerationMetresPerSecondSquared how hard a device may change its velocity, turning included (default
 *                                 6 m/s², about 0.6 g: a fast car braking or pulling away). With the maximum speed it
 *                                 bounds how far a device can get from its last fix given how it was moving: one that
 *                                 stood still a minute ago cannot be 4.5 km away now, even though 70 m/s for a minute
 *                                 would allow it. A fix beyond that reach is a teleport ({@link PingFlag#TELEPORT}).
 * @param coarseFixMetres          a fix with a larger uncertainty than this, and more than twice that of the better of
 *                                 the last two accepted fixes, is coarse (default 50 m: Wi-Fi and cell positions;
 *                                 NIJ-1004.00 expects GNSS within 10 m outdoors and 30 m indoors).
 *                                 A coarse fix is a weak witness against a precise track: to move it, it must describe a
 *                                 journey at road speed ({@code coarseFixTopSpeedMetresPerSecond}), and a run of coarse
 *                                 fixes that contradicts the accepted track does not re-anchor it on its own: a
 *                                 mislocated access point that keeps placing the device somewhere else, alternating
 *                                 with good GNSS fixes, stays a teleport...
 * @param coarseRunSettle          ...unless the coarse fixes hold, consistent with each other and without a fix on the
 *                                 old track, for this long (default 10 min): then the old track was the error.
 * @param coarseFixTopSpeedMetresPerSecond the top speed of a journey a coarse fix may describe away from a precise track
 *                                 (default 40 m/s = 144 km/h, above the 120 km/h limit of China's expressways): a coarse
 *                                 fix 3.5 km from where the device stood still a minute ago is a teleport.
 * @param coarsePhantomMemory      how long a phantom place is remembered (default 1 day): where coarse fixes placed the
 *                                 device before its precise fixes brought it back. Later coarse fixes there that
 *                                 contradict the precise track are teleports however much time has passed (a
 *                                 mislocated access point at work, seen every working day), unless they hold...
 * @param coarsePhantomSettle      ...without a precise fix for this long (default 1 h; a precise fix there is believed
 *                                 at once). Longer than {@code coarseRunSettle}: the place is known to be reported
 *                                 falsely, and indoors, where most fixes are Wi-Fi, ten minutes without a GNSS fix happen
 *                                 several times a night (simulator INDOOR profile: one fix in five is GNSS).
 * @param approachInsideShare      a fix supports an APPROACH only when it lies inside the warning band by at least this
 *                                 share of its uncertainty (default 1: its whole uncertainty circle reaches no further
 *                                 out than the band's outer edge, as a BREACH needs its whole circle inside the zone). A
 *                                 fix whose centre is in the band by less neither supports nor resets the pending run.
 *                                 Measured over whole days (docs/alert-load.md): a respondent living just beyond the
 *                                 band otherwise gets a warning most days from fixes that drift a few metres into it;
 *                                 0 is the rule before issue #18 (the centre in the band is enough).
 * @param networkFixesSupportApproach whether a Wi-Fi or cell fix ({@link Ping#source()}) may support an APPROACH
 *                                 (default false: it holds a pending run and an open episode, neither supporting nor
 *                                 resetting them). Such a position is a database's estimate from the access points or
 *                                 cells in view: standing still, every fix repeats the same database error, so three of
 *                                 them are one observation three times, not the independent fixes the open rule relies
 *                                 on, and their claimed accuracy is the spread of the signals, not the error of the
 *                                 database (Zandbergen 2009 measured a median 74 m for Wi-Fi against 8 m for assisted
 *                                 GPS). Over whole days a respondent whose home access points are placed inside the band,
 *                                 or whose office access point is mislocated there, otherwise gets a warning a day
 *                                 (docs/alert-load.md). They still support BREACH and PROXIMITY: a respondent indoors at
 *                                 her door with only Wi-Fi must not be missed. A fix without a source is taken as
 *                                 satellite. True is the rule before the source was known.
 */
public record EvaluatorSettings(
        double minimumUncertaintyMetres,
        int confirmFixes,
        Duration confirmSpan,
        double clearMarginMetres,
        int closeFixes,
        Duration closeDwell,
        double maxSpeedMetresPerSecond,
        double counterpartSpeedMetresPerSecond,
        Duration counterpartStaleness,
        Duration crossingMaxGap,
        double crossingMarginMetres,
        double updateStepMetres,
        int maxSupportingSeqs,
        Duration reorderHorizon,
        int reorderMaxFixes,
        double maxAccelerationMetresPerSecondSquared,
        double coarseFixMetres,
        Duration coarseRunSettle,
        double coarseFixTopSpeedMetresPerSecond,
        Duration coarsePhantomMemory,
        Duration coarsePhantomSettle,
        double approachInsideShare,
        boolean networkFixesSupportApproach) {

    public EvaluatorSettings {
        requireFinite("minimumUncertaintyMetres", minimumUncertaintyMetres, 0, 1_000);
        requireCount("confirmFixes", confirmFixes, 1, 1_000);
        requireDuration("confirmSpan", confirmSpan);
        requireFinite("clearMarginMetres", clearMarginMetres, 0, 10_000);
        requireCount("closeFixes", closeFixes, 1, 1_000);
        requireDuration("closeDwell", closeDwell);
        requireFinite("maxSpeedMetresPerSecond", maxSpeedMetresPerSecond, 1, 10_000);
        requireFinite("counterpartSpeedMetresPerSecond", counterpartSpeedMetresPerSecond, 0, 10_000);
        requireDuration("counterpartStaleness", counterpartStaleness);
        requireDuration("crossingMaxGap", crossingMaxGap);
        requireFinite("crossingMarginMetres", crossingMarginMetres, 0, 10_000);
        requireFinite("updateStepMetres", updateStepMetres, 0, 100_000);
        requireCount("maxSupportingSeqs", maxSupportingSeqs, 1, 100_000);
        requireDuration("reorderHorizon", reorderHorizon);
        requireCount("reorderMaxFixes", reorderMaxFixes, 1, 1_000_000);
        requireFinite("maxAccelerationMetresPerSecondSquared", maxAccelerationMetresPerSecondSquared, 0.1, 1_000);
        requireFinite("coarseFixMetres", coarseFixMetres, 1, 100_000);
        requireDuration("coarseRunSettle", coarseRunSettle);
        requireFinite("coarseFixTopSpeedMetresPerSecond", coarseFixTopSpeedMetresPerSecond, 1, 10_000);
        requireDuration("coarsePhantomMemory", coarsePhantomMemory);
        requireDuration("coarsePhantomSettle", coarsePhantomSettle);
        requireFinite("approachInsideShare", approachInsideShare, 0, 10);
    }

    /** The defaults documented on each component. */
    public static EvaluatorSettings defaults() {
        return new EvaluatorSettings(
                5.0,
                3,
                Duration.ofSeconds(50),
                20.0,
                2,
                Duration.ofSeconds(120),
                70.0,
                15.0,
                Duration.ofSeconds(120),
                Duration.ofSeconds(120),
                10.0,
                10.0,
                64,
                Duration.ofMinutes(30),
                512,
                6.0,
                50.0,
                Duration.ofMinutes(10),
                40.0,
                Duration.ofDays(1),
                Duration.ofHours(1),
                1.0,
                false);
    }

    /** A copy with a different open rule: {@code fixes} supporting fixes or a {@code span} of them, whichever first. */
    public EvaluatorSettings withConfirmation(int fixes, Duration span) {
        Copy c = new Copy(this);
        c.confirmFixes = fixes;
        c.confirmSpan = span;
        return c.build();
    }

    /** A copy with a different close rule. */
    public EvaluatorSettings withClosing(int fixes, Duration dwell) {
        Copy c = new Copy(this);
        c.closeFixes = fixes;
        c.closeDwell = dwell;
        return c.build();
    }

    /** A copy with a different counterpart staleness limit. */
    public EvaluatorSettings withCounterpartStaleness(Duration staleness) {
        Copy c = new Copy(this);
        c.counterpartStaleness = staleness;
        return c.build();
    }

    /**
     * A copy that judges fixes only by the top speed from the previous accepted fix, as the engine did before teleports
     * were flagged (issue #18): for measuring what the track checks change, never for monitoring.
     */
    public EvaluatorSettings withSpeedCheckOnly() {
        Copy c = new Copy(this);
        c.maxAccelerationMetresPerSecondSquared = 1_000;
        c.coarseFixMetres = 100_000;
        c.coarseRunSettle = Duration.ZERO;
        c.coarseFixTopSpeedMetresPerSecond = 10_000;
        c.coarsePhantomMemory = Duration.ZERO;
        c.coarsePhantomSettle = Duration.ZERO;
        return c.build();
    }

    /**
     * A copy in which a fix supports an APPROACH when it lies inside the warning band by {@code share} of its
     * uncertainty (0: its centre in the band is enough, the rule before issue #18).
     */
    public EvaluatorSettings withApproachInsideShare(double share) {
        Copy c = new Copy(this);
        c.approachInsideShare = share;
        return c.build();
    }

    /**
     * A copy in which Wi-Fi and cell fixes support an APPROACH ({@code true}: the rule before the fix source was
     * known) or only hold it.
     */
    public EvaluatorSettings withNetworkFixesSupportingApproach(boolean support) {
        Copy c = new Copy(this);
        c.networkFixesSupportApproach = support;
        return c.build();
    }

    /** The knobs of a settings value, to change a few and build a validated copy; confined to the method using it. */
    private static final class Copy {
        private double minimumUncertaintyMetres;
        private int confirmFixes;
        private Duration confirmSpan;
        private double clearMarginMetres;
        private int closeFixes;
        private Duration closeDwell;
        private double maxSpeedMetresPerSecond;
        private double counterpartSpeedMetresPerSecond;
        private Duration counterpartStaleness;
        private Duration crossingMaxGap;
        private double crossingMarginMetres;
        private double updateStepMetres;
        private int maxSupportingSeqs;
        private Duration reorderHorizon;
        private int reorderMaxFixes;
        private double maxAccelerationMetresPerSecondSquared;
        private double coarseFixMetres;
        private Duration coarseRunSettle;
        private double coarseFixTopSpeedMetresPerSecond;
        private Duration coarsePhantomMemory;
        private Duration coarsePhantomSettle;
        private double approachInsideShare;
        private boolean networkFixesSupportApproach;

        Copy(EvaluatorSettings s) {
            minimumUncertaintyMetres = s.minimumUncertaintyMetres();
            confirmFixes = s.confirmFixes();
            confirmSpan = s.confirmSpan();
            clearMarginMetres = s.clearMarginMetres();
            closeFixes = s.closeFixes();
            closeDwell = s.closeDwell();
            maxSpeedMetresPerSecond = s.maxSpeedMetresPerSecond();
            counterpartSpeedMetresPerSecond = s.counterpartSpeedMetresPerSecond();
            counterpartStaleness = s.counterpartStaleness();
            crossingMaxGap = s.crossingMaxGap();
            crossingMarginMetres = s.crossingMarginMetres();
            updateStepMetres = s.updateStepMetres();
            maxSupportingSeqs = s.maxSupportingSeqs();
            reorderHorizon = s.reorderHorizon();
            reorderMaxFixes = s.reorderMaxFixes();
            maxAccelerationMetresPerSecondSquared = s.maxAccelerationMetresPerSecondSquared();
            coarseFixMetres = s.coarseFixMetres();
            coarseRunSettle = s.coarseRunSettle();
            coarseFixTopSpeedMetresPerSecond = s.coarseFixTopSpeedMetresPerSecond();
            coarsePhantomMemory = s.coarsePhantomMemory();
            coarsePhantomSettle = s.coarsePhantomSettle();
            approachInsideShare = s.approachInsideShare();
            networkFixesSupportApproach = s.networkFixesSupportApproach();
        }

        EvaluatorSettings build() {
            return new EvaluatorSettings(
                    minimumUncertaintyMetres,
                    confirmFixes,
                    confirmSpan,
                    clearMarginMetres,
                    closeFixes,
                    closeDwell,
                    maxSpeedMetresPerSecond,
                    counterpartSpeedMetresPerSecond,
                    counterpartStaleness,
                    crossingMaxGap,
                    crossingMarginMetres,
                    updateStepMetres,
                    maxSupportingSeqs,
                    reorderHorizon,
                    reorderMaxFixes,
                    maxAccelerationMetresPerSecondSquared,
                    coarseFixMetres,
                    coarseRunSettle,
                    coarseFixTopSpeedMetresPerSecond,
                    coarsePhantomMemory,
                    coarsePhantomSettle,
                    approachInsideShare,
                    networkFixesSupportApproach);
        }
    }

    private static void requireFinite(String key, double v, double min, double max) {
        if (!Double.isFinite(v) || v < min || v > max) {
            throw new IllegalArgumentException(
                    "EvaluatorSettings." + key + " must be in [" + min + ", " + max + "], was " + v);
        }
    }

    private static void requireCount(String key, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    "EvaluatorSettings." + key + " must be in [" + min + ", " + max + "], was " + v);
        }
    }

    private static void requireDuration(String key, Duration d) {
        Objects.requireNonNull(d, "EvaluatorSettings." + key);
        if (d.isNegative() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("EvaluatorSettings." + key + " must be between 0 and 1 day, was " + d);
        }
    }
}
