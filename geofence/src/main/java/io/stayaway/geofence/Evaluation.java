package io.stayaway.geofence;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of one ping: how it stands against every rule that concerns its device, the episode
 * events it caused (possibly about earlier fixes, when it was late), and flags to store with it; immutable.
 */
public record Evaluation(Ping ping, List<RuleAssessment> assessments, List<GeofenceEvent> events, Set<PingFlag> flags) {
    public Evaluation {
        Objects.requireNonNull(ping, "ping");
        assessments = List.copyOf(assessments);
        events = List.copyOf(events);
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }
}
