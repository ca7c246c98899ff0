package io.stayaway.geofence.impl;

import java.util.function.Supplier;

/**
 * One input to one episode machine; immutable.
 *
 * @param signal      what it says
 * @param plausible   false for an implausible jump: it is recorded as evidence but cannot open, reset or close
 * @param timeMillis  device time (server time for observations made by {@code advanceTo})
 * @param seq         the respondent's fix that this observation rests on, -1 if none
 * @param idDevice    the device whose fix names the episode if it opens here
 * @param idSeq       that fix's seq
 * @param idMillis    that fix's device time; {@link #NO_FIX} when there is none
 * @param distance    the distance recorded in the episode (signed edge distance or party separation)
 * @param penetration how far past the limit, metres (0 when not past)
 * @param uncertainty uncertainty used, metres
 * @param note        why, for explanations (a closing reason for END); computed only when an episode needs it
 */
record Observation(
        Signal signal,
        boolean plausible,
        long timeMillis,
        long seq,
        String idDevice,
        long idSeq,
        long idMillis,
        double distance,
        double penetration,
        double uncertainty,
        Supplier<String> note) {

    /** {@code idMillis} of an observation that rests on no fix. */
    static final long NO_FIX = Long.MIN_VALUE;

    /** An observation of the respondent's fix, which also names the episode if it opens here. */
    static Observation ofRespondentFix(
            Signal signal,
            boolean plausible,
            Fix fix,
            String respondentDeviceId,
            double distance,
            double penetration,
            double uncertainty,
            Supplier<String> note) {
        return new Observation(
                signal,
                plausible,
                fix.timeMillis(),
                fix.seq(),
                respondentDeviceId,
                fix.seq(),
                fix.timeMillis(),
                distance,
                penetration,
                uncertainty,
                note);
    }

    /** The rule stopped applying at the respondent's fix, for the reason given. */
    static Observation endAt(Fix fix, String respondentDeviceId, String why) {
        return new Observation(
                Signal.END,
                true,
                fix.timeMillis(),
                fix.seq(),
                respondentDeviceId,
                fix.seq(),
                fix.timeMillis(),
                Double.NaN,
                0,
                fix.uncertainty(),
                () -> why);
    }

    /** The note as text. */
    String why() {
        return note.get();
    }
}
