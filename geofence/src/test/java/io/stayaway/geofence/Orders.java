package io.stayaway.geofence;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Orders used by the tests; stateless. */
final class Orders {
    static final String RESPONDENT = "resp-001";
    static final String PROTECTED = "prot-001";
    static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2027-05-01T00:00:00Z");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Orders() {}

    /** The end-to-end slice: one 500 m circle around the protected person's home, default warning band. */
    static Order homeCircle() {
        return withZones(List.of(new ExclusionZone("home", new Circle(Ground.LAT, Ground.LON, 500), null)));
    }

    static Order withZones(List<Zone> zones) {
        return new Order("ORD-1", SHANGHAI, FROM, UNTIL, RESPONDENT, List.of(PROTECTED), zones, List.of(), List.of());
    }

    static Order with(List<Zone> zones, List<Suspension> suspensions, List<Corridor> corridors) {
        return new Order("ORD-1", SHANGHAI, FROM, UNTIL, RESPONDENT, List.of(PROTECTED), zones, suspensions, corridors);
    }
}
