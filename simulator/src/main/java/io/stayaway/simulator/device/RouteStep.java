package io.stayaway.simulator.device;

import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.geo.LocalFrame;
import io.stayaway.simulator.geo.LocalPoint;
import io.stayaway.simulator.motion.Pace;

/**
 * One step of a scripted route: either a waypoint (metres {@code east}/{@code north} of the
 * scenario origin, or {@code lat}/{@code lon}) reached at a {@code pace} or explicit {@code speed}
 * (m/s), or a {@code pause} in seconds. Immutable, thread-safe.
 */
public record RouteStep(Double east, Double north, Double lat, Double lon, Pace pace, Double speed, Double pause) {
    public RouteStep {
        boolean local = east != null || north != null;
        boolean geo = lat != null || lon != null;
        if (pause != null) {
            if (local || geo || pace != null || speed != null) {
                throw new IllegalArgumentException("a route step is either a pause or a waypoint, not both");
            }
            if (!(pause >= 0)) {
                throw new IllegalArgumentException("pause must be >= 0 seconds, got " + pause);
            }
        } else {
            if (local == geo) {
                throw new IllegalArgumentException("a waypoint needs east+north metres or lat+lon, exactly one pair");
            }
            if (local && (east == null || north == null) || geo && (lat == null || lon == null)) {
                throw new IllegalArgumentException("a waypoint needs both coordinates of its pair");
            }
            if (speed != null && !(speed > 0 && speed <= 100)) {
                throw new IllegalArgumentException("speed must be within (0, 100] m/s, got " + speed);
            }
        }
    }

    public boolean isPause() {
        return pause != null;
    }

    public LocalPoint point(LocalFrame frame) {
        return east != null ? new LocalPoint(east, north) : frame.toLocal(new GeoPoint(lat, lon));
    }

    /** Speed to reach this waypoint: the explicit speed, else the pace's, else walking. */
    public double metresPerSecond() {
        if (speed != null) {
            return speed;
        }
        return (pace == null ? Pace.WALK : pace).metresPerSecond();
    }
}
