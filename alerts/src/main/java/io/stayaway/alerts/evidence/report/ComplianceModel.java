package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.stayaway.alerts.notify.OutgoingMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * An order's compliance over a period: how well each device was monitored, what alerts were raised and how
 * they ended, device incidents, and whether notifications arrived. Filled from the database; immutable.
 *
 * @param orderId       the protection order's id (shown escaped)
 * @param periodStart   start of the reported period
 * @param periodEnd     end of the reported period (after {@code periodStart})
 * @param displayZone   the order's local time zone for display
 * @param devices       monitoring coverage per device
 * @param alerts        alert counts per type with their outcomes
 * @param incidents     tamper and battery incidents, oldest first
 * @param notifications notification delivery counts per channel and recipient role
 */
public record ComplianceModel(
        String orderId,
        Instant periodStart,
        Instant periodEnd,
        ZoneId displayZone,
        List<DeviceCoverage> devices,
        List<AlertTally> alerts,
        List<DeviceIncident> incidents,
        List<NotificationTally> notifications) {
    public ComplianceModel {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (!periodEnd.isAfter(periodStart)) {
            throw new IllegalArgumentException("period must end after it starts: " + periodStart + " .. " + periodEnd);
        }
        Objects.requireNonNull(displayZone, "displayZone");
        devices = List.copyOf(devices);
        alerts = List.copyOf(alerts);
        incidents = List.copyOf(incidents);
        notifications = List.copyOf(notifications);
    }

    public Duration period() {
        return Duration.between(periodStart, periodEnd);
    }

    /**
     * One device's monitoring coverage.
     *
     * @param freshFixTime       total time in the period during which the latest fix was at most {@code freshnessLimit} old
     * @param freshnessLimit     how old a fix may be and still count as fresh
     * @param gaps               the stretches without a fresh fix, oldest first
     */
    public record DeviceCoverage(
            String deviceId, Party party, Duration freshFixTime, Duration freshnessLimit, List<TimeSpan> gaps) {
        public DeviceCoverage {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(party, "party");
            Objects.requireNonNull(freshFixTime, "freshFixTime");
            if (freshFixTime.isNegative()) {
                throw new IllegalArgumentException("freshFixTime must not be negative: " + freshFixTime);
            }
            Objects.requireNonNull(freshnessLimit, "freshnessLimit");
            gaps = List.copyOf(gaps);
        }
    }

    /** Alerts of one type raised in the period, by how they were resolved ({@code unresolved} = still open). */
    public record AlertTally(
            AlertType type,
            int raised,
            int confirmedBreach,
            int falseAlarm,
            int technical,
            int permitted,
            int unresolved) {
        public AlertTally {
            Objects.requireNonNull(type, "type");
            if (raised < 0
                    || confirmedBreach < 0
                    || falseAlarm < 0
                    || technical < 0
                    || permitted < 0
                    || unresolved < 0) {
                throw new IllegalArgumentException("alert counts must not be negative for " + type);
            }
            if (confirmedBreach + falseAlarm + technical + permitted + unresolved != raised) {
                throw new IllegalArgumentException(
                        "outcomes of " + type + " do not add up to the " + raised + " raised");
            }
        }
    }

    /** What kind of device incident. */
    public enum IncidentKind {
        TAMPER,
        LOW_BATTERY,
        BATTERY_EMPTY
    }

    /** One tamper or battery incident; {@code note} is free text (shown escaped), may be empty. */
    public record DeviceIncident(Instant time, String deviceId, IncidentKind kind, String note) {
        public DeviceIncident {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(note, "note");
        }
    }

    /**
     * Notifications through one channel to one recipient role: handed to the provider, confirmed delivered, failed,
     * and warning texts the protected person's warning budget withheld (never handed to the provider).
     */
    public record NotificationTally(
            OutgoingMessage.Kind channel,
            RecipientRole recipientRole,
            int sent,
            int delivered,
            int failed,
            int withheld) {
        public NotificationTally {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(recipientRole, "recipientRole");
            if (sent < 0 || delivered < 0 || failed < 0 || withheld < 0 || delivered + failed > sent) {
                throw new IllegalArgumentException("notification counts inconsistent: sent " + sent + ", delivered "
                        + delivered + ", failed " + failed + ", withheld " + withheld);
            }
        }

        /** A tally with nothing withheld. */
        public NotificationTally(
                OutgoingMessage.Kind channel, RecipientRole recipientRole, int sent, int delivered, int failed) {
            this(channel, recipientRole, sent, delivered, failed, 0);
        }
    }

    /** Share of the period with a fresh fix, in percent (0..100). */
    public static double coveragePercent(DeviceCoverage d, Duration period) {
        double pct = 100.0 * d.freshFixTime().toMillis() / period.toMillis();
        return Math.max(0, Math.min(100, pct));
    }

    /** The report as a standalone HTML page ({@link ComplianceReport#render}). */
    public String html(ReportLanguage lang) {
        return ComplianceReport.render(this, lang);
    }

    /**
     * The same report as JSON with a fixed key order; times are ISO-8601 UTC instants, durations whole
     * seconds, coverage a percentage rounded to two decimals, enums by name.
     */
    public JsonObject toJson() {
        JsonArray deviceArray = new JsonArray();
        for (DeviceCoverage d : devices) {
            JsonArray gapArray = new JsonArray();
            for (TimeSpan g : d.gaps()) {
                gapArray.add(new JsonObject()
                        .put("from", g.from().toString())
                        .put("to", g.to().toString())
                        .put("seconds", g.length().getSeconds()));
            }
            deviceArray.add(new JsonObject()
                    .put("deviceId", d.deviceId())
                    .put("party", d.party().name())
                    .put("freshFixSeconds", d.freshFixTime().getSeconds())
                    .put("freshnessLimitSeconds", d.freshnessLimit().getSeconds())
                    .put("coveragePercent", Math.round(coveragePercent(d, period()) * 100) / 100.0)
                    .put("gaps", gapArray));
        }
        JsonArray alertArray = new JsonArray();
        for (AlertTally a : alerts) {
            alertArray.add(new JsonObject()
                    .put("type", a.type().name())
                    .put("raised", a.raised())
                    .put("confirmedBreach", a.confirmedBreach())
                    .put("falseAlarm", a.falseAlarm())
                    .put("technical", a.technical())
                    .put("permitted", a.permitted())
                    .put("unresolved", a.unresolved()));
        }
        JsonArray incidentArray = new JsonArray();
        for (DeviceIncident i : incidents) {
            incidentArray.add(new JsonObject()
                    .put("time", i.time().toString())
                    .put("deviceId", i.deviceId())
                    .put("kind", i.kind().name())
                    .put("note", i.note()));
        }
        JsonArray notificationArray = new JsonArray();
        for (NotificationTally n : notifications) {
            notificationArray.add(new JsonObject()
                    .put("channel", n.channel().name())
                    .put("recipientRole", n.recipientRole().name())
                    .put("sent", n.sent())
                    .put("delivered", n.delivered())
                    .put("failed", n.failed())
                    .put("withheld", n.withheld()));
        }
        return new JsonObject()
                .put("orderId", orderId)
                .put("periodStart", periodStart.toString())
                .put("periodEnd", periodEnd.toString())
                .put("timeZone", displayZone.getId())
                .put("devices", deviceArray)
                .put("alerts", alertArray)
                .put("incidents", incidentArray)
                .put("notifications", notificationArray);
    }
}
