package io.stayaway.simulator.expect;

/** Alert types the gateway's GET /api/alerts can answer, as scenarios may name them. Immutable, thread-safe. */
public enum AlertType {
    BREACH,
    PROXIMITY,
    PROXIMITY_UNKNOWN,
    CROSSING,
    APPROACH,
    CURFEW,
    TAMPER,
    PANIC,
    COMMUNICATION_LOSS,
    GNSS_LOSS,
    LOW_BATTERY,
    ORDER_EXPIRING,
    CHECK_IN_HELP,
    CHECK_IN_MISSED
}
