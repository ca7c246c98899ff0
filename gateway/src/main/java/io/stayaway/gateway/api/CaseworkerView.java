package io.stayaway.gateway.api;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.followup.FollowUpContact;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderHistory;
import io.stayaway.gateway.orders.OrderVersion;
import io.stayaway.gateway.orders.Party;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a caseworker is shown of an order and its alerts (docs/http-api.md, "Caseworkers"): an allow-list,
 * so a field added to orders or alerts later stays hidden until it is named here. Never device ids, zones,
 * suspensions, corridors, positions, distances, accuracies, explanations, duty-desk numbers or the
 * respondent's phone. Stateless.
 */
final class CaseworkerView {
    private CaseworkerView() {}

    /**
     * An order's summary: id, court, duty-desk station, organisation, time zone, validity, version, status and
     * times, the check-in schedule, and the parties' roles and names; the protected person's phone and language too (the caseworker
     * calls her).
     */
    static JsonObject order(OrderHistory h) {
        OrderVersion current = h.current();
        OrderDocument doc = current.document();
        JsonObject body = doc.body();
        JsonObject out = new JsonObject()
                .put("id", h.id())
                .put("court", body.getString("court"))
                .put("station", doc.contacts().station())
                .put("organisation", doc.organisation().orElse(null))
                .put("timeZone", body.getString("timeZone"))
                .put("validFrom", body.getString("validFrom"))
                .put("validUntil", body.getString("validUntil"))
                .put("version", current.number())
                .put("createdAt", h.version(1).recordedAt().toString())
                .put("status", h.active() ? "active" : "terminated")
                .put(
                        "checkIns",
                        new JsonObject()
                                .put("enabled", doc.checkIns().enabled())
                                .put("every", doc.checkIns().every().toString()));
        if (!h.active()) {
            out.put("terminatedAt", h.terminatedAt().toString());
        }
        JsonArray parties = new JsonArray();
        for (Party p : doc.parties()) {
            JsonObject party = new JsonObject().put("role", p.role().wireName());
            if (p.name() != null) {
                party.put("name", p.name());
            }
            if (p.role() == Party.Role.PROTECTED) {
                if (p.phone() != null) {
                    party.put("phone", p.phone());
                }
                party.put("language", p.language().toLanguageTag());
            }
            parties.add(party);
        }
        return out.put("parties", parties);
    }

    /** An alert as a caseworker sees it: what, how grave, when, where it stands in the workflow and how it ended. */
    static JsonObject alert(Alert a) {
        // The names and forms of GET /api/alerts (AlertJson), without what carries a place or a device.
        return new JsonObject()
                .put("id", a.id().toString())
                .put("orderId", a.orderId())
                .put("type", a.type().name())
                .put("severity", a.severity().wireName())
                .put("state", a.state().name())
                .put("openedAt", text(a.openedAt()))
                .put("episodeStart", text(a.eventTime()))
                .put("episodeEnd", text(a.endedAt()))
                .put("updatedAt", text(a.updatedAt()))
                .put("escalationLevel", a.escalationLevel())
                .put("outcome", a.outcome() == null ? null : a.outcome().name());
    }

    private static String text(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    /** A follow-up contact as the API shows it (to caseworkers, court and admin alike). */
    static JsonObject followUp(FollowUpContact f) {
        JsonObject out = new JsonObject()
                .put("id", f.id().toString())
                .put("orderId", f.orderId())
                .put("kind", f.kind().wireName())
                .put("at", f.at().toString())
                .put("outcome", f.outcome().wireName())
                .put("recordedBy", f.recordedBy())
                .put("organisation", f.organisation())
                .put("recordedAt", f.recordedAt().toString());
        if (f.note() != null) {
            out.put("note", f.note());
        }
        return out;
    }
}
