package io.stayaway.geofence.impl;

import io.stayaway.geofence.Classification;
import io.stayaway.geofence.EvaluatorSettings;

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

    /**
     * What a respondent fix inside a warning band says to an APPROACH machine: support, unless it is a Wi-Fi or cell fix
     * and those only hold a warning ({@link EvaluatorSettings#networkFixesSupportApproach()}).
     */
    static Signal warningSupport(Fix respondent, EvaluatorSettings settings) {
        return respondent.source().network() && !settings.networkFixesSupportApproach() ? Signal.HOLD : Signal.SUPPORT;
    }
}
