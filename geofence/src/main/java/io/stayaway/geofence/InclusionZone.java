package io.stayaway.geofence;

import java.util.Objects;

/** A place the respondent must be inside during the schedule's windows (a curfew at the residence); immutable. */
public record InclusionZone(String id, Area area, WeeklySchedule schedule) implements Zone {
    public InclusionZone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(schedule, "schedule");
        if (id.isBlank()) {
            throw new IllegalArgumentException("zone id is blank");
        }
    }
}
