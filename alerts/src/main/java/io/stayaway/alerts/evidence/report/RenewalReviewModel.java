package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the court and the caseworker read before an order ends (issue 19, "Renewal review"): the order's
 * compliance over its whole life, every alert and its outcome, the safety check-ins with the protected person
 * and the follow-up contacts. It carries no position and no zone geometry beyond the compliance report's.
 * Immutable.
 *
 * @param organisation the follow-up organisation the order is assigned to, or null
 * @param preparedAt   when the review was prepared: the end of its period
 */
public record RenewalReviewModel(
        String orderId,
        String court,
        String organisation,
        Instant validFrom,
        Instant validUntil,
        Instant preparedAt,
        ComplianceModel compliance,
        List<AlertLine> alerts,
        List<CheckInLine> checkIns,
        List<FollowUpLine> followUps) {
    public RenewalReviewModel {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(preparedAt, "preparedAt");
        Objects.requireNonNull(compliance, "compliance");
        alerts = List.copyOf(alerts);
        checkIns = List.copyOf(checkIns);
        followUps = List.copyOf(followUps);
    }

    /** One alert of the order: what, when, how it stands and how it was resolved ({@code outcome} null before). */
    public record AlertLine(
            Instant openedAt, AlertType type, Severity severity, AlertState state, Outcome outcome, Instant endedAt) {
        public AlertLine {
            Objects.requireNonNull(openedAt, "openedAt");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * One check-in: when it was due and sent, its kind and state as stored, and her reply as she sent it.
     *
     * @param sentAt    null when it was never sent (held, opted out, failed)
     * @param repliedAt null without a reply
     */
    public record CheckInLine(
            Instant dueAt, Instant sentAt, String kind, String state, Instant repliedAt, String reply) {
        public CheckInLine {
            Objects.requireNonNull(dueAt, "dueAt");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(state, "state");
        }
    }

    /** One follow-up contact a caseworker recorded. */
    public record FollowUpLine(
            Instant at, String kind, String outcome, String note, String recordedBy, String organisation) {
        public FollowUpLine {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** The review as a standalone printable HTML page ({@link RenewalReview#render}). */
    public String html(ReportLanguage lang) {
        return RenewalReview.render(this, lang);
    }

    /** The same review as JSON: times ISO-8601 UTC, enums by name; the compliance part as {@link ComplianceModel#toJson()}. */
    public JsonObject toJson() {
        JsonArray alertArray = new JsonArray();
        for (AlertLine a : alerts) {
            alertArray.add(new JsonObject()
                    .put("openedAt", a.openedAt().toString())
                    .put("type", a.type().name())
                    .put("severity", a.severity().wireName())
                    .put("state", a.state().name())
                    .put("outcome", a.outcome() == null ? null : a.outcome().name())
                    .put("endedAt", text(a.endedAt())));
        }
        JsonArray checkInArray = new JsonArray();
        for (CheckInLine c : checkIns) {
            checkInArray.add(new JsonObject()
                    .put("dueAt", c.dueAt().toString())
                    .put("sentAt", text(c.sentAt()))
                    .put("kind", c.kind())
                    .put("state", c.state())
                    .put("repliedAt", text(c.repliedAt()))
                    .put("reply", c.reply()));
        }
        JsonArray followUpArray = new JsonArray();
        for (FollowUpLine f : followUps) {
            followUpArray.add(new JsonObject()
                    .put("at", f.at().toString())
                    .put("kind", f.kind())
                    .put("outcome", f.outcome())
                    .put("note", f.note())
                    .put("recordedBy", f.recordedBy())
                    .put("organisation", f.organisation()));
        }
        return new JsonObject()
                .put("orderId", orderId)
                .put("court", court)
                .put("organisation", organisation)
                .put("validFrom", validFrom.toString())
                .put("validUntil", validUntil.toString())
                .put("preparedAt", preparedAt.toString())
                .put("compliance", compliance.toJson())
                .put("alerts", alertArray)
                .put("checkIns", checkInArray)
                .put("followUps", followUpArray);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
