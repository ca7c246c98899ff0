package io.stayaway.geofence;

import java.util.Objects;

/** An open episode changed meaningfully (deeper intrusion, closer approach, earlier start from late fixes); immutable. */
public record EpisodeUpdated(Episode episode) implements GeofenceEvent {
    public EpisodeUpdated {
        Objects.requireNonNull(episode, "episode");
    }
}
