package io.stayaway.alerts.dayload;

import io.stayaway.simulator.geo.LocalPoint;
import io.stayaway.simulator.gnss.Environment;
import io.stayaway.simulator.gnss.Environment.ErrorProfile;
import io.stayaway.simulator.gnss.WifiSite;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A kind of ordinary life for a respondent under a stay-away order: one exclusion zone (a circle around the protected
 * person's home at the origin, with its warning band), and a pair's routine drawn from it: home, work and the commute
 * between, each place with its positioning conditions. No pattern ever takes the respondent into the zone, so every
 * critical alarm it raises is false. Immutable.
 *
 * @param name         short name used in the report
 * @param description  what the pattern is, in a line
 * @param zoneRadius   radius of the exclusion zone, metres
 * @param band         width of its warning band, metres
 * @param pairs        draws one pair's routine (a respondent's home, work and commute)
 */
record DayPattern(String name, String description, double zoneRadius, double band, PairDraw pairs) {

    /** Draws a pair's routine. */
    interface PairDraw {
        Routine draw(RandomGenerator random);
    }

    /**
     * Where a place is, how positioning behaves there, and (optionally) where a positioning database places the
     * access points seen there.
     */
    record Place(LocalPoint at, ErrorProfile profile, WifiSite wifi) {}

    /**
     * One respondent's day: at home (night and evening conditions) until he leaves for work, along the commute at
     * {@code speed}, at work, and back.
     */
    record Routine(Place night, Place evening, Place work, List<LocalPoint> commute, double speed) {}

    /** Streets: GNSS with multipath, some Wi-Fi and cell fixes (the simulator's URBAN environment). */
    static final ErrorProfile STREET = Environment.URBAN.profile();
    /** A flat in a dense block at night: weak GNSS, frequent multipath, Wi-Fi and cell fallback. */
    static final ErrorProfile HARSH_INDOOR_NIGHT = new ErrorProfile(25, 0.5, 0.15, 0.30, 0.10);
    /** An office by a window: mostly GNSS, a Wi-Fi fix one time in three. */
    static final ErrorProfile OFFICE_WINDOW = new ErrorProfile(12, 0.4, 0.03, 0.33, 0.02);
    /** Indoors at home: Wi-Fi most of the time (the simulator's INDOOR environment). */
    static final ErrorProfile INDOOR = Environment.INDOOR.profile();

    static List<DayPattern> all() {
        return List.of(
                edge("edge-urban", "lives 100-150 m outside the zone, urban multipath at home", STREET),
                edge(
                        "edge-indoor-night",
                        "lives 100-150 m outside the zone, harsh indoor multipath at night",
                        HARSH_INDOOR_NIGHT),
                new DayPattern("commuter", "drives past the zone twice a day, inside its warning band", 300, 200, r -> {
                    Place home = new Place(new LocalPoint(6000, 0), STREET, null);
                    Place work = new Place(new LocalPoint(-6000, 0), OFFICE_WINDOW, null);
                    double passAt = 300 + 40 + r.nextDouble() * 60; // 40-100 m outside the edge
                    List<LocalPoint> road =
                            List.of(home.at(), new LocalPoint(1500, passAt), new LocalPoint(-1500, passAt), work.at());
                    return new Routine(home, home, work, road, 9);
                }),
                new DayPattern(
                        "wifi-home",
                        "lives 100-150 m outside; his Wi-Fi fixes are pulled towards access points inside the zone",
                        300,
                        100,
                        r -> {
                            double outside = 100 + r.nextDouble() * 50;
                            LocalPoint at = new LocalPoint(0, 300 + outside);
                            // Wi-Fi positioning is a weighted centroid of the access points seen: his own (strongest)
                            // and his neighbours' inside the zone, 50 m inside its edge, pull it a third of the way.
                            double centroid = at.north() - (at.north() - 250) / 3;
                            WifiSite aps = new WifiSite(new LocalPoint(0, centroid), 60);
                            Place home = new Place(at, INDOOR, aps);
                            Place work = new Place(new LocalPoint(0, 8000), OFFICE_WINDOW, null);
                            return new Routine(home, home, work, List.of(at, work.at()), 12);
                        }),
                new DayPattern(
                        "mislocated-ap",
                        "a mislocated access point at work, 4.5 km away, places him in the warning band",
                        300,
                        800,
                        r -> {
                            Place home = new Place(new LocalPoint(9000, 3000), STREET, null);
                            WifiSite stale = new WifiSite(new LocalPoint(350, 600), 200);
                            Place work = new Place(new LocalPoint(4500, 0), OFFICE_WINDOW, stale);
                            return new Routine(home, home, work, List.of(home.at(), work.at()), 12);
                        }),
                new DayPattern("far-away", "lives and works kilometres away", 300, 500, r -> {
                    Place home = new Place(new LocalPoint(-15000, 2000), STREET, null);
                    Place work = new Place(new LocalPoint(-11000, -3000), OFFICE_WINDOW, null);
                    return new Routine(home, home, work, List.of(home.at(), work.at()), 12);
                }));
    }

    private static DayPattern edge(String name, String description, ErrorProfile night) {
        return new DayPattern(name, description, 300, 100, r -> {
            double outside = 100 + r.nextDouble() * 50;
            LocalPoint at = new LocalPoint(0, 300 + outside);
            Place work = new Place(new LocalPoint(0, 6000), OFFICE_WINDOW, null);
            return new Routine(
                    new Place(at, night, null), new Place(at, STREET, null), work, List.of(at, work.at()), 12);
        });
    }
}
