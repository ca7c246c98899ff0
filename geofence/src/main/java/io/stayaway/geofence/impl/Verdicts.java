package io.stayaway.geofence.impl;

import io.stayaway.geofence.Classification;

/** The uncertainty-aware verdicts shared by static and mobile exclusion rules; stateless. */
final class Verdicts {
    private Verdicts() {}

    /** The verdict for signed distance s past the limit (negative: past it), uncertainty u and warning band w. */
    static Classification classify(double s, double u, double w) {
        if (s < -u) {
            return Classification.BREACH_CONFIRMED;
        }
        if (s < u) {
            return Classification.BREACH_POSSIBLE;
        }
        return s < w ? Classification.WARNING : Classification.OUTSIDE;
    }

    /** What signed distance s says to a breach machine: support when surely past the limit, clear only beyond the margin. */
    static Signal breachSignal(double s, double u, double margin) {
        if (s < -u) {
            return Signal.SUPPORT;
        }
        if (s < u) {
            return Signal.HOLD;
        }
        return s <= u + margin ? Signal.OUT : Signal.CLEAR;
    }
}
