package io.stayaway.geofence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds tracks of pings for one device: positions given as (distance from a centre, bearing); mutable, test-only. */
final class Walk {
    private final String deviceId;
    private final double centreLat;
    private final double centreLon;
    private final List<Ping> pings = new ArrayList<>();
    private long seq;
    private Instant time;
    private FixSource source = FixSource.UNKNOWN;

    Walk(String deviceId, double centreLat, double centreLon, Instant start, long firstSeq) {
        this.deviceId = deviceId;
        this.centreLat = centreLat;
        this.centreLon = centreLon;
        this.time = start;
        this.seq = firstSeq;
    }

    static Walk respondent(Instant start) {
        return new Walk(Orders.RESPONDENT, Ground.LAT, Ground.LON, start, 1);
    }

    /** A ping at {@code metres} from the centre on the given bearing (negative: on the opposite bearing), then time moves on by {@code stepSeconds}. */
    Walk at(double metres, double bearing, double accuracy, long stepSeconds) {
        double[] p = metres >= 0
                ? Ground.offset(centreLat, centreLon, bearing, metres)
                : Ground.offset(centreLat, centreLon, bearing + 180, -metres);
        pings.add(new Ping(deviceId, seq++, time, p[0], p[1], accuracy, source));
        time = time.plusSeconds(stepSeconds);
        return this;
    }

    /** {@code count} pings moving straight (along bearing) from {@code fromMetres} to {@code toMetres}. */
    Walk line(double fromMetres, double toMetres, double bearing, int count, double accuracy, long stepSeconds) {
        for (int i = 0; i < count; i++) {
            double m = count == 1 ? fromMetres : fromMetres + (toMetres - fromMetres) * i / (count - 1);
            at(m, bearing, accuracy, stepSeconds);
        }
        return this;
    }

    /** The pings that follow are reported as positioned by {@code how}. */
    Walk by(FixSource how) {
        source = how;
        return this;
    }

    Walk pause(long seconds) {
        time = time.plusSeconds(seconds);
        return this;
    }

    Instant now() {
        return time;
    }

    List<Ping> pings() {
        return List.copyOf(pings);
    }
}
