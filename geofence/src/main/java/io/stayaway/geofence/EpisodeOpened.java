package io.stayaway.geofence;

import java.util.Objects;

/** An episode was confirmed: raise exactly one alert; immutable. */
public record EpisodeOpened(Episode episode) implements GeofenceEvent {
    public EpisodeOpened {
        Objects.requireNonNull(episode, "episode");
    }
}
