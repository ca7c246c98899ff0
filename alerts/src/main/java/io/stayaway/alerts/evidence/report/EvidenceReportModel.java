package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Everything the human-readable part of one alert's evidence bundle shows; filled from the database
 * by the exporter. Lists are copied; {@code null} is allowed only where documented.
 *
 * @param alertId               the alert's id (shown escaped)
 * @param orderId               the protection order's id (shown escaped)
 * @param type                  what was detected
 * @param severity              the alert's severity
 * @param certainty             confirmed or possible
 * @param episodeStart          first fix of the episode
 * @param episodeEnd            last fix of the episode, or {@code null} while it is still open
 * @param displayZone           the order's local time zone; times are shown in it with offset, and in UTC
 * @param minDistanceToProtectedM closest respondent↔protected distance in metres, or {@code null} if not measured
 * @param maxPenetrationM       deepest the respondent was inside an exclusion zone in metres, or {@code null}
 * @param orderDistanceM        the order's minimum distance to the protected person (mobile zone radius), or {@code null}
 * @param warningDistanceM      the warning distance around the protected person, or {@code null}
 * @param accuracy              accuracy of the fixes that decided the episode; null when the respondent reported no fix in the window
 * @param zones                 static exclusion zones to draw
 * @param respondentTrack       the respondent's fixes in the window, oldest first (may be empty)
 * @param protectedTrack        the protected person's fixes in the window, oldest first (may be empty)
 * @param distances             the distance timeline, oldest first (may be empty)
 * @param devices               device health in the window
 * @param lifecycle             the alert's workflow transitions, oldest first
 * @param notifications         notifications sent about the alert, oldest first
 * @param custody               chain-of-custody entries, oldest first
 * @param hashes                values to quote for verification
 */
public record EvidenceReportModel(
        String alertId,
        String orderId,
        AlertType type,
        Severity severity,
        Certainty certainty,
        Instant episodeStart,
        Instant episodeEnd,
        ZoneId displayZone,
        Double minDistanceToProtectedM,
        Double maxPenetrationM,
        Double orderDistanceM,
        Double warningDistanceM,
        FixAccuracy accuracy,
        List<ReportZone> zones,
        List<TrackPoint> respondentTrack,
        List<TrackPoint> protectedTrack,
        List<DistanceSample> distances,
        List<DeviceHealth> devices,
        List<LifecycleEntry> lifecycle,
        List<NotificationEntry> notifications,
        List<CustodyEntry> custody,
        EvidenceHashes hashes) {

    public EvidenceReportModel {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(certainty, "certainty");
        Objects.requireNonNull(episodeStart, "episodeStart");
        if (episodeEnd != null && episodeEnd.isBefore(episodeStart)) {
            throw new IllegalArgumentException("episode ends before it starts: " + episodeStart + " > " + episodeEnd);
        }
        Objects.requireNonNull(displayZone, "displayZone");
        if (minDistanceToProtectedM != null) {
            Checks.nonNegative(minDistanceToProtectedM, "minDistanceToProtectedM");
        }
        if (maxPenetrationM != null) {
            Checks.nonNegative(maxPenetrationM, "maxPenetrationM");
        }
        if (orderDistanceM != null) {
            Checks.positive(orderDistanceM, "orderDistanceM");
        }
        if (warningDistanceM != null) {
            Checks.positive(warningDistanceM, "warningDistanceM");
        }
        zones = List.copyOf(zones);
        respondentTrack = List.copyOf(respondentTrack);
        protectedTrack = List.copyOf(protectedTrack);
        distances = List.copyOf(distances);
        devices = List.copyOf(devices);
        lifecycle = List.copyOf(lifecycle);
        notifications = List.copyOf(notifications);
        custody = List.copyOf(custody);
        Objects.requireNonNull(hashes, "hashes");
    }

    /** True while the episode has no end. */
    public boolean ongoing() {
        return episodeEnd == null;
    }
}
