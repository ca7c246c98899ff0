package io.stayaway.simulator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One alert as GET /api/alerts answers it; fields the simulator does not use are ignored, and any
 * may be absent. Immutable, thread-safe.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Alert(
        String id,
        String orderId,
        String type,
        String severity,
        String state,
        String ruleId,
        String deviceId,
        String party,
        String openedAt,
        String episodeStart,
        Boolean late) {
    public Alert {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an alert without an id: type=" + type + " order=" + orderId);
        }
    }
}
