package io.stayaway.simulator.gnss;

import io.stayaway.simulator.geo.LocalPoint;
import java.util.random.RandomGenerator;

/**
 * Turns a true position into the fix a wearable would report. For each fix: draw the claimed
 * accuracy from the environment's log-normal distribution; draw the true error so that it falls
 * within the claimed radius 68% of the time (2-D Gaussian, sigma = acc / 1.51); correlate the
 * error in time with a first-order Gauss-Markov process (slow drift while standing still, fast
 * decorrelation while moving); sometimes add a 50-300 m multipath jump while keeping the
 * optimistic accuracy; sometimes fall back to Wi-Fi or cell positioning with their large radii.
 * Not thread-safe: one instance per device, confined to the thread that simulates it.
 */
public final class GnssErrorModel {
    /** Radius of the 68% circle of a 2-D Gaussian, in units of its per-axis sigma: sqrt(-2 ln 0.32). */
    static final double SIGMAS_PER_68_PERCENT_RADIUS = Math.sqrt(-2 * Math.log(0.32));
    /** Correlation time of GNSS error while standing still (receivers drift slowly). */
    static final double STATIONARY_CORRELATION_SECONDS = 240;
    /** Correlation time of GNSS error while moving. */
    static final double MOVING_CORRELATION_SECONDS = 4;

    static final double MULTIPATH_MIN_METRES = 50;
    static final double MULTIPATH_MAX_METRES = 300;
    static final Environment.ErrorProfile WIFI = new Environment.ErrorProfile(30, 0.35, 0, 0, 0);
    static final Environment.ErrorProfile CELL = new Environment.ErrorProfile(800, 0.45, 0, 0, 0);

    private final RandomGenerator random;
    private double driftEast;
    private double driftNorth;

    public GnssErrorModel(RandomGenerator random) {
        this.random = random;
        this.driftEast = random.nextGaussian();
        this.driftNorth = random.nextGaussian();
    }

    /**
     * The fix reported for {@code truth}, {@code secondsSinceLastFix} after the previous one.
     */
    public Fix fix(LocalPoint truth, Environment environment, boolean moving, double secondsSinceLastFix) {
        return fix(truth, environment.profile(), moving, secondsSinceLastFix, null);
    }

    /**
     * The fix reported for {@code truth} in a place with the given error profile, {@code secondsSinceLastFix} after the
     * previous one. Wi-Fi fixes are drawn around the truth, or, where {@code wifi} is given, around the position the
     * positioning database gives the access points seen there, with that site's accuracy.
     */
    public Fix fix(
            LocalPoint truth,
            Environment.ErrorProfile profile,
            boolean moving,
            double secondsSinceLastFix,
            WifiSite wifi) {
        advanceDrift(moving, secondsSinceLastFix);
        FixSource source = chooseSource(profile);
        return switch (source) {
            case GNSS -> gnssFix(truth, profile);
            case WIFI ->
                wifi == null
                        ? independentFix(truth, WIFI, FixSource.WIFI)
                        : independentFix(wifi.position(), wifi.profile(), FixSource.WIFI);
            case CELL -> independentFix(truth, CELL, FixSource.CELL);
        };
    }

    /** A fix at an imposed offset and accuracy: a scripted glitch, reported as GNSS. */
    public Fix glitch(LocalPoint truth, double offsetEast, double offsetNorth, double accuracy) {
        return new Fix(truth.plus(offsetEast, offsetNorth), accuracy, FixSource.GNSS, true);
    }

    private void advanceDrift(boolean moving, double seconds) {
        double tau = moving ? MOVING_CORRELATION_SECONDS : STATIONARY_CORRELATION_SECONDS;
        double keep = Math.exp(-Math.max(0, seconds) / tau);
        double fresh = Math.sqrt(1 - keep * keep);
        driftEast = keep * driftEast + fresh * random.nextGaussian();
        driftNorth = keep * driftNorth + fresh * random.nextGaussian();
    }

    private FixSource chooseSource(Environment.ErrorProfile profile) {
        double draw = random.nextDouble();
        if (draw < profile.wifiChance()) {
            return FixSource.WIFI;
        }
        if (draw < profile.wifiChance() + profile.cellChance()) {
            return FixSource.CELL;
        }
        return FixSource.GNSS;
    }

    private Fix gnssFix(LocalPoint truth, Environment.ErrorProfile profile) {
        double accuracy = drawAccuracy(profile);
        double sigma = accuracy / SIGMAS_PER_68_PERCENT_RADIUS;
        LocalPoint reported = truth.plus(driftEast * sigma, driftNorth * sigma);
        boolean multipath = random.nextDouble() < profile.multipathChance();
        if (multipath) {
            double jump = MULTIPATH_MIN_METRES + random.nextDouble() * (MULTIPATH_MAX_METRES - MULTIPATH_MIN_METRES);
            double direction = random.nextDouble() * 2 * Math.PI;
            reported = reported.plus(jump * Math.sin(direction), jump * Math.cos(direction));
        }
        return new Fix(reported, accuracy, FixSource.GNSS, multipath);
    }

    private Fix independentFix(LocalPoint truth, Environment.ErrorProfile profile, FixSource source) {
        double accuracy = drawAccuracy(profile);
        double sigma = accuracy / SIGMAS_PER_68_PERCENT_RADIUS;
        LocalPoint reported = truth.plus(random.nextGaussian() * sigma, random.nextGaussian() * sigma);
        return new Fix(reported, accuracy, source, false);
    }

    private double drawAccuracy(Environment.ErrorProfile profile) {
        double accuracy = profile.medianAccuracy() * Math.exp(profile.accuracySpread() * random.nextGaussian());
        double clamped = Math.min(5_000, Math.max(1.0, accuracy));
        return Math.round(clamped * 10) / 10.0;
    }
}
