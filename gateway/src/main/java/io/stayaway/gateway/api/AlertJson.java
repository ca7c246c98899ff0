package io.stayaway.gateway.api;

import io.stayaway.alerts.Alert;
import io.vertx.core.json.JsonObject;

/** The wire form of an alert (README, "GET /api/alerts"). */
final class AlertJson {
    private AlertJson() {
    }

    static JsonObject of(Alert a) {
        JsonObject detail = new JsonObject()
                .put("minDistanceMetres", a.minDistanceMetres())
                .put("accuracyMetres", a.accuracyMetres())
                .put("explanation", a.explanation());
        return new JsonObject()
                .put("id", a.id().toString())
                .put("orderId", a.orderId())
                .put("type", a.type().name())
                .put("severity", a.severity().wireName())
                .put("state", a.state().name())
                .put("ruleId", a.ruleId())
                .put("deviceId", a.deviceId())
                .put("party", a.party())
                .put("openedAt", a.openedAt().toString())
                .put("episodeStart", a.eventTime().toString())
                .put("episodeEnd", a.endedAt() == null ? null : a.endedAt().toString())
                .put("late", a.late())
                .put("updatedAt", a.updatedAt().toString())
                .put("detail", detail);
    }
}
