package io.stayaway.simulator.api;

/** What POST /api/orders did: created it (201), or it was already there (409, fine for a rerun). Immutable, thread-safe. */
public enum OrderOutcome {
    CREATED,
    ALREADY_EXISTS
}
