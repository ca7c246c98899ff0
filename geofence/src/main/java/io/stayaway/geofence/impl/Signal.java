package io.stayaway.geofence.impl;

/** What one observation says to an episode machine. */
enum Signal {
    /** Supports the episode (e.g. confirmed inside). */
    SUPPORT,
    /** Ambiguous (e.g. breach possible): neither supports nor clears; a pending run survives it. */
    HOLD,
    /** Not in the episode's condition, but not clearly out by the margin: ends a pending run, does not count to close. */
    OUT,
    /** Clearly out by the margin: ends a pending run and counts towards closing. */
    CLEAR,
    /** The rule stopped applying (suspension, expiry, schedule window over): close at once, drop any pending run. */
    END
}
