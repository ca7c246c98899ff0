package io.stayaway.simulator.geo;

/** A position in metres east and north of a {@link LocalFrame}'s origin. Immutable, thread-safe. */
public record LocalPoint(double east, double north) {
    public static final LocalPoint ORIGIN = new LocalPoint(0, 0);

    public LocalPoint {
        if (!Double.isFinite(east) || !Double.isFinite(north)) {
            throw new IllegalArgumentException("east/north must be finite metres, got " + east + "," + north);
        }
    }

    public double distanceTo(LocalPoint other) {
        return Math.hypot(other.east - east, other.north - north);
    }

    public LocalPoint plus(double dEast, double dNorth) {
        return new LocalPoint(east + dEast, north + dNorth);
    }

    /** Compass bearing in degrees 0..360 (0 = north, 90 = east) from this point towards {@code other}. */
    public double bearingTo(LocalPoint other) {
        double degrees = Math.toDegrees(Math.atan2(other.east - east, other.north - north));
        return degrees < 0 ? degrees + 360 : degrees;
    }
}
