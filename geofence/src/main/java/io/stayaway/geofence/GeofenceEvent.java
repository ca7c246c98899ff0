package io.stayaway.geofence;

/** A change in an episode that the gateway must act on; immutable. One EpisodeOpened = one alert. */
public sealed interface GeofenceEvent permits EpisodeOpened, EpisodeUpdated, EpisodeClosed {
    Episode episode();
}
