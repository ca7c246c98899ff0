package io.stayaway.gateway.orders;

/** What became of a request to amend or terminate an order. */
public enum OrderChange {
    APPLIED,
    UNKNOWN_ORDER,
    /** The order was terminated already: it can be neither amended nor terminated again. */
    ALREADY_TERMINATED,
    /** An amendment must take effect after the version it replaces (and not in the past). */
    NOT_AFTER_CURRENT_VERSION
}
