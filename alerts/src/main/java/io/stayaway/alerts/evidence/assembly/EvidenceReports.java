package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Recipient;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.alerts.evidence.CourtOrder.Party;
import io.stayaway.alerts.evidence.CourtOrder.Role;
import io.stayaway.alerts.evidence.report.Certainty;
import io.stayaway.alerts.evidence.report.CustodyEntry;
import io.stayaway.alerts.evidence.report.DeviceHealth;
import io.stayaway.alerts.evidence.report.DistanceSample;
import io.stayaway.alerts.evidence.report.EvidenceHashes;
import io.stayaway.alerts.evidence.report.EvidenceReportModel;
import io.stayaway.alerts.evidence.report.FixAccuracy;
import io.stayaway.alerts.evidence.report.GeoPoint;
import io.stayaway.alerts.evidence.report.LifecycleEntry;
import io.stayaway.alerts.evidence.report.NotificationEntry;
import io.stayaway.alerts.evidence.report.ReportZone;
import io.stayaway.alerts.evidence.report.TimeSpan;
import io.stayaway.alerts.evidence.report.TrackPoint;
import io.stayaway.alerts.evidence.report.ZoneGeometry;
import io.stayaway.alerts.notify.OutgoingMessage;
import io.stayaway.geofence.Circle;
import io.stayaway.geofence.ExclusionZone;
import io.stayaway.geofence.MobileExclusionZone;
import io.stayaway.geofence.Polygonal;
import io.stayaway.geofence.Zone;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/** Builds the report's model (alerts' {@code evidence.report}) from the same data as the bundle's files. */
final class EvidenceReports {
    private EvidenceReports() {}

    /** What the report quotes to tie it to the archive: evidence digest, key, checkpoint, chain heads. */
    record Quoted(
            String evidenceDigest,
            String keyId,
            long checkpointId,
            Instant checkpointAt,
            List<EvidenceHashes.ChainHead> heads) {}

    /** Device events that mean someone tampered with, shielded or switched off a device. */
    static final List<String> TAMPER_EVENTS = List.of("strap_tamper", "case_open", "jamming", "power_off");

    /** The report's name for a party's role. */
    static io.stayaway.alerts.evidence.report.Party party(Role role) {
        return role == Role.RESPONDENT
                ? io.stayaway.alerts.evidence.report.Party.RESPONDENT
                : io.stayaway.alerts.evidence.report.Party.PROTECTED;
    }

    static EvidenceReportModel model(
            EpisodeData data, List<EpisodeData.Point> timeline, AlertRecords records, Quoted quoted) {
        JsonObject alert = records.alert();
        AlertType type = AlertType.valueOf(alert.getString("type"));
        List<DistanceSample> distances = distances(timeline);
        MobileExclusionZone mobile = mobileZone(data.order);
        EpisodeData.Health respondent = data.health(Role.RESPONDENT);
        FixAccuracy accuracy = respondent.accuracyMedian() == null
                ? null
                : new FixAccuracy(respondent.accuracyMedian(), respondent.accuracyMax());
        Instant start = Instant.parse(alert.getString("event_time"));
        Instant end = alert.getString("ended_at") == null ? null : Instant.parse(alert.getString("ended_at"));
        return new EvidenceReportModel(
                alert.getString("id"),
                alert.getString("order_id"),
                type,
                Severity.valueOf(alert.getString("severity").toUpperCase(Locale.ROOT)),
                certainty(type),
                start,
                end,
                data.order.timeZone(),
                closestToProtected(distances),
                deepestInside(distances),
                mobile == null ? null : mobile.minDistanceMetres(),
                mobile == null ? null : mobile.warningDistanceMetres(),
                accuracy,
                fixedZones(data.order),
                track(respondent.fixes()),
                track(data.sorted(Role.PROTECTED)),
                distances,
                health(data),
                lifecycle(records),
                notifications(records),
                custody(records),
                new EvidenceHashes(
                        quoted.evidenceDigest(),
                        quoted.keyId(),
                        Long.toString(quoted.checkpointId()),
                        quoted.checkpointAt(),
                        quoted.heads()));
    }

    /**
     * The distance timeline: at each respondent fix, the distance to the protected person and the signed distance
     * to the nearest fixed zone's edge (negative inside).
     */
    private static List<DistanceSample> distances(List<EpisodeData.Point> timeline) {
        List<DistanceSample> distances = new ArrayList<>();
        for (EpisodeData.Point p : timeline) {
            Double boundary = p.toZones().values().stream().min(Double::compare).orElse(null);
            distances.add(new DistanceSample(p.respondent().ts(), p.toProtected(), boundary));
        }
        return distances;
    }

    /** The closest the respondent came to the protected person, or null when that was never measured. */
    private static Double closestToProtected(List<DistanceSample> distances) {
        Double closest = null;
        for (DistanceSample s : distances) {
            if (s.toProtectedM() != null && (closest == null || s.toProtectedM() < closest)) {
                closest = s.toProtectedM();
            }
        }
        return closest;
    }

    /** How deep inside a fixed zone the respondent went, or null when they were never inside one. */
    private static Double deepestInside(List<DistanceSample> distances) {
        Double deepest = null;
        for (DistanceSample s : distances) {
            Double boundary = s.toBoundaryM();
            if (boundary != null && boundary < 0 && (deepest == null || -boundary > deepest)) {
                deepest = -boundary;
            }
        }
        return deepest;
    }

    /** The order's mobile zone around the protected person (the last, should an order have several), or null. */
    private static MobileExclusionZone mobileZone(CourtOrder order) {
        MobileExclusionZone mobile = null;
        for (Zone z : order.zones()) {
            if (z instanceof MobileExclusionZone m) {
                mobile = m;
            }
        }
        return mobile;
    }

    /** The order's fixed exclusion zones, as the order lists them, for the map. */
    private static List<ReportZone> fixedZones(CourtOrder order) {
        List<ReportZone> zones = new ArrayList<>();
        for (Zone z : order.zones()) {
            if (z instanceof ExclusionZone e) {
                zones.add(new ReportZone(e.id(), geometry(e), e.warningBufferMetres()));
            }
        }
        return zones;
    }

    /**
     * Breach and proximity alerts are raised only on fixes inside the forbidden region by more than
     * their uncertainty (the evaluator's BREACH_CONFIRMED); a crossing is inferred between two fixes,
     * and the other types are not positions in a forbidden region at all.
     */
    private static Certainty certainty(AlertType type) {
        return type == AlertType.BREACH || type == AlertType.PROXIMITY ? Certainty.CONFIRMED : Certainty.POSSIBLE;
    }

    private static ZoneGeometry geometry(ExclusionZone zone) {
        if (zone.area() instanceof Circle c) {
            return new ZoneGeometry.Circle(new GeoPoint(c.lon(), c.lat()), c.radiusMetres());
        }
        Geometry g = ((Polygonal) zone.area()).lonLat();
        Polygon polygon = (Polygon) (g instanceof Polygon ? g : g.getGeometryN(0));
        List<List<GeoPoint>> rings = new ArrayList<>();
        rings.add(ring(polygon.getExteriorRing()));
        for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
            rings.add(ring(polygon.getInteriorRingN(i)));
        }
        return new ZoneGeometry.Polygon(rings);
    }

    private static List<GeoPoint> ring(LinearRing ring) {
        List<GeoPoint> points = new ArrayList<>();
        for (Coordinate c : ring.getCoordinates()) {
            points.add(new GeoPoint(c.x, c.y));
        }
        return points;
    }

    private static List<TrackPoint> track(List<EpisodeData.Fix> fixes) {
        return fixes.stream()
                .map(f -> new TrackPoint(f.ts(), f.lon(), f.lat(), f.acc()))
                .toList();
    }

    private static List<DeviceHealth> health(EpisodeData data) {
        List<DeviceHealth> out = new ArrayList<>();
        for (Party p : data.order.parties()) {
            EpisodeData.Health h = data.health(p.role());
            List<DeviceHealth.TamperEvent> tampers = data.events.get(p.role()).stream()
                    .filter(e -> TAMPER_EVENTS.contains(e.type()))
                    .map(e -> new DeviceHealth.TamperEvent(e.ts(), e.type()))
                    .toList();
            out.add(new DeviceHealth(
                    p.deviceId(),
                    party(p.role()),
                    h.battery().stream()
                            .map(b -> new DeviceHealth.BatteryReading(b.at(), b.percent()))
                            .toList(),
                    tampers,
                    EpisodeData.GAP,
                    h.gaps().stream().map(g -> new TimeSpan(g.from(), g.to())).toList()));
        }
        return out;
    }

    private static List<LifecycleEntry> lifecycle(AlertRecords records) {
        List<LifecycleEntry> out = new ArrayList<>();
        for (JsonObject t : records.transitions()) {
            out.add(new LifecycleEntry(
                    Instant.parse(t.getString("at")),
                    t.getString("from_state") == null ? null : AlertState.valueOf(t.getString("from_state")),
                    AlertState.valueOf(t.getString("to_state")),
                    t.getString("actor"),
                    t.getString("note"),
                    t.getString("outcome") == null ? null : Outcome.valueOf(t.getString("outcome"))));
        }
        return out;
    }

    private static List<NotificationEntry> notifications(AlertRecords records) {
        List<NotificationEntry> out = new ArrayList<>();
        for (JsonObject n : records.notifications()) {
            String status =
                    n.getString("provider_status") != null ? n.getString("provider_status") : n.getString("state");
            Instant at =
                    Instant.parse(n.getString("sent_at") != null ? n.getString("sent_at") : n.getString("created_at"));
            out.add(new NotificationEntry(
                    at,
                    OutgoingMessage.Kind.valueOf(n.getString("channel").toUpperCase(Locale.ROOT)),
                    Recipient.RecipientRole.valueOf(
                            n.getString("recipient_role").toUpperCase(Locale.ROOT)),
                    n.getString("provider_sid"),
                    status,
                    n.getString("suppressed_reason")));
        }
        return out;
    }

    private static List<CustodyEntry> custody(AlertRecords records) {
        return records.custody().stream()
                .map(c -> new CustodyEntry(
                        Instant.parse(c.getString("at")),
                        c.getString("actor"),
                        c.getString("role"),
                        c.getString("action"),
                        c.getString("reason")))
                .toList();
    }
}
