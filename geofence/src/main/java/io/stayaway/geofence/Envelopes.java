package io.stayaway.geofence;

import org.locationtech.jts.geom.Envelope;

/** Range checks for lon/lat geometry shared by the value types; stateless. */
final class Envelopes {
    private Envelopes() {}

    static void requireLonLat(Envelope e, String what) {
        if (e.getMinX() < -180 || e.getMaxX() > 180 || e.getMinY() < -90 || e.getMaxY() > 90) {
            throw new IllegalArgumentException(
                    what + " is not in lon/lat degrees (x = lon -180..180, y = lat -90..90): " + e);
        }
    }
}
