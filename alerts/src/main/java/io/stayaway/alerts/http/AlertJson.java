package io.stayaway.alerts.http;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.AlertDetail;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The wire form of alerts (alerts/README.md, "HTTP routes"); the console's live feed can reuse it. Stateless. */
public final class AlertJson {
    private AlertJson() {}

    /** One alert: the fields the simulator and gateway tests read, plus its escalation and outcome. */
    public static JsonObject of(Alert a) {
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
                .put("openedAt", text(a.openedAt()))
                .put("episodeStart", text(a.eventTime()))
                .put("episodeEnd", text(a.endedAt()))
                .put("late", a.late())
                .put("updatedAt", text(a.updatedAt()))
                .put("escalationLevel", a.escalationLevel())
                .put("escalateAt", text(a.escalateAt()))
                .put("outcome", a.outcome() == null ? null : a.outcome().name())
                .put("detail", detail);
    }

    /** One alert with its lifecycle, notifications and escalations. */
    public static JsonObject of(AlertDetail d) {
        JsonArray lifecycle = new JsonArray();
        d.lifecycle()
                .forEach(t -> lifecycle.add(new JsonObject()
                        .put("from", t.from() == null ? null : t.from().name())
                        .put("to", t.to().name())
                        .put("actor", t.actor())
                        .put("at", text(t.at()))
                        .put("note", t.note())
                        .put("outcome", t.outcome() == null ? null : t.outcome().name())));
        JsonArray notifications = new JsonArray();
        d.notifications()
                .forEach(n -> notifications.add(new JsonObject()
                        .put("id", n.id().toString())
                        .put("channel", n.channel())
                        .put("recipientRole", n.recipientRole())
                        .put("to", n.to())
                        .put("language", n.language())
                        .put("purpose", n.purpose())
                        .put("state", n.state())
                        .put("attempts", n.attempts())
                        .put("providerSid", n.providerSid())
                        .put("providerStatus", n.providerStatus())
                        .put("lastError", n.lastError())
                        .put("createdAt", text(n.createdAt()))
                        .put("sentAt", text(n.sentAt()))
                        .put("providerStatusAt", text(n.providerStatusAt()))
                        .put("suppression", suppression(n.suppression()))));
        JsonArray escalations = new JsonArray();
        d.escalations()
                .forEach(e -> escalations.add(new JsonObject()
                        .put("level", e.level())
                        .put("reason", e.reason().name())
                        .put("target", e.target())
                        .put("at", text(e.at()))));
        return of(d.alert())
                .put("lifecycle", lifecycle)
                .put("notifications", notifications)
                .put("escalations", escalations);
    }

    /** Why the warning budget withheld a text (null for a text that was not withheld). */
    private static JsonObject suppression(AlertDetail.Suppression s) {
        return s == null
                ? null
                : new JsonObject()
                        .put("reason", s.reason())
                        .put("after", text(s.after()))
                        .put("repeatQuiet", s.repeatQuiet().toString())
                        .put("dailyCap", s.dailyCap())
                        .put("note", s.note());
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
