package io.stayaway.alerts.evidence.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.AlertState;
import io.stayaway.alerts.evidence.ReportLanguage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class EvidenceReportTest {
    private static final EvidenceReportModel CONFIRMED = ReportFixtures.breach(Certainty.CONFIRMED);

    @Test
    void renderingTwiceGivesIdenticalBytes() {
        for (ReportLanguage lang : ReportLanguage.values()) {
            byte[] first = EvidenceReport.render(ReportFixtures.breach(Certainty.CONFIRMED), lang)
                    .getBytes(StandardCharsets.UTF_8);
            byte[] second = EvidenceReport.render(ReportFixtures.breach(Certainty.CONFIRMED), lang)
                    .getBytes(StandardCharsets.UTF_8);
            assertTrue(Arrays.equals(first, second), "evidence report differs between renderings in " + lang);
        }
    }

    @Test
    void outputDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        String root;
        String german;
        String arabic;
        try {
            Locale.setDefault(Locale.ROOT);
            root = EvidenceReport.render(CONFIRMED, ReportLanguage.EN);
            Locale.setDefault(Locale.GERMANY);
            german = EvidenceReport.render(CONFIRMED, ReportLanguage.EN);
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            arabic = EvidenceReport.render(CONFIRMED, ReportLanguage.EN);
        } finally {
            Locale.setDefault(saved);
        }
        assertEquals(root, german);
        assertEquals(root, arabic);
    }

    @Test
    void englishReportHasEnglishHeadings() {
        String html = EvidenceReport.render(CONFIRMED, ReportLanguage.EN);
        assertAll(
                () -> assertTrue(html.contains("lang=\"en\"")),
                () -> assertTrue(html.contains("Protection order breach: evidence report")),
                () -> assertTrue(html.contains(">Summary<")),
                () -> assertTrue(html.contains(">Map of positions<")),
                () -> assertTrue(html.contains(">Distance over time<")),
                () -> assertTrue(html.contains(">Alert handling record<")),
                () -> assertTrue(html.contains(">Notifications<")),
                () -> assertTrue(html.contains(">Device status<")),
                () -> assertTrue(html.contains(">Chain of custody<")),
                () -> assertTrue(html.contains(">Verification values<")),
                () -> assertTrue(html.contains(">Warning band<")),
                () -> assertFalse(html.contains("被申请人")));
    }

    @Test
    void chineseReportUsesLegalTerms() {
        String html = EvidenceReport.render(CONFIRMED, ReportLanguage.ZH);
        assertAll(
                () -> assertTrue(html.contains("lang=\"zh-Hans\"")),
                () -> assertTrue(html.contains("违反人身安全保护令证据报告")),
                () -> assertTrue(html.contains(">概述<")),
                () -> assertTrue(html.contains(">位置地图<")),
                () -> assertTrue(html.contains(">距离随时间变化<")),
                () -> assertTrue(html.contains(">警报处置记录<")),
                () -> assertTrue(html.contains(">证据保管链<")),
                () -> assertTrue(html.contains(">校验值<")),
                () -> assertTrue(html.contains("保护令编号")),
                () -> assertTrue(html.contains("被申请人轨迹")),
                () -> assertTrue(html.contains("受保护人轨迹")),
                () -> assertTrue(html.contains(">禁止接近区域<")),
                () -> assertTrue(html.contains(">警戒带<")),
                () -> assertTrue(html.contains(">已送达（delivered）<"), "the provider's word glossed, kept"),
                () -> assertTrue(html.contains(">失败（failed）<")),
                () -> assertFalse(html.contains("Chain of custody")));
    }

    @Test
    void aTextTheWarningBudgetWithheldIsSaidInTheReportsLanguage() {
        String zh = EvidenceReport.render(CONFIRMED, ReportLanguage.ZH);
        assertTrue(zh.contains("未发送（预警短信限额）：重复提醒"), zh);
        assertFalse(zh.contains("SUPPRESSED"), "no English outbox state in the Chinese report");
        assertTrue(EvidenceReport.render(CONFIRMED, ReportLanguage.EN).contains("Not sent (warning limit): a repeat"));
    }

    @Test
    void maliciousTextFromTheModelIsEscapedEverywhere() throws Exception {
        String evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>&amp;\u0007";
        EvidenceReportModel m = CONFIRMED;
        EvidenceReportModel bad = new EvidenceReportModel(
                evil,
                evil,
                m.type(),
                m.severity(),
                m.certainty(),
                m.episodeStart(),
                m.episodeEnd(),
                m.displayZone(),
                m.minDistanceToProtectedM(),
                m.maxPenetrationM(),
                m.orderDistanceM(),
                m.warningDistanceM(),
                m.accuracy(),
                List.of(new ReportZone(evil, m.zones().get(0).geometry(), 500.0)),
                m.respondentTrack(),
                m.protectedTrack(),
                m.distances(),
                List.of(new DeviceHealth(
                        evil,
                        Party.RESPONDENT,
                        List.of(),
                        List.of(new DeviceHealth.TamperEvent(m.episodeStart(), evil)),
                        Duration.ofSeconds(60),
                        List.of())),
                List.of(new LifecycleEntry(m.episodeStart(), null, AlertState.OPEN, evil, evil, null)),
                List.of(new NotificationEntry(
                        m.episodeStart(),
                        io.stayaway.alerts.notify.OutgoingMessage.Kind.SMS,
                        io.stayaway.alerts.Recipient.RecipientRole.DESK,
                        evil,
                        evil)),
                List.of(new CustodyEntry(m.episodeStart(), evil, evil, evil, evil)),
                new EvidenceHashes(
                        evil, evil, evil, m.episodeStart(), List.of(new EvidenceHashes.ChainHead(evil, evil))));
        for (ReportLanguage lang : ReportLanguage.values()) {
            String html = EvidenceReport.render(bad, lang);
            assertFalse(html.contains("<script"), "raw script tag in " + lang);
            assertFalse(html.contains("<img"), "raw img tag in " + lang);
            assertFalse(html.contains("\u0007"), "control character passed through in " + lang);
            assertTrue(html.contains(
                    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;"));
            Document d = Xhtml.parse(html);
            assertTrue(Xhtml.elements(d.getDocumentElement(), "*", "script").isEmpty());
            assertTrue(Xhtml.elements(d.getDocumentElement(), "*", "img").isEmpty());
            assertTrue(
                    d.getDocumentElement().getTextContent().contains("<script>alert(1)</script>"),
                    "the hostile text is shown as text");
        }
    }

    @Test
    void documentAndItsSvgFiguresAreWellFormedXml() throws Exception {
        for (ReportLanguage lang : ReportLanguage.values()) {
            Document d = Xhtml.parse(EvidenceReport.render(CONFIRMED, lang));
            assertEquals(Xhtml.XHTML, d.getDocumentElement().getNamespaceURI());
            List<Element> svgs = Xhtml.elements(d.getDocumentElement(), Xhtml.SVG, "svg");
            assertEquals(
                    List.of("map", "timeline"),
                    svgs.stream().map(e -> e.getAttribute("id")).toList());
        }
    }

    @Test
    void documentIsStandaloneWithoutScriptsOrExternalResources() {
        String html = EvidenceReport.render(CONFIRMED, ReportLanguage.EN);
        assertAll(
                () -> assertTrue(html.startsWith("<!DOCTYPE html>\n")),
                () -> assertTrue(html.contains("<meta charset=\"UTF-8\"/>")),
                () -> assertTrue(html.contains("@page { size: A4;")),
                () -> assertFalse(html.contains("<script")),
                () -> assertFalse(html.contains("href=")),
                () -> assertFalse(html.contains("src=")),
                () -> assertFalse(
                        Pattern.compile("url\\((?!#)").matcher(html).find(),
                        "only same-document url(#...) references"));
    }

    @Test
    void everyDrawnMapCoordinateLiesInsideTheViewBox() throws Exception {
        Document d = Xhtml.parse(EvidenceReport.render(CONFIRMED, ReportLanguage.EN));
        Element map = Xhtml.byId(d, Xhtml.SVG, "svg", "map");
        double[] vb = Arrays.stream(map.getAttribute("viewBox").split(" "))
                .mapToDouble(Double::parseDouble)
                .toArray();
        List<double[]> points = new ArrayList<>();
        for (Element e : Xhtml.elements(map, Xhtml.SVG, "polyline")) {
            if (inInset(e)) {
                continue;
            }
            for (String xy : e.getAttribute("points").split(" ")) {
                String[] p = xy.split(",");
                points.add(new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])});
            }
        }
        int trackPoints = points.size();
        for (Element e : Xhtml.elements(map, Xhtml.SVG, "circle")) {
            if (inInset(e)) {
                continue;
            }
            double cx = Double.parseDouble(e.getAttribute("cx"));
            double cy = Double.parseDouble(e.getAttribute("cy"));
            double r = Double.parseDouble(e.getAttribute("r"));
            points.add(new double[] {cx - r, cy - r});
            points.add(new double[] {cx + r, cy + r});
        }
        Pattern pair = Pattern.compile("[ML](-?[0-9.]+) (-?[0-9.]+)");
        for (Element e : Xhtml.elements(map, Xhtml.SVG, "path")) {
            if (inInset(e)) {
                continue;
            }
            Matcher mt = pair.matcher(e.getAttribute("d"));
            while (mt.find()) {
                points.add(new double[] {Double.parseDouble(mt.group(1)), Double.parseDouble(mt.group(2))});
            }
        }
        assertEquals(
                ReportFixtures.respondentTrack().size()
                        + ReportFixtures.protectedTrack().size(),
                trackPoints);
        for (double[] p : points) {
            assertTrue(
                    p[0] >= vb[0] && p[0] <= vb[0] + vb[2] && p[1] >= vb[1] && p[1] <= vb[1] + vb[3],
                    "point outside the viewBox: " + p[0] + "," + p[1]);
        }
    }

    /** The enlarged panel draws at another scale and is clipped to its frame. */
    private static boolean inInset(Element e) {
        for (org.w3c.dom.Node n = e.getParentNode(); n instanceof Element parent; n = parent.getParentNode()) {
            if ("inset-content".equals(parent.getAttribute("class"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void closestApproachIsEnlargedInAClippedInset() throws Exception {
        Document d = Xhtml.parse(EvidenceReport.render(CONFIRMED, ReportLanguage.EN));
        Element map = Xhtml.byId(d, Xhtml.SVG, "svg", "map");
        List<Element> insetCircles = Xhtml.elements(map, Xhtml.SVG, "circle").stream()
                .filter(c -> inInset(c) && c.getAttribute("class").equals("accuracy"))
                .toList();
        assertEquals(2, insetCircles.size(), "respondent and protected fix at the closest approach");
        for (Element c : insetCircles) {
            assertTrue(Double.parseDouble(c.getAttribute("r")) >= 3, "visible when enlarged");
        }
        assertEquals(1, Xhtml.elements(map, Xhtml.SVG, "clipPath").size());
    }

    @Test
    void polygonWarningBandIsOffsetOutwardByTheBandWidth() throws Exception {
        List<GeoPoint> square = List.of(
                new GeoPoint(ReportFixtures.lonAt(-100), ReportFixtures.latAt(-100)),
                new GeoPoint(ReportFixtures.lonAt(-100), ReportFixtures.latAt(100)),
                new GeoPoint(ReportFixtures.lonAt(100), ReportFixtures.latAt(100)),
                new GeoPoint(ReportFixtures.lonAt(100), ReportFixtures.latAt(-100)));
        EvidenceReportModel m = new EvidenceReportModel(
                "a",
                "o",
                CONFIRMED.type(),
                CONFIRMED.severity(),
                Certainty.CONFIRMED,
                CONFIRMED.episodeStart(),
                CONFIRMED.episodeEnd(),
                CONFIRMED.displayZone(),
                null,
                5.0,
                null,
                null,
                CONFIRMED.accuracy(),
                List.of(new ReportZone("square", new ZoneGeometry.Polygon(List.of(square)), 50.0)),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                CONFIRMED.hashes());
        Element map = Xhtml.byId(Xhtml.parse(EvidenceReport.render(m, ReportLanguage.EN)), Xhtml.SVG, "svg", "map");
        double[] zone = null;
        double[] band = null;
        for (Element path : Xhtml.elements(map, Xhtml.SVG, "path")) {
            if (path.getAttribute("class").equals("zone-area")) {
                zone = extent(path.getAttribute("d"));
            } else if (path.getAttribute("class").equals("band")) {
                band = extent(path.getAttribute("d"));
            }
        }
        assertEquals(300.0 / 200.0, band[0] / zone[0], 0.01, "band width: 200 m square + 2 × 50 m");
        assertEquals(300.0 / 200.0, band[1] / zone[1], 0.01, "band height");
    }

    @Test
    void everyPointOfAPolygonsBandOutlineIsTheBandWidthFromTheZoneCornersIncluded() throws Exception {
        // The rule is "within 50 m of the zone": at a corner that is a quarter circle, not a mitre 71 m out.
        Element map = mapOf(
                new ReportZone("square", new ZoneGeometry.Polygon(List.of(rectangle(-100, -100, 100, 100))), 50.0));
        org.locationtech.jts.geom.Geometry zone = pathGeometry(map, "zone-area");
        double pixelsPerMetre = zone.getEnvelopeInternal().getWidth() / 200.0;
        org.locationtech.jts.geom.Geometry band = pathGeometry(map, "band");
        for (org.locationtech.jts.geom.Coordinate c : band.getCoordinates()) {
            double metres = zone.distance(band.getFactory().createPoint(c)) / pixelsPerMetre;
            assertEquals(50.0, metres, 0.5, "band outline point " + c + " lies " + metres + " m from the zone");
        }
    }

    /** The first ring of the map's path of class {@code cls}, as a JTS polygon in drawing coordinates. */
    private static org.locationtech.jts.geom.Geometry pathGeometry(Element map, String cls) throws Exception {
        String d = Xhtml.elements(map, Xhtml.SVG, "path").stream()
                .filter(e -> e.getAttribute("class").equals(cls))
                .findFirst()
                .orElseThrow()
                .getAttribute("d");
        String ring = d.substring(0, d.indexOf('Z'))
                .replace("M", "")
                .replaceAll(" L", ",")
                .trim();
        return new org.locationtech.jts.io.WKTReader()
                .read("POLYGON ((" + ring + ", " + ring.substring(0, ring.indexOf(',')) + "))");
    }

    @Test
    void aHoleNarrowerThanTwiceTheBandLiesWhollyInTheBandAndLeavesNoRingInIt() throws Exception {
        // 80 m × 60 m courtyard, 50 m band: every point of the courtyard is within 50 m of the zone.
        Element map = mapOf(new ReportZone(
                "courtyard",
                new ZoneGeometry.Polygon(List.of(rectangle(-300, -300, 300, 300), rectangle(-40, -30, 40, 30))),
                50.0));
        assertEquals(1, ringsOf(map, "band").size(), "the band's outline is the outer edge only");
        assertEquals(2, ringsOf(map, "zone-area").size(), "the zone itself keeps its courtyard");
    }

    @Test
    void aHoleWiderThanTwiceTheBandStaysInTheBandShrunkByTheBandOnEverySide() throws Exception {
        Element map = mapOf(new ReportZone(
                "courtyard",
                new ZoneGeometry.Polygon(List.of(rectangle(-300, -300, 300, 300), rectangle(-150, -100, 150, 100))),
                50.0));
        List<double[]> band = ringsOf(map, "band");
        List<double[]> zone = ringsOf(map, "zone-area");
        assertEquals(2, band.size());
        assertEquals(700.0 / 600.0, band.get(0)[0] / zone.get(0)[0], 0.01, "outer edge: 600 m + 2 × 50 m");
        assertEquals(200.0 / 300.0, band.get(1)[0] / zone.get(1)[0], 0.01, "hole width: 300 m − 2 × 50 m");
        assertEquals(100.0 / 200.0, band.get(1)[1] / zone.get(1)[1], 0.01, "hole height: 200 m − 2 × 50 m");
    }

    @Test
    void aBandWiderThanANarrowInletDoesNotCrossItself() throws Exception {
        // A U: two 100 m arms 40 m apart; the 50 m band fills the inlet between them.
        List<GeoPoint> u = List.of(
                geo(-120, -100),
                geo(120, -100),
                geo(120, 200),
                geo(20, 200),
                geo(20, 0),
                geo(-20, 0),
                geo(-20, 200),
                geo(-120, 200));
        Element map = mapOf(new ReportZone("U", new ZoneGeometry.Polygon(List.of(u)), 50.0));
        String d = Xhtml.elements(map, Xhtml.SVG, "path").stream()
                .filter(e -> e.getAttribute("class").equals("band"))
                .findFirst()
                .orElseThrow()
                .getAttribute("d");
        org.locationtech.jts.geom.Geometry outline = new org.locationtech.jts.io.WKTReader()
                .read("LINESTRING ("
                        + d.replaceAll("[MZ]", "").replaceAll(" L", ",").trim() + ", " + d.substring(1, d.indexOf(" L"))
                        + ")");
        assertTrue(outline.isSimple(), "the band's outline never crosses itself: " + d);
        assertEquals(1, ringsOf(map, "band").size());
    }

    private static Element mapOf(ReportZone zone) throws Exception {
        EvidenceReportModel m = new EvidenceReportModel(
                "a",
                "o",
                CONFIRMED.type(),
                CONFIRMED.severity(),
                Certainty.CONFIRMED,
                CONFIRMED.episodeStart(),
                CONFIRMED.episodeEnd(),
                CONFIRMED.displayZone(),
                null,
                5.0,
                null,
                null,
                CONFIRMED.accuracy(),
                List.of(zone),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                CONFIRMED.hashes());
        return Xhtml.byId(Xhtml.parse(EvidenceReport.render(m, ReportLanguage.EN)), Xhtml.SVG, "svg", "map");
    }

    /** Width and height of each ring (M … Z) of the map's path of class {@code cls}, in drawing order. */
    private static List<double[]> ringsOf(Element map, String cls) {
        String d = Xhtml.elements(map, Xhtml.SVG, "path").stream()
                .filter(e -> e.getAttribute("class").equals(cls))
                .findFirst()
                .orElseThrow()
                .getAttribute("d");
        List<double[]> rings = new ArrayList<>();
        for (String ring : d.split("Z")) {
            if (!ring.isBlank()) {
                rings.add(extent(ring));
            }
        }
        return rings;
    }

    private static List<GeoPoint> rectangle(double west, double south, double east, double north) {
        return List.of(geo(west, south), geo(east, south), geo(east, north), geo(west, north));
    }

    private static GeoPoint geo(double eastM, double northM) {
        return new GeoPoint(ReportFixtures.lonAt(eastM), ReportFixtures.latAt(northM));
    }

    /** Width and height of the M/L points of an SVG path. */
    private static double[] extent(String d) {
        Matcher mt = Pattern.compile("[ML](-?[0-9.]+) (-?[0-9.]+)").matcher(d);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        while (mt.find()) {
            double x = Double.parseDouble(mt.group(1));
            double y = Double.parseDouble(mt.group(2));
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        return new double[] {maxX - minX, maxY - minY};
    }

    @Test
    void projectionKeepsDistancesInMetresAlongBothAxes() {
        LocalProjection p = LocalProjection.around(ReportFixtures.HOME_LON, ReportFixtures.HOME_LAT);
        assertEquals(1000, p.metresX(ReportFixtures.lonAt(1000)), 1e-6);
        assertEquals(-750, p.metresY(ReportFixtures.latAt(-750)), 1e-6);
        LocalProjection fitted = p.fit(-500, 500, -250, 250, 0, 0, 800, 400);
        assertEquals(0.8, fitted.scale(), 1e-12);
        assertEquals(400, fitted.px(0), 1e-9);
        assertEquals(0, fitted.py(250), 1e-9, "north is up");
    }

    @Test
    void confirmedSummarySaysConfirmedAndNotPossible() throws Exception {
        String summary = summaryText(ReportFixtures.breach(Certainty.CONFIRMED), ReportLanguage.EN);
        assertTrue(summary.contains("This is a confirmed breach"), summary);
        assertFalse(summary.toLowerCase(Locale.ROOT).contains("possible"), summary);
        String zh = summaryText(ReportFixtures.breach(Certainty.CONFIRMED), ReportLanguage.ZH);
        assertTrue(zh.contains("此为确认违令"), zh);
        assertFalse(zh.contains("可能"), zh);
    }

    @Test
    void possibleSummarySaysPossibleAndNotConfirmed() throws Exception {
        String summary = summaryText(ReportFixtures.breach(Certainty.POSSIBLE), ReportLanguage.EN);
        assertTrue(summary.contains("possible breach only"), summary);
        assertFalse(summary.toLowerCase(Locale.ROOT).contains("confirmed"), summary);
        String zh = summaryText(ReportFixtures.breach(Certainty.POSSIBLE), ReportLanguage.ZH);
        assertTrue(zh.contains("可能违令"), zh);
        assertFalse(zh.contains("确认"), zh);
    }

    @Test
    void summaryStatesWhenHowCloseHowLongAndHowAccurate() throws Exception {
        String summary = summaryText(CONFIRMED, ReportLanguage.EN);
        assertAll(
                () -> assertTrue(
                        summary.contains("On " + Fmt.local(CONFIRMED.episodeStart(), CONFIRMED.displayZone())),
                        summary),
                () -> assertTrue(summary.contains("+08:00"), summary),
                () -> assertTrue(summary.contains(Fmt.metres(CONFIRMED.minDistanceToProtectedM()) + " m"), summary),
                () -> assertTrue(summary.contains("It lasted 8 min 00 s"), summary),
                () -> assertTrue(summary.contains("median accuracy of 8.0 m and a worst accuracy of 14.5 m"), summary));
    }

    @Test
    void emptyTracksAndNoDistancesRenderWithPlaceholders() throws Exception {
        EvidenceReportModel m = ReportFixtures.with(CONFIRMED, List.of(), List.of(), List.of(), CONFIRMED.episodeEnd());
        String html = EvidenceReport.render(m, ReportLanguage.EN);
        Document d = Xhtml.parse(html);
        assertEquals(1, Xhtml.elements(d.getDocumentElement(), Xhtml.SVG, "svg").size(), "zones still drawn");
        assertTrue(html.contains("No distance measurements were recorded"));
        EvidenceReportModel nothing = new EvidenceReportModel(
                m.alertId(),
                m.orderId(),
                m.type(),
                m.severity(),
                m.certainty(),
                m.episodeStart(),
                null,
                m.displayZone(),
                null,
                null,
                null,
                null,
                m.accuracy(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                m.hashes());
        String empty = EvidenceReport.render(nothing, ReportLanguage.ZH);
        Xhtml.parse(empty);
        assertTrue(empty.contains("此时段内无位置或区域数据"));
        // A device that went silent (communication loss) leaves no fix at all, so no accuracy to state.
        EvidenceReportModel silent = new EvidenceReportModel(
                m.alertId(),
                m.orderId(),
                m.type(),
                m.severity(),
                m.certainty(),
                m.episodeStart(),
                null,
                m.displayZone(),
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                m.hashes());
        String en = EvidenceReport.render(silent, ReportLanguage.EN);
        Xhtml.parse(en);
        assertTrue(en.contains("reported no position in the window"), en);
        assertTrue(EvidenceReport.render(silent, ReportLanguage.ZH).contains("未报告任何定位"));
    }

    @Test
    void missingProtectedTrackRendersRespondentOnly() throws Exception {
        List<DistanceSample> boundaryOnly = ReportFixtures.distances().stream()
                .map(s -> new DistanceSample(s.time(), null, s.toBoundaryM()))
                .toList();
        EvidenceReportModel m = ReportFixtures.with(
                CONFIRMED, CONFIRMED.respondentTrack(), List.of(), boundaryOnly, CONFIRMED.episodeEnd());
        Document d = Xhtml.parse(EvidenceReport.render(m, ReportLanguage.EN));
        Element map = Xhtml.byId(d, Xhtml.SVG, "svg", "map");
        long protectedGroups = Xhtml.elements(map, Xhtml.SVG, "g").stream()
                .filter(g -> g.getAttribute("class").equals("track-protected"))
                .count();
        assertEquals(0, protectedGroups);
        Element timeline = Xhtml.byId(d, Xhtml.SVG, "svg", "timeline");
        assertEquals(
                0,
                Xhtml.elements(timeline, Xhtml.SVG, "polyline").stream()
                        .filter(p -> p.getAttribute("class").equals("series-protected"))
                        .count());
    }

    @Test
    void ongoingEpisodeIsReportedAsOngoingUpToTheLatestData() throws Exception {
        EvidenceReportModel m = ReportFixtures.with(
                CONFIRMED, CONFIRMED.respondentTrack(), CONFIRMED.protectedTrack(), CONFIRMED.distances(), null);
        String html = EvidenceReport.render(m, ReportLanguage.EN);
        Xhtml.parse(html);
        Instant last = ReportFixtures.T0.plusSeconds(30L * 49);
        String summary = summaryText(m, ReportLanguage.EN);
        assertTrue(summary.contains("had not ended"), summary);
        assertTrue(summary.contains(Fmt.local(last, m.displayZone())), summary);
        assertTrue(html.contains("ongoing"));
        Xhtml.parse(EvidenceReport.render(m, ReportLanguage.ZH));
    }

    @Test
    void singleFixTrackAndInstantEpisodeRender() throws Exception {
        TrackPoint only = CONFIRMED.respondentTrack().get(20);
        EvidenceReportModel m = ReportFixtures.with(
                CONFIRMED,
                List.of(only),
                List.of(),
                List.of(new DistanceSample(only.time(), null, -12.0)),
                CONFIRMED.episodeStart());
        Xhtml.parse(EvidenceReport.render(m, ReportLanguage.EN));
    }

    @Test
    void numbersUseFixedDecimalsWithADot() {
        assertEquals("1234.5", Fmt.metres(1234.46));
        assertEquals("0.0", Fmt.metres(-0.01));
        assertEquals("1 h 05 min 07 s", Fmt.duration(Duration.ofSeconds(3907), ReportLanguage.EN));
        assertEquals("1小时05分07秒", Fmt.duration(Duration.ofSeconds(3907), ReportLanguage.ZH));
        assertEquals("0 s", Fmt.duration(Duration.ZERO, ReportLanguage.EN));
        assertEquals("8 min 00 s", Fmt.duration(Duration.ofMinutes(8), ReportLanguage.EN));
        assertEquals("2 d 00 h 00 min 05 s", Fmt.duration(Duration.ofDays(2).plusSeconds(5), ReportLanguage.EN));
        assertEquals(
                "29天16小时48分00秒", Fmt.duration(Duration.ofDays(30).minusHours(7).minusMinutes(12), ReportLanguage.ZH));
    }

    private static String summaryText(EvidenceReportModel m, ReportLanguage lang) throws Exception {
        Document d = Xhtml.parse(EvidenceReport.render(m, lang));
        return Xhtml.byId(d, Xhtml.XHTML, "p", "summary").getTextContent();
    }
}
