package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.Outcome;
import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.Severity;
import io.stayaway.alerts.evidence.report.ComplianceModel.AlertTally;
import io.stayaway.alerts.evidence.report.ComplianceModel.DeviceCoverage;
import io.stayaway.alerts.evidence.report.ComplianceModel.DeviceIncident;
import io.stayaway.alerts.evidence.report.ComplianceModel.IncidentKind;
import io.stayaway.alerts.evidence.report.ComplianceModel.NotificationTally;
import io.stayaway.alerts.notify.OutgoingMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic breach in Beijing: a 500 m home zone with a 500 m warning band (the Spanish programme's
 * ratio), a polygon workplace zone with a courtyard hole, the respondent walking in from the east to
 * 300 m from the home (200 m inside) while the protected person is at home, one fix every 30 s.
 */
final class ReportFixtures {
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final double HOME_LON = 116.4600;
    static final double HOME_LAT = 39.9200;
    static final double HOME_RADIUS_M = 500;
    static final Instant T0 = Instant.parse("2026-03-14T13:00:00Z");
    private static final double M_PER_DEG = LocalProjection.METRES_PER_DEGREE;
    private static final double COS = Math.cos(Math.toRadians(HOME_LAT));

    private ReportFixtures() {}

    static double lonAt(double eastM) {
        return HOME_LON + eastM / (M_PER_DEG * COS);
    }

    static double latAt(double northM) {
        return HOME_LAT + northM / M_PER_DEG;
    }

    /** Respondent position (metres east, north of the home centre) at step i of 50. */
    private static double[] respondentAt(int i) {
        double phase = i / 49.0;
        double east = 1600 - 1300 * Math.sin(Math.PI * phase);
        double north = -250 + 400 * phase;
        return new double[] {east, north};
    }

    private static double[] protectedAt(int i) {
        return new double[] {-40 + 2.0 * i, 30 - 0.6 * i};
    }

    static List<TrackPoint> respondentTrack() {
        List<TrackPoint> track = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            double[] p = respondentAt(i);
            track.add(new TrackPoint(T0.plusSeconds(30L * i), lonAt(p[0]), latAt(p[1]), 6 + (i % 5)));
        }
        return track;
    }

    static List<TrackPoint> protectedTrack() {
        List<TrackPoint> track = new ArrayList<>();
        for (int i = 0; i < 50; i += 2) {
            double[] p = protectedAt(i);
            track.add(new TrackPoint(T0.plusSeconds(30L * i), lonAt(p[0]), latAt(p[1]), 12));
        }
        return track;
    }

    static List<DistanceSample> distances() {
        List<DistanceSample> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            double[] r = respondentAt(i);
            double[] p = protectedAt(i);
            double toProtected = Math.hypot(r[0] - p[0], r[1] - p[1]);
            double toBoundary = Math.hypot(r[0], r[1]) - HOME_RADIUS_M;
            out.add(new DistanceSample(T0.plusSeconds(30L * i), toProtected, toBoundary));
        }
        return out;
    }

    static List<ReportZone> zones() {
        List<GeoPoint> shell = List.of(
                geo(-1500, 700), geo(-900, 700), geo(-900, 1150), geo(-1200, 1300), geo(-1500, 1150), geo(-1500, 700));
        List<GeoPoint> hole = List.of(geo(-1300, 850), geo(-1100, 850), geo(-1100, 1000), geo(-1300, 1000));
        return List.of(
                new ReportZone(
                        "Home 住所", new ZoneGeometry.Circle(new GeoPoint(HOME_LON, HOME_LAT), HOME_RADIUS_M), 500.0),
                new ReportZone("Workplace 单位", new ZoneGeometry.Polygon(List.of(shell, hole)), 150.0));
    }

    private static GeoPoint geo(double eastM, double northM) {
        return new GeoPoint(lonAt(eastM), latAt(northM));
    }

    static EvidenceReportModel breach(Certainty certainty) {
        List<DistanceSample> distances = distances();
        List<DistanceSample> inside =
                distances.stream().filter(d -> d.toBoundaryM() < 0).toList();
        Instant start = inside.get(0).time();
        Instant end = inside.get(inside.size() - 1).time();
        double closest = distances.stream()
                .mapToDouble(DistanceSample::toProtectedM)
                .min()
                .orElseThrow();
        double deepest =
                -inside.stream().mapToDouble(DistanceSample::toBoundaryM).min().orElseThrow();
        return new EvidenceReportModel(
                "a1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                "（2026）京0105民保令12号",
                AlertType.BREACH,
                Severity.CRITICAL,
                certainty,
                start,
                end,
                BEIJING,
                Math.round(closest * 10) / 10.0,
                Math.round(deepest * 10) / 10.0,
                500.0,
                1000.0,
                new FixAccuracy(8.0, 14.5),
                zones(),
                respondentTrack(),
                protectedTrack(),
                distances,
                List.of(
                        new DeviceHealth(
                                "RSP-00417",
                                Party.RESPONDENT,
                                List.of(
                                        new DeviceHealth.BatteryReading(T0, 64),
                                        new DeviceHealth.BatteryReading(T0.plusSeconds(1200), 61)),
                                List.of(),
                                Duration.ofSeconds(120),
                                List.of(new TimeSpan(T0.plusSeconds(600), T0.plusSeconds(750)))),
                        new DeviceHealth(
                                "PRT-00981",
                                Party.PROTECTED,
                                List.of(new DeviceHealth.BatteryReading(T0, 88)),
                                List.of(),
                                Duration.ofSeconds(120),
                                List.of())),
                List.of(
                        new LifecycleEntry(
                                start.plusSeconds(20), null, AlertState.OPEN, "system", "raised by evaluator", null),
                        new LifecycleEntry(
                                start.plusSeconds(24), AlertState.OPEN, AlertState.NOTIFIED, "system", null, null),
                        new LifecycleEntry(
                                start.plusSeconds(95),
                                AlertState.NOTIFIED,
                                AlertState.ACKNOWLEDGED,
                                "desk.wang",
                                "看到，联系派出所",
                                null),
                        new LifecycleEntry(
                                start.plusSeconds(160),
                                AlertState.ACKNOWLEDGED,
                                AlertState.DISPATCHED,
                                "desk.wang",
                                "Unit 3 dispatched",
                                null),
                        new LifecycleEntry(
                                end.plusSeconds(900),
                                AlertState.DISPATCHED,
                                AlertState.RESOLVED,
                                "officer.li",
                                "Respondent found at the scene",
                                Outcome.CONFIRMED_BREACH)),
                List.of(
                        new NotificationEntry(
                                start.plusSeconds(22),
                                OutgoingMessage.Kind.SMS,
                                RecipientRole.DESK,
                                "SM0a1b2c3d4e5f",
                                "delivered"),
                        new NotificationEntry(
                                start.plusSeconds(22),
                                OutgoingMessage.Kind.SMS,
                                RecipientRole.PROTECTED,
                                "SM9f8e7d6c5b4a",
                                "delivered"),
                        new NotificationEntry(
                                start.plusSeconds(23),
                                OutgoingMessage.Kind.VOICE,
                                RecipientRole.RESPONDENT,
                                null,
                                "failed"),
                        new NotificationEntry(
                                start.plusSeconds(24),
                                OutgoingMessage.Kind.SMS,
                                RecipientRole.PROTECTED,
                                null,
                                "SUPPRESSED",
                                "repeat")),
                List.of(
                        new CustodyEntry(
                                Instant.parse("2026-04-02T01:15:00Z"),
                                "clerk.zhao",
                                "court clerk",
                                "exported bundle",
                                "hearing 2026-04-10"),
                        new CustodyEntry(
                                Instant.parse("2026-04-02T01:20:00Z"), "judge.sun", "judge", "viewed", "case review")),
                new EvidenceHashes(
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "stayaway-evidence-2026-01",
                        "ckpt-000123",
                        Instant.parse("2026-03-14T14:00:00Z"),
                        List.of(
                                new EvidenceHashes.ChainHead(
                                        "RSP-00417",
                                        "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
                                new EvidenceHashes.ChainHead(
                                        "PRT-00981",
                                        "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"))));
    }

    static EvidenceReportModel with(
            EvidenceReportModel m,
            List<TrackPoint> respondent,
            List<TrackPoint> protectedTrack,
            List<DistanceSample> distances,
            Instant end) {
        return new EvidenceReportModel(
                m.alertId(),
                m.orderId(),
                m.type(),
                m.severity(),
                m.certainty(),
                m.episodeStart(),
                end,
                m.displayZone(),
                m.minDistanceToProtectedM(),
                m.maxPenetrationM(),
                m.orderDistanceM(),
                m.warningDistanceM(),
                m.accuracy(),
                m.zones(),
                respondent,
                protectedTrack,
                distances,
                m.devices(),
                m.lifecycle(),
                m.notifications(),
                m.custody(),
                m.hashes());
    }

    static ComplianceModel compliance() {
        Instant start = Instant.parse("2026-03-01T16:00:00Z");
        Instant end = Instant.parse("2026-03-31T16:00:00Z");
        return new ComplianceModel(
                "（2026）京0105民保令12号",
                start,
                end,
                BEIJING,
                List.of(
                        new DeviceCoverage(
                                "RSP-00417",
                                Party.RESPONDENT,
                                Duration.ofDays(30).minusHours(7).minusMinutes(12),
                                Duration.ofMinutes(3),
                                List.of(
                                        new TimeSpan(
                                                Instant.parse("2026-03-05T02:10:00Z"),
                                                Instant.parse("2026-03-05T06:40:00Z")),
                                        new TimeSpan(
                                                Instant.parse("2026-03-20T11:00:00Z"),
                                                Instant.parse("2026-03-20T13:42:00Z")))),
                        new DeviceCoverage(
                                "PRT-00981",
                                Party.PROTECTED,
                                Duration.ofDays(29).plusHours(20),
                                Duration.ofMinutes(3),
                                List.of(new TimeSpan(
                                        Instant.parse("2026-03-11T15:00:00Z"),
                                        Instant.parse("2026-03-12T03:00:00Z"))))),
                List.of(
                        new AlertTally(AlertType.APPROACH, 9, 0, 6, 0, 2, 1),
                        new AlertTally(AlertType.BREACH, 2, 1, 1, 0, 0, 0),
                        new AlertTally(AlertType.TAMPER, 1, 0, 0, 1, 0, 0),
                        new AlertTally(AlertType.LOW_BATTERY, 4, 0, 0, 4, 0, 0)),
                List.of(
                        new DeviceIncident(
                                Instant.parse("2026-03-05T02:05:00Z"), "RSP-00417", IncidentKind.LOW_BATTERY, "12 %"),
                        new DeviceIncident(
                                Instant.parse("2026-03-20T10:58:00Z"),
                                "RSP-00417",
                                IncidentKind.TAMPER,
                                "strap opened")),
                List.of(
                        new NotificationTally(OutgoingMessage.Kind.SMS, RecipientRole.DESK, 16, 16, 0),
                        new NotificationTally(OutgoingMessage.Kind.SMS, RecipientRole.PROTECTED, 11, 10, 1, 2),
                        new NotificationTally(OutgoingMessage.Kind.VOICE, RecipientRole.SUPERVISOR, 2, 1, 1)));
    }
}
