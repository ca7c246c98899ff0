package io.stayaway.simulator.motion;

import io.stayaway.simulator.geo.LocalPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A person's true path through time: straight legs at constant speed and pauses, starting at
 * second 0 and standing still after the last leg. Immutable, thread-safe.
 */
public final class Route {
    private final List<Leg> legs;
    private final LocalPoint start;

    private Route(LocalPoint start, List<Leg> legs) {
        this.start = start;
        this.legs = List.copyOf(legs);
    }

    public static Builder startingAt(LocalPoint start) {
        return new Builder(start);
    }

    /** Seconds from the start until the last leg or pause ends. */
    public double durationSeconds() {
        return legs.isEmpty() ? 0 : legs.get(legs.size() - 1).endSecond();
    }

    public Motion at(double second) {
        Leg current = null;
        for (Leg leg : legs) {
            if (second < leg.endSecond()) {
                current = leg;
                break;
            }
        }
        if (current == null) {
            return new Motion(legs.isEmpty() ? start : legs.get(legs.size() - 1).to(), 0, null);
        }
        return current.motionAt(Math.max(second, current.startSecond()));
    }

    /** One straight leg (or a pause, when from equals to) between two seconds. */
    private record Leg(double startSecond, double endSecond, LocalPoint from, LocalPoint to) {
        Motion motionAt(double second) {
            double length = from.distanceTo(to);
            if (length == 0) {
                return new Motion(from, 0, null);
            }
            double fraction = (second - startSecond) / (endSecond - startSecond);
            LocalPoint position = new LocalPoint(
                    from.east() + fraction * (to.east() - from.east()),
                    from.north() + fraction * (to.north() - from.north()));
            return new Motion(position, length / (endSecond - startSecond), from.bearingTo(to));
        }
    }

    /** Builds a route leg by leg. Confined to the building thread. */
    public static final class Builder {
        private final LocalPoint start;
        private final List<Leg> legs = new ArrayList<>();
        private LocalPoint here;
        private double clock;

        private Builder(LocalPoint start) {
            if (start == null) {
                throw new IllegalArgumentException("a route needs a start point");
            }
            this.start = start;
            this.here = start;
        }

        public Builder moveTo(LocalPoint destination, double metresPerSecond) {
            if (!(metresPerSecond > 0) || metresPerSecond > 100) {
                throw new IllegalArgumentException("speed must be within (0, 100] m/s, got " + metresPerSecond);
            }
            double seconds = here.distanceTo(destination) / metresPerSecond;
            if (seconds > 0) {
                legs.add(new Leg(clock, clock + seconds, here, destination));
                clock += seconds;
            }
            here = destination;
            return this;
        }

        public Builder pause(double seconds) {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("pause must be >= 0 seconds, got " + seconds);
            }
            if (seconds > 0) {
                legs.add(new Leg(clock, clock + seconds, here, here));
                clock += seconds;
            }
            return this;
        }

        public Route build() {
            return new Route(start, legs);
        }
    }
}
