package io.stayaway.gateway.evaluation;

import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.Party;
import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeKind;
import java.util.Optional;

/**
 * What evaluation hands to the alert step: a geofence episode, or a device event that is an alarm in
 * itself, as an {@link AlertTrigger} of the order it concerns. Stateless, thread-safe.
 */
final class AlertTriggers {
    private AlertTriggers() {}

    /** An episode (opened, updated or closed) as a trigger keyed on the episode id, so a re-derived episode updates its alert. */
    /**
     * A fix of a store-and-forward backlog received this long after its device time is old news: an episode it
     * opens or changes is reported late even when, in the order the records reached the evaluator, it was the
     * newest fix (in a cluster, a device's backlog and its live fix can reach the order's owner from two
     * nodes in either order).
     */
    static final java.time.Duration RECEIVED_LATE_AFTER = java.time.Duration.ofSeconds(60);

    static AlertTrigger forEpisode(OrderDocument doc, Episode e) {
        return forEpisode(doc, e, false);
    }

    /** The trigger of an episode event caused by a fix; {@code fixReceivedLate} marks it late ({@link #RECEIVED_LATE_AFTER}). */
    static AlertTrigger forEpisode(OrderDocument doc, Episode e, boolean fixReceivedLate) {
        AlertType type = AlertType.of(e.kind());
        String party = doc.partyOf(e.deviceId()).map(p -> p.role().wireName()).orElse(null);
        Double distance = e.kind() == EpisodeKind.PROXIMITY_UNKNOWN ? null : e.minDistanceMetres();
        return new AlertTrigger(
                e.id(),
                e.orderId(),
                type,
                e.zoneId(),
                e.deviceId(),
                party,
                e.start(),
                e.end(),
                e.late() || fixReceivedLate,
                distance,
                e.accuracyMetres(),
                e.explanation());
    }

    /** True when the fix came in a backlog that reached the gateway more than {@link #RECEIVED_LATE_AFTER} after its device time. */
    static boolean receivedLate(Telemetry.Fix f) {
        return f.backlog() && f.receivedAt() != null && f.receivedAt().isAfter(f.ts().plus(RECEIVED_LATE_AFTER));
    }

    /**
     * A device event that is an alarm by itself (tamper, panic, low battery), keyed on the order, device,
     * seq and fix time; empty for the others (GNSS loss and power-off become alerts through device health's timers).
     */
    static Optional<AlertTrigger> forDeviceEvent(OrderDocument doc, Telemetry.Event e) {
        AlertType type = switch (e.type()) {
            case STRAP_TAMPER, CASE_OPEN, JAMMING -> AlertType.TAMPER;
            case PANIC -> AlertType.PANIC;
            case BATTERY_LOW -> AlertType.LOW_BATTERY;
            case GNSS_LOST, STRAP_RESTORED, CHARGING, GNSS_RESTORED, POWER_OFF -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        String party = doc.partyOf(e.deviceId())
                .map(Party::role)
                .map(Party.Role::wireName)
                .orElse(null);
        String key = doc.order().id() + "/" + e.deviceId() + "/event/" + e.seq() + "/" + e.ts().toEpochMilli();
        return Optional.of(new AlertTrigger(
                key,
                doc.order().id(),
                type,
                null,
                e.deviceId(),
                party,
                e.ts(),
                null,
                false,
                null,
                null,
                "device reported " + e.type().wireName()));
    }
}
