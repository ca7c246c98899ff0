package io.stayaway.geofence;

import java.util.Objects;

/** An episode ended (all-clear confirmed by dwell, suspension, order expiry, or a crossing completed); immutable. */
public record EpisodeClosed(Episode episode) implements GeofenceEvent {
    public EpisodeClosed {
        Objects.requireNonNull(episode, "episode");
        if (episode.end() == null) {
            throw new IllegalArgumentException("a closed episode needs an end");
        }
    }
}
