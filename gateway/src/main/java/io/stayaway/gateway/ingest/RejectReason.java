package io.stayaway.gateway.ingest;

import java.util.Locale;

/** Why an uplink message (or one element of a store-and-forward array) was refused. */
public enum RejectReason {
    BAD_TOPIC,
    OVERSIZE,
    MALFORMED_JSON,
    MISSING_FIELD,
    WRONG_TYPE,
    NOT_FINITE,
    OUT_OF_RANGE,
    BAD_ACCURACY,
    FUTURE_TIMESTAMP,
    ANCIENT_TIMESTAMP,
    UNKNOWN_EVENT_TYPE,
    UNKNOWN_DEVICE,
    WRONG_DEVICE;

    /** Lower-case name for metrics, logs and the error topic. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
