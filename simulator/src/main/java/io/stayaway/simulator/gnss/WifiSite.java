package io.stayaway.simulator.gnss;

import io.stayaway.simulator.geo.LocalPoint;

/**
 * Where a positioning database places the Wi-Fi access points a device sees at one place, and how accurate it claims
 * the resulting fixes are: Wi-Fi fixes there are drawn around {@code position}, wherever the device truly is. An access
 * point that moved since it was surveyed (a mislocated one) keeps placing its users where it used to be. Immutable.
 *
 * @param position       the position the database gives the access points
 * @param medianAccuracy median claimed accuracy of the fixes, metres
 */
public record WifiSite(LocalPoint position, double medianAccuracy) {
    public WifiSite {
        if (position == null || !(medianAccuracy > 0)) {
            throw new IllegalArgumentException("a Wi-Fi site needs a position and an accuracy > 0");
        }
    }

    Environment.ErrorProfile profile() {
        return new Environment.ErrorProfile(medianAccuracy, 0.35, 0, 0, 0);
    }
}
