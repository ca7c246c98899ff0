package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Recipient;
import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.alerts.evidence.CourtOrder.Party;
import io.stayaway.alerts.evidence.report.ComplianceModel;
import io.stayaway.alerts.evidence.report.TimeSpan;
import io.stayaway.alerts.notify.OutgoingMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The follow-up supervision report of an order over a period (docs/evidence.md, "Compliance report"): how much
 * of the time each device had a fresh fix, and the gaps; alerts by type and how they were resolved;
 * tamper and battery incidents; and whether notifications reached people. Computed in the database
 * where the data is large (fix intervals by window function), so a six-month period stays cheap.
 */
public final class Compliance {
    /** At most this many gaps are listed per device (all are counted in the coverage). */
    static final int MAX_LISTED_GAPS = 500;

    private Compliance() {}

    public static ComplianceModel compute(Connection c, CourtOrder order, Instant from, Instant to, Duration freshness)
            throws SQLException {
        List<ComplianceModel.DeviceCoverage> devices = new ArrayList<>();
        List<ComplianceModel.DeviceIncident> incidents = new ArrayList<>();
        for (Party p : order.parties()) {
            devices.add(coverage(c, p, from, to, freshness));
            incidents.addAll(incidents(c, p.deviceId(), from, to));
        }
        incidents.sort((a, b) -> a.time().compareTo(b.time()));
        return new ComplianceModel(
                order.id(),
                from,
                to,
                order.timeZone(),
                devices,
                alerts(c, order.id(), from, to),
                incidents,
                notifications(c, order.id(), from, to));
    }

    /** Each fix makes the device "fresh" until {@code freshness} later or the next fix, whichever is first. */
    private static ComplianceModel.DeviceCoverage coverage(
            Connection c, Party p, Instant from, Instant to, Duration freshness) throws SQLException {
        long limit = freshness.toMillis();
        long covered = 0;
        List<TimeSpan> gaps = new ArrayList<>();
        Instant freshUntil = from;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT ts FROM pings WHERE device_id = ? AND ts >= ? AND ts < ? ORDER BY ts")) {
            ps.setFetchSize(10_000);
            ps.setString(1, p.deviceId());
            ps.setTimestamp(2, Timestamp.from(from.minus(freshness)));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant ts = rs.getTimestamp(1).toInstant();
                    Instant start = ts.isBefore(from) ? from : ts;
                    Instant end = ts.plusMillis(limit).isAfter(to) ? to : ts.plusMillis(limit);
                    if (!end.isAfter(freshUntil)) {
                        continue;
                    }
                    if (start.isAfter(freshUntil)) {
                        gap(gaps, freshUntil, start);
                        covered += Duration.between(start, end).toMillis();
                    } else {
                        covered += Duration.between(freshUntil, end).toMillis();
                    }
                    freshUntil = end;
                }
            }
        }
        if (freshUntil.isBefore(to)) {
            gap(gaps, freshUntil, to);
        }
        return new ComplianceModel.DeviceCoverage(
                p.deviceId(), EvidenceReports.party(p.role()), Duration.ofMillis(covered), freshness, gaps);
    }

    private static void gap(List<TimeSpan> gaps, Instant from, Instant to) {
        if (gaps.size() < MAX_LISTED_GAPS) {
            gaps.add(new TimeSpan(from, to));
        }
    }

    private static List<ComplianceModel.DeviceIncident> incidents(
            Connection c, String deviceId, Instant from, Instant to) throws SQLException {
        List<ComplianceModel.DeviceIncident> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ts, type FROM device_events
                WHERE device_id = ? AND ts >= ? AND ts < ? AND (type = ANY (?) OR type = 'battery_low')
                ORDER BY ts LIMIT 1000""")) {
            ps.setString(1, deviceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setArray(4, c.createArrayOf("text", EvidenceReports.TAMPER_EVENTS.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    out.add(new ComplianceModel.DeviceIncident(
                            rs.getTimestamp(1).toInstant(),
                            deviceId,
                            type.equals("battery_low")
                                    ? ComplianceModel.IncidentKind.LOW_BATTERY
                                    : ComplianceModel.IncidentKind.TAMPER,
                            type));
                }
            }
        }
        // A fix reporting an empty battery (0-2 %) is the last warning before the device goes dark.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT min(ts) FROM pings WHERE device_id = ? AND ts >= ? AND ts < ? AND battery <= 2 GROUP BY date_trunc('day', ts) ORDER BY 1 LIMIT 1000")) {
            ps.setString(1, deviceId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ComplianceModel.DeviceIncident(
                            rs.getTimestamp(1).toInstant(),
                            deviceId,
                            ComplianceModel.IncidentKind.BATTERY_EMPTY,
                            "battery at or below 2 %"));
                }
            }
        }
        return out;
    }

    private static List<ComplianceModel.AlertTally> alerts(Connection c, String orderId, Instant from, Instant to)
            throws SQLException {
        Map<AlertType, int[]> counts = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT type, outcome, count(*) FROM alerts WHERE order_id = ? AND event_time >= ? AND event_time < ? GROUP BY type, outcome")) {
            ps.setString(1, orderId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int[] n = counts.computeIfAbsent(AlertType.valueOf(rs.getString(1)), t -> new int[6]);
                    int k = rs.getInt(3);
                    n[0] += k;
                    String outcome = rs.getString(2);
                    n[
                            outcome == null
                                    ? 5
                                    : switch (outcome) {
                                        case "CONFIRMED_BREACH" -> 1;
                                        case "FALSE_ALARM" -> 2;
                                        case "TECHNICAL" -> 3;
                                        default -> 4;
                                    }] += k;
                }
            }
        }
        List<ComplianceModel.AlertTally> out = new ArrayList<>();
        counts.forEach((type, n) -> out.add(new ComplianceModel.AlertTally(type, n[0], n[1], n[2], n[3], n[4], n[5])));
        return out;
    }

    private static List<ComplianceModel.NotificationTally> notifications(
            Connection c, String orderId, Instant from, Instant to) throws SQLException {
        List<ComplianceModel.NotificationTally> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.channel, n.recipient_role,
                       count(*) FILTER (WHERE n.state IN ('SENT', 'FAILED')),
                       count(*) FILTER (WHERE n.state = 'SENT' AND n.provider_status IN ('delivered', 'completed')),
                       count(*) FILTER (WHERE n.state = 'FAILED' OR n.provider_status IN ('failed', 'undelivered', 'busy', 'no-answer', 'canceled')),
                       count(*) FILTER (WHERE n.state = 'SUPPRESSED')
                FROM notifications n JOIN alerts a ON a.id = n.alert_id
                WHERE a.order_id = ? AND n.created_at >= ? AND n.created_at < ?
                GROUP BY n.channel, n.recipient_role ORDER BY n.channel, n.recipient_role""")) {
            ps.setString(1, orderId);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ComplianceModel.NotificationTally(
                            OutgoingMessage.Kind.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                            Recipient.RecipientRole.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                            rs.getInt(3),
                            rs.getInt(4),
                            rs.getInt(5),
                            rs.getInt(6)));
                }
            }
        }
        return out;
    }
}
