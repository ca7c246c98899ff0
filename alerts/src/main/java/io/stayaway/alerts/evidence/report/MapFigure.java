package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.evidence.ReportLanguage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the evidence map as an SVG fragment: exclusion zones filled, warning bands as dashed outlines,
 * both tracks with start/end labels, accuracy circles of the fixes at closest approach, a scale bar,
 * a north arrow and a legend. Stateless.
 *
 * <p>Warning band: for a circle it is the exact circle of radius + band. For a polygon it is each ring
 * offset outward (away from the zone, so into holes) by moving every vertex along the bisector of its
 * two edge normals by band / cos(half the turn), capped at three band widths at sharp corners. That is
 * a mitred offset, not a true buffer: corners are sharp instead of rounded and a band wider than a
 * narrow inlet can cross itself. It is drawn as an outline, never filled, and the figure says so.
 */
final class MapFigure {
    static final double WIDTH = 800;
    static final double MAP_HEIGHT = 600;
    static final double HEIGHT = 680;
    private static final double MARGIN = 24;
    private static final double MIN_EXTENT_M = 200;
    private static final String RESPONDENT_COLOUR = "#c0392b";
    private static final String PROTECTED_COLOUR = "#1f5fa8";
    private static final String ZONE_COLOUR = "#d35400";
    private static final String BAND_COLOUR = "#e08e0b";

    private MapFigure() {
    }

    /** True when there is anything to draw. */
    static boolean hasContent(EvidenceReportModel m) {
        return !m.zones().isEmpty() || !m.respondentTrack().isEmpty() || !m.protectedTrack().isEmpty();
    }

    /** A ring in local metres. */
    private record Ring(double[] x, double[] y) {
    }

    static String svg(EvidenceReportModel m, ReportLanguage lang) {
        List<TrackPoint> closest = closestApproachFixes(m);
        LocalProjection p = project(m, closest);
        Markup out = new Markup();
        out.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"map\" class=\"figure map\" viewBox=\"0 0 "
                + Fmt.coord(WIDTH) + ' ' + Fmt.coord(HEIGHT) + "\" role=\"img\">");
        out.element("title", "", Term.MAP.in(lang));
        out.raw("<rect x=\"0\" y=\"0\" width=\"" + Fmt.coord(WIDTH) + "\" height=\"" + Fmt.coord(MAP_HEIGHT)
                + "\" fill=\"#f7f7f4\" stroke=\"#999999\" stroke-width=\"1\"/>");
        for (ReportZone zone : m.zones()) {
            drawZone(out, p, zone);
        }
        accuracyCircles(out, p, closest);
        drawTrack(out, p, m.protectedTrack(), Party.PROTECTED, lang, true);
        drawTrack(out, p, m.respondentTrack(), Party.RESPONDENT, lang, true);
        for (ReportZone zone : m.zones()) {
            labelZone(out, p, zone);
        }
        if (!closest.isEmpty()) {
            drawInset(out, m, p, closest, lang);
        }
        drawScaleBar(out, p);
        drawNorthArrow(out, lang);
        drawLegend(out, lang, m.zones().stream().anyMatch(z -> z.warningBandM() != null), !closest.isEmpty());
        out.raw("</svg>");
        return out.toString();
    }

    private static void accuracyCircles(Markup out, LocalProjection p, List<TrackPoint> fixes) {
        for (TrackPoint fix : fixes) {
            out.raw("<circle class=\"accuracy\" cx=\"" + Fmt.coord(p.pxLon(fix.lon())) + "\" cy=\"" + Fmt.coord(p.pyLat(fix.lat()))
                    + "\" r=\"" + Fmt.coord(Math.max(1.5, fix.accuracyM() * p.scale()))
                    + "\" fill=\"#555555\" fill-opacity=\"0.12\" stroke=\"#333333\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>");
        }
    }

    /**
     * An enlarged panel around the closest-approach fixes, so their accuracy circles (a few metres, invisible
     * at the map's scale) can be seen against the zone boundary. Its content is clipped to the panel; the
     * panel's area is outlined on the main map.
     */
    private static void drawInset(Markup out, EvidenceReportModel m, LocalProjection main, List<TrackPoint> closest,
                                  ReportLanguage lang) {
        double size = 200;
        double[] corner = insetCorner(m, main, closest.get(0), size);
        double left = corner[0];
        double top = corner[1];
        TrackPoint a = closest.get(0);
        double ax = main.metresX(a.lon());
        double ay = main.metresY(a.lat());
        double cx = ax;
        double cy = ay;
        double half = Math.max(30, 3 * a.accuracyM());
        if (closest.size() > 1) {
            TrackPoint b = closest.get(1);
            double bx = main.metresX(b.lon());
            double by = main.metresY(b.lat());
            double apart = Math.hypot(bx - ax, by - ay);
            double acc = Math.max(a.accuracyM(), b.accuracyM());
            if (apart <= 6 * acc) {
                cx = (ax + bx) / 2;
                cy = (ay + by) / 2;
                half = Math.max(30, apart / 2 + 2 * acc);
            }
        }
        LocalProjection inset = main.fit(cx - half, cx + half, cy - half, cy + half, left, top, size, size);
        double zoom = inset.scale() / main.scale();
        if (zoom < 2) {
            return;
        }
        double boxLeft = main.px(cx - half);
        double boxTop = main.py(cy + half);
        double boxSize = Math.max(6, main.px(cx + half) - boxLeft);
        out.raw("<rect class=\"inset-area\" x=\"" + Fmt.coord(boxLeft + (main.px(cx + half) - boxLeft - boxSize) / 2) + "\" y=\""
                + Fmt.coord(boxTop + (main.px(cx + half) - boxLeft - boxSize) / 2) + "\" width=\"" + Fmt.coord(boxSize)
                + "\" height=\"" + Fmt.coord(boxSize) + "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1\"/>");
        out.raw("<g class=\"inset\">");
        out.raw("<clipPath id=\"inset-clip\"><rect x=\"" + Fmt.coord(left) + "\" y=\"" + Fmt.coord(top) + "\" width=\""
                + Fmt.coord(size) + "\" height=\"" + Fmt.coord(size) + "\"/></clipPath>");
        out.raw("<rect x=\"" + Fmt.coord(left) + "\" y=\"" + Fmt.coord(top - 20) + "\" width=\"" + Fmt.coord(size) + "\" height=\""
                + Fmt.coord(size + 20) + "\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"1\"/>");
        out.element("text", "x=\"" + Fmt.coord(left + 6) + "\" y=\"" + Fmt.coord(top - 6) + "\" font-size=\"12\" fill=\"#222222\"",
                Term.INSET.in(lang) + " ×" + Fmt.num(zoom, 0));
        out.raw("<g class=\"inset-content\" clip-path=\"url(#inset-clip)\">");
        for (ReportZone zone : m.zones()) {
            drawZone(out, inset, zone);
        }
        accuracyCircles(out, inset, closest);
        if (closest.size() > 1) {
            TrackPoint b = closest.get(1);
            out.raw("<path d=\"M" + Fmt.coord(inset.pxLon(a.lon())) + ' ' + Fmt.coord(inset.pyLat(a.lat())) + " L"
                    + Fmt.coord(inset.pxLon(b.lon())) + ' ' + Fmt.coord(inset.pyLat(b.lat()))
                    + "\" stroke=\"#222222\" stroke-width=\"1\" stroke-dasharray=\"1 3\"/>");
        }
        drawTrack(out, inset, m.protectedTrack(), Party.PROTECTED, lang, false);
        drawTrack(out, inset, m.respondentTrack(), Party.RESPONDENT, lang, false);
        out.raw("</g>");
        double barMetres = niceFloor(size / 3 / inset.scale());
        double barLen = barMetres * inset.scale();
        double by = top + size - 10;
        out.raw("<path d=\"M" + Fmt.coord(left + 8) + ' ' + Fmt.coord(by - 4) + " V" + Fmt.coord(by) + " H" + Fmt.coord(left + 8 + barLen)
                + " V" + Fmt.coord(by - 4) + "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.5\"/>");
        out.element("text", "x=\"" + Fmt.coord(left + 8 + barLen / 2) + "\" y=\"" + Fmt.coord(by - 6)
                + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222222\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"",
                Fmt.num(barMetres, barMetres < 1 ? 1 : 0) + " m");
        out.raw("</g>");
    }

    /**
     * The top-left corner of the inset panel: of the four map corners (clear of the scale bar and north arrow),
     * the first in order bottom-right, top-left, top-right, bottom-left that covers the fewest fixes,
     * track ends and zone labels; the closest fix itself counts heavily so the panel never hides what it enlarges.
     */
    private static double[] insetCorner(EvidenceReportModel m, LocalProjection p, TrackPoint closest, double size) {
        double[][] corners = {
                {WIDTH - MARGIN - size, MAP_HEIGHT - MARGIN - size - 20},
                {MARGIN, MARGIN + 20},
                {WIDTH - MARGIN - size - 40, MARGIN + 20},
                {MARGIN, MAP_HEIGHT - MARGIN - size - 50}};
        double[] best = corners[0];
        long bestCost = Long.MAX_VALUE;
        for (double[] c : corners) {
            long cost = 0;
            for (List<TrackPoint> track : List.of(m.respondentTrack(), m.protectedTrack())) {
                for (int i = 0; i < track.size(); i++) {
                    boolean end = i == 0 || i == track.size() - 1;
                    if (covers(c, size, p, track.get(i), end ? 60 : 10)) {
                        cost += end ? 20 : 1;
                    }
                }
            }
            for (ReportZone zone : m.zones()) {
                double[] label = labelPosition(p, zone);
                if (label[0] >= c[0] - 60 && label[0] <= c[0] + size + 60 && label[1] >= c[1] - 30 && label[1] <= c[1] + size + 10) {
                    cost += 20;
                }
            }
            if (covers(c, size, p, closest, 10)) {
                cost += 1000;
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    private static boolean covers(double[] corner, double size, LocalProjection p, TrackPoint t, double slack) {
        double x = p.pxLon(t.lon());
        double y = p.pyLat(t.lat());
        return x >= corner[0] - slack && x <= corner[0] + size + slack && y >= corner[1] - 20 - slack && y <= corner[1] + size + slack;
    }

    /**
     * The respondent's and the protected person's fixes nearest in time to the closest approach: the
     * distance sample with the smallest respondent↔protected distance, or failing that the smallest
     * (most negative) distance to a zone boundary.
     */
    static List<TrackPoint> closestApproachFixes(EvidenceReportModel m) {
        DistanceSample best = null;
        for (DistanceSample s : m.distances()) {
            if (s.toProtectedM() != null && (best == null || best.toProtectedM() == null || s.toProtectedM() < best.toProtectedM())) {
                best = s;
            }
        }
        if (best == null) {
            for (DistanceSample s : m.distances()) {
                if (s.toBoundaryM() != null && (best == null || s.toBoundaryM() < best.toBoundaryM())) {
                    best = s;
                }
            }
        }
        List<TrackPoint> fixes = new ArrayList<>(2);
        if (best == null) {
            return fixes;
        }
        nearestInTime(m.respondentTrack(), best.time(), fixes);
        if (best.toProtectedM() != null) {
            nearestInTime(m.protectedTrack(), best.time(), fixes);
        }
        return fixes;
    }

    private static void nearestInTime(List<TrackPoint> track, Instant t, List<TrackPoint> into) {
        TrackPoint nearest = null;
        long bestGap = Long.MAX_VALUE;
        for (TrackPoint fix : track) {
            long gap = Math.abs(Duration.between(fix.time(), t).toMillis());
            if (gap < bestGap) {
                bestGap = gap;
                nearest = fix;
            }
        }
        if (nearest != null) {
            into.add(nearest);
        }
    }

    /** Centres the projection on the data's lon/lat box and fits everything drawn, bands and accuracy circles included. */
    static LocalProjection project(EvidenceReportModel m, List<TrackPoint> closest) {
        double minLon = Double.POSITIVE_INFINITY, maxLon = Double.NEGATIVE_INFINITY;
        double minLat = Double.POSITIVE_INFINITY, maxLat = Double.NEGATIVE_INFINITY;
        List<double[]> anchors = new ArrayList<>();
        for (TrackPoint t : m.respondentTrack()) {
            anchors.add(new double[] {t.lon(), t.lat()});
        }
        for (TrackPoint t : m.protectedTrack()) {
            anchors.add(new double[] {t.lon(), t.lat()});
        }
        for (ReportZone z : m.zones()) {
            if (z.geometry() instanceof ZoneGeometry.Circle c) {
                anchors.add(new double[] {c.centre().lon(), c.centre().lat()});
            } else if (z.geometry() instanceof ZoneGeometry.Polygon poly) {
                for (GeoPoint g : poly.rings().get(0)) {
                    anchors.add(new double[] {g.lon(), g.lat()});
                }
            }
        }
        for (double[] a : anchors) {
            minLon = Math.min(minLon, a[0]);
            maxLon = Math.max(maxLon, a[0]);
            minLat = Math.min(minLat, a[1]);
            maxLat = Math.max(maxLat, a[1]);
        }
        if (anchors.isEmpty()) {
            minLon = maxLon = 0;
            minLat = maxLat = 0;
        }
        LocalProjection local = LocalProjection.around((minLon + maxLon) / 2, (minLat + maxLat) / 2);
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (TrackPoint t : m.respondentTrack()) {
            extend(box, local.metresX(t.lon()), local.metresY(t.lat()), 0);
        }
        for (TrackPoint t : m.protectedTrack()) {
            extend(box, local.metresX(t.lon()), local.metresY(t.lat()), 0);
        }
        for (TrackPoint t : closest) {
            extend(box, local.metresX(t.lon()), local.metresY(t.lat()), t.accuracyM());
        }
        for (ReportZone z : m.zones()) {
            double band = z.warningBandM() == null ? 0 : z.warningBandM();
            if (z.geometry() instanceof ZoneGeometry.Circle c) {
                extend(box, local.metresX(c.centre().lon()), local.metresY(c.centre().lat()), c.radiusM() + band);
            } else if (z.geometry() instanceof ZoneGeometry.Polygon poly) {
                for (Ring r : rings(local, poly)) {
                    Ring drawn = band > 0 ? offset(r, band) : r;
                    for (int i = 0; i < drawn.x().length; i++) {
                        extend(box, drawn.x()[i], drawn.y()[i], 0);
                        extend(box, r.x()[i], r.y()[i], 0);
                    }
                }
            }
        }
        if (box[0] > box[1]) {
            box = new double[] {0, 0, 0, 0};
        }
        double padX = Math.max(MIN_EXTENT_M - (box[1] - box[0]), 0) / 2;
        double padY = Math.max(MIN_EXTENT_M - (box[3] - box[2]), 0) / 2;
        double minX = box[0] - padX, maxX = box[1] + padX, minY = box[2] - padY, maxY = box[3] + padY;
        double inner = 0.06;
        double dx = (maxX - minX) * inner, dy = (maxY - minY) * inner;
        return local.fit(minX - dx, maxX + dx, minY - dy, maxY + dy, MARGIN, MARGIN, WIDTH - 2 * MARGIN, MAP_HEIGHT - 2 * MARGIN);
    }

    private static void extend(double[] box, double x, double y, double r) {
        box[0] = Math.min(box[0], x - r);
        box[1] = Math.max(box[1], x + r);
        box[2] = Math.min(box[2], y - r);
        box[3] = Math.max(box[3], y + r);
    }

    /** The polygon's rings in local metres, open (no repeated closing vertex), shell counter-clockwise and holes clockwise. */
    private static List<Ring> rings(LocalProjection p, ZoneGeometry.Polygon poly) {
        List<Ring> out = new ArrayList<>();
        for (int k = 0; k < poly.rings().size(); k++) {
            List<GeoPoint> ring = poly.rings().get(k);
            int n = ring.size();
            if (n > 3 && ring.get(0).equals(ring.get(n - 1))) {
                n--;
            }
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = p.metresX(ring.get(i).lon());
                y[i] = p.metresY(ring.get(i).lat());
            }
            boolean counterClockwise = signedArea(new Ring(x, y)) > 0;
            boolean wantCounterClockwise = k == 0;
            if (counterClockwise != wantCounterClockwise) {
                reverse(x);
                reverse(y);
            }
            out.add(new Ring(x, y));
        }
        return out;
    }

    /** Shoelace area, positive for counter-clockwise rings (x east, y north). */
    private static double signedArea(Ring r) {
        double area2 = 0;
        int n = r.x().length;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            area2 += r.x()[i] * r.y()[j] - r.x()[j] * r.y()[i];
        }
        return area2 / 2;
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Mitred offset of a ring by {@code d} metres to the right of its direction of travel (outward for a CCW shell, into a CW hole). */
    private static Ring offset(Ring r, double d) {
        int n = r.x().length;
        double[] ox = new double[n];
        double[] oy = new double[n];
        for (int i = 0; i < n; i++) {
            int prev = (i + n - 1) % n;
            int next = (i + 1) % n;
            double[] n1 = rightNormal(r.x()[prev], r.y()[prev], r.x()[i], r.y()[i]);
            double[] n2 = rightNormal(r.x()[i], r.y()[i], r.x()[next], r.y()[next]);
            double bx = n1[0] + n2[0];
            double by = n1[1] + n2[1];
            double len = Math.hypot(bx, by);
            if (len < 1e-9) {
                bx = n2[0];
                by = n2[1];
                len = 1;
            }
            bx /= len;
            by /= len;
            double cosHalf = bx * n2[0] + by * n2[1];
            double reach = cosHalf > 1.0 / 3 ? d / cosHalf : 3 * d;
            ox[i] = r.x()[i] + bx * reach;
            oy[i] = r.y()[i] + by * reach;
        }
        return new Ring(ox, oy);
    }

    private static double[] rightNormal(double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = Math.hypot(dx, dy);
        if (len < 1e-9) {
            return new double[] {0, 0};
        }
        return new double[] {dy / len, -dx / len};
    }

    private static String path(LocalProjection p, List<Ring> rings) {
        StringBuilder d = new StringBuilder();
        for (Ring r : rings) {
            for (int i = 0; i < r.x().length; i++) {
                d.append(i == 0 ? "M" : " L").append(Fmt.coord(p.px(r.x()[i]))).append(' ').append(Fmt.coord(p.py(r.y()[i])));
            }
            d.append(" Z ");
        }
        return d.toString().trim();
    }

    private static void drawZone(Markup out, LocalProjection p, ReportZone zone) {
        String zoneStyle = "fill=\"" + ZONE_COLOUR + "\" fill-opacity=\"0.18\" stroke=\"" + ZONE_COLOUR + "\" stroke-width=\"2\"";
        String bandStyle = "fill=\"none\" stroke=\"" + BAND_COLOUR + "\" stroke-width=\"1.5\" stroke-dasharray=\"8 5\"";
        out.raw("<g class=\"zone\">");
        out.element("title", "", zone.label());
        if (zone.geometry() instanceof ZoneGeometry.Circle c) {
            String cx = Fmt.coord(p.pxLon(c.centre().lon()));
            String cy = Fmt.coord(p.pyLat(c.centre().lat()));
            if (zone.warningBandM() != null) {
                out.raw("<circle class=\"band\" cx=\"" + cx + "\" cy=\"" + cy + "\" r=\""
                        + Fmt.coord((c.radiusM() + zone.warningBandM()) * p.scale()) + "\" " + bandStyle + "/>");
            }
            out.raw("<circle class=\"zone-area\" cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + Fmt.coord(c.radiusM() * p.scale())
                    + "\" " + zoneStyle + "/>");
        } else if (zone.geometry() instanceof ZoneGeometry.Polygon poly) {
            List<Ring> rings = rings(p, poly);
            if (zone.warningBandM() != null) {
                List<Ring> band = new ArrayList<>();
                for (Ring r : rings) {
                    Ring shifted = offset(r, zone.warningBandM());
                    // A hole narrower than twice the band lies wholly in the band: its offset turns inside out; omit it.
                    if (Math.signum(signedArea(shifted)) == Math.signum(signedArea(r))) {
                        band.add(shifted);
                    }
                }
                out.raw("<path class=\"band\" d=\"" + path(p, band) + "\" " + bandStyle + "/>");
            }
            out.raw("<path class=\"zone-area\" d=\"" + path(p, rings) + "\" fill-rule=\"evenodd\" " + zoneStyle + "/>");
        }
        out.raw("</g>");
    }

    private static void labelZone(Markup out, LocalProjection p, ReportZone zone) {
        double[] at = labelPosition(p, zone);
        out.element("text", "class=\"zone-label\" x=\"" + Fmt.coord(at[0]) + "\" y=\"" + Fmt.coord(at[1])
                + "\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#7a3000\" stroke=\"#ffffff\""
                + " stroke-width=\"3\" paint-order=\"stroke\"", zone.label());
    }

    private static double[] labelPosition(LocalProjection p, ReportZone zone) {
        // Just above the zone's top edge, so the label never hides the tracks inside it.
        double x;
        double y;
        if (zone.geometry() instanceof ZoneGeometry.Circle c) {
            x = p.pxLon(c.centre().lon());
            y = p.pyLat(c.centre().lat()) - c.radiusM() * p.scale() - 6;
        } else {
            List<GeoPoint> shell = ((ZoneGeometry.Polygon) zone.geometry()).rings().get(0);
            double sx = 0;
            double top = Double.POSITIVE_INFINITY;
            for (GeoPoint g : shell) {
                sx += p.pxLon(g.lon());
                top = Math.min(top, p.pyLat(g.lat()));
            }
            x = sx / shell.size();
            y = top - 6;
        }
        return new double[] {x, clamp(y, 14, MAP_HEIGHT - 6)};
    }

    private static void drawTrack(Markup out, LocalProjection p, List<TrackPoint> track, Party party, ReportLanguage lang,
                                  boolean endLabels) {
        if (track.isEmpty()) {
            return;
        }
        boolean respondent = party == Party.RESPONDENT;
        String colour = respondent ? RESPONDENT_COLOUR : PROTECTED_COLOUR;
        String cls = respondent ? "track-respondent" : "track-protected";
        StringBuilder points = new StringBuilder();
        for (TrackPoint t : track) {
            if (points.length() > 0) {
                points.append(' ');
            }
            points.append(Fmt.coord(p.pxLon(t.lon()))).append(',').append(Fmt.coord(p.pyLat(t.lat())));
        }
        out.raw("<g class=\"" + cls + "\">");
        out.raw("<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2.5\""
                + " stroke-linejoin=\"round\"" + (respondent ? "" : " stroke-dasharray=\"7 4\"") + "/>");
        if (track.size() <= 500) {
            for (TrackPoint t : track) {
                marker(out, p.pxLon(t.lon()), p.pyLat(t.lat()), respondent, colour, 3);
            }
        }
        TrackPoint first = track.get(0);
        TrackPoint last = track.get(track.size() - 1);
        if (!endLabels) {
            out.raw("</g>");
            return;
        }
        endLabel(out, p, first, Term.party(party, lang) + " " + Term.START.in(lang), colour, -10);
        if (track.size() > 1) {
            endLabel(out, p, last, Term.party(party, lang) + " " + Term.END.in(lang), colour, 20);
        }
        out.raw("</g>");
    }

    private static void marker(Markup out, double x, double y, boolean circle, String colour, double size) {
        if (circle) {
            out.raw("<circle cx=\"" + Fmt.coord(x) + "\" cy=\"" + Fmt.coord(y) + "\" r=\"" + Fmt.coord(size)
                    + "\" fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>");
        } else {
            out.raw("<rect x=\"" + Fmt.coord(x - size) + "\" y=\"" + Fmt.coord(y - size) + "\" width=\"" + Fmt.coord(2 * size)
                    + "\" height=\"" + Fmt.coord(2 * size) + "\" fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>");
        }
    }

    private static void endLabel(Markup out, LocalProjection p, TrackPoint at, String text, String colour, double dy) {
        double x = p.pxLon(at.lon());
        double y = p.pyLat(at.lat());
        String anchor = x > WIDTH * 0.75 ? "end" : x < WIDTH * 0.25 ? "start" : "middle";
        out.raw("<circle cx=\"" + Fmt.coord(x) + "\" cy=\"" + Fmt.coord(y) + "\" r=\"5.5\" fill=\"none\" stroke=\"" + colour
                + "\" stroke-width=\"2\"/>");
        out.element("text", "class=\"end-label\" x=\"" + Fmt.coord(x) + "\" y=\"" + Fmt.coord(clamp(y + dy, 14, MAP_HEIGHT - 6))
                + "\" text-anchor=\"" + anchor + "\" font-size=\"12\" fill=\"" + colour + "\" stroke=\"#ffffff\" stroke-width=\"3\""
                + " paint-order=\"stroke\"", text);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A bar of 1, 2 or 5 × 10^k metres, the largest not longer than a quarter of the map. */
    private static void drawScaleBar(Markup out, LocalProjection p) {
        double metres = niceFloor((WIDTH - 2 * MARGIN) / 4 / p.scale());
        double len = metres * p.scale();
        double x0 = MARGIN;
        double y0 = MAP_HEIGHT - MARGIN + 6;
        String label = metres >= 1000 ? Fmt.num(metres / 1000, metres % 1000 == 0 ? 0 : 1) + " km" : Fmt.num(metres, metres < 1 ? 1 : 0) + " m";
        out.raw("<g class=\"scale-bar\">");
        out.raw("<rect x=\"" + Fmt.coord(x0 - 4) + "\" y=\"" + Fmt.coord(y0 - 18) + "\" width=\"" + Fmt.coord(len + 8)
                + "\" height=\"24\" fill=\"#ffffff\" fill-opacity=\"0.8\"/>");
        out.raw("<path d=\"M" + Fmt.coord(x0) + ' ' + Fmt.coord(y0 - 5) + " V" + Fmt.coord(y0) + " H" + Fmt.coord(x0 + len)
                + " V" + Fmt.coord(y0 - 5) + "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"2\"/>");
        out.element("text", "x=\"" + Fmt.coord(x0 + len / 2) + "\" y=\"" + Fmt.coord(y0 - 7)
                + "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222222\"", label);
        out.raw("</g>");
    }

    static double niceFloor(double v) {
        double pow = Math.pow(10, Math.floor(Math.log10(v)));
        double f = v / pow;
        return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * pow;
    }

    /** North is straight up in this projection. */
    private static void drawNorthArrow(Markup out, ReportLanguage lang) {
        double x = WIDTH - MARGIN - 14;
        double y = MARGIN + 6;
        out.raw("<g class=\"north-arrow\">");
        out.raw("<path d=\"M" + Fmt.coord(x) + ' ' + Fmt.coord(y) + " L" + Fmt.coord(x + 9) + ' ' + Fmt.coord(y + 30) + " L"
                + Fmt.coord(x) + ' ' + Fmt.coord(y + 23) + " L" + Fmt.coord(x - 9) + ' ' + Fmt.coord(y + 30)
                + " Z\" fill=\"#222222\"/>");
        out.element("text", "x=\"" + Fmt.coord(x) + "\" y=\"" + Fmt.coord(y + 46) + "\" text-anchor=\"middle\" font-size=\"14\""
                + " font-weight=\"bold\" fill=\"#222222\"", Term.NORTH.in(lang));
        out.raw("</g>");
    }

    private static void drawLegend(Markup out, ReportLanguage lang, boolean band, boolean accuracy) {
        double y1 = MAP_HEIGHT + 28;
        double y2 = MAP_HEIGHT + 58;
        out.raw("<g class=\"legend\" font-size=\"13\" fill=\"#222222\">");
        out.raw("<rect x=\"10\" y=\"" + Fmt.coord(y1 - 10) + "\" width=\"28\" height=\"16\" fill=\"" + ZONE_COLOUR
                + "\" fill-opacity=\"0.18\" stroke=\"" + ZONE_COLOUR + "\" stroke-width=\"2\"/>");
        out.element("text", "x=\"46\" y=\"" + Fmt.coord(y1 + 3) + "\"", Term.LEGEND_ZONE.in(lang));
        if (band) {
            out.raw("<path d=\"M280 " + Fmt.coord(y1 - 2) + " H308\" stroke=\"" + BAND_COLOUR
                    + "\" stroke-width=\"1.5\" stroke-dasharray=\"8 5\"/>");
            out.element("text", "x=\"316\" y=\"" + Fmt.coord(y1 + 3) + "\"", Term.LEGEND_BAND.in(lang));
        }
        if (accuracy) {
            out.raw("<circle cx=\"554\" cy=\"" + Fmt.coord(y1 - 2) + "\" r=\"9\" fill=\"#555555\" fill-opacity=\"0.08\""
                    + " stroke=\"#555555\" stroke-width=\"1\" stroke-dasharray=\"2 2\"/>");
            out.element("text", "x=\"570\" y=\"" + Fmt.coord(y1 + 3) + "\"", Term.LEGEND_ACCURACY.in(lang));
        }
        out.raw("<path d=\"M10 " + Fmt.coord(y2 - 2) + " H38\" stroke=\"" + RESPONDENT_COLOUR + "\" stroke-width=\"2.5\"/>");
        marker(out, 24, y2 - 2, true, RESPONDENT_COLOUR, 3);
        out.element("text", "x=\"46\" y=\"" + Fmt.coord(y2 + 3) + "\"", Term.LEGEND_RESPONDENT.in(lang));
        out.raw("<path d=\"M280 " + Fmt.coord(y2 - 2) + " H308\" stroke=\"" + PROTECTED_COLOUR
                + "\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\"/>");
        marker(out, 294, y2 - 2, false, PROTECTED_COLOUR, 3);
        out.element("text", "x=\"316\" y=\"" + Fmt.coord(y2 + 3) + "\"", Term.LEGEND_PROTECTED.in(lang));
        out.raw("</g>");
    }
}
