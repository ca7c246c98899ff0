package io.stayaway.geofence.impl;

import io.stayaway.geofence.Suspension;
import java.time.Instant;
import java.util.List;

/** Finding the court's suspension of a zone in force at an instant; stateless. */
final class Suspensions {
    private Suspensions() {}

    /** The first of the zone's suspensions that covers {@code t}, or {@code null}. */
    static Suspension activeAt(List<Suspension> suspensions, Instant t) {
        for (int i = 0; i < suspensions.size(); i++) {
            Suspension s = suspensions.get(i);
            if (s.covers(t)) {
                return s;
            }
        }
        return null;
    }
}
