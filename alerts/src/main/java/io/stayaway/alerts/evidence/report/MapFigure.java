package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.evidence.ReportLanguage;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.buffer.BufferParameters;

/**
 * Draws the evidence map as an SVG fragment: exclusion zones filled, warning bands as dashed outlines,
 * both tracks with start/end labels, accuracy circles of the fixes at closest approach and an enlarged inset
 * of them ({@link ClosestApproachInset}, which reuses the zone and track layers drawn here), a scale bar, a north
 * arrow and a legend. Stateless.
 *
 * <p>Warning band: for a circle it is the exact circle of radius + band. For a polygon it is the zone's
 * JTS buffer by the band in local metres with round joins ({@link #BAND_JOINS}), which is exactly the set
 * of points the rule measures as within the band ("within N metres of the zone": a quarter circle at a
 * corner, not a mitre that would reach 41 % further); a hole narrower than twice the band closes and a
 * narrow inlet fills instead of the outline crossing itself. It is drawn as an outline, never filled.
 */
final class MapFigure {
    static final double WIDTH = 800;
    static final double MAP_HEIGHT = 600;
    static final double HEIGHT = 680;
    static final double MARGIN = 24;
    private static final double MIN_EXTENT_M = 200;
    private static final String RESPONDENT_COLOUR = "#c0392b";
    private static final String PROTECTED_COLOUR = "#1f5fa8";
    private static final String ZONE_COLOUR = "#d35400";
    private static final String BAND_COLOUR = "#e08e0b";
    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    /** Round joins, 16 segments a quarter circle: the band as the evaluator measures it, to well under a metre at report scale. */
    private static final BufferParameters BAND_JOINS = new BufferParameters(
            16, BufferParameters.CAP_ROUND, BufferParameters.JOIN_ROUND, BufferParameters.DEFAULT_MITRE_LIMIT);

    private MapFigure() {}

    /** True when there is anything to draw. */
    static boolean hasContent(EvidenceReportModel m) {
        return !m.zones().isEmpty()
                || !m.respondentTrack().isEmpty()
                || !m.protectedTrack().isEmpty();
    }

    static String svg(EvidenceReportModel m, ReportLanguage lang) {
        List<TrackPoint> closest = ClosestApproach.fixes(m);
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
            ClosestApproachInset.draw(out, m, p, closest, lang);
        }
        drawScaleBar(out, p);
        drawNorthArrow(out, lang);
        drawLegend(out, lang, m.zones().stream().anyMatch(z -> z.warningBandM() != null), !closest.isEmpty());
        out.raw("</svg>");
        return out.toString();
    }

    static void accuracyCircles(Markup out, LocalProjection p, List<TrackPoint> fixes) {
        for (TrackPoint fix : fixes) {
            out.raw(
                    "<circle class=\"accuracy\" cx=\"" + Fmt.coord(p.pxLon(fix.lon())) + "\" cy=\""
                            + Fmt.coord(p.pyLat(fix.lat()))
                            + "\" r=\"" + Fmt.coord(Math.max(1.5, fix.accuracyM() * p.scale()))
                            + "\" fill=\"#555555\" fill-opacity=\"0.12\" stroke=\"#333333\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>");
        }
    }

    /** Centres the projection on the data's lon/lat box and fits everything drawn, bands and accuracy circles included. */
    static LocalProjection project(EvidenceReportModel m, List<TrackPoint> closest) {
        LocalProjection local = centred(m);
        double[] box = {
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
        };
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
                extend(
                        box,
                        local.metresX(c.centre().lon()),
                        local.metresY(c.centre().lat()),
                        c.radiusM() + band);
            } else if (z.geometry() instanceof ZoneGeometry.Polygon poly) {
                Polygon zone = polygon(local, poly);
                Envelope drawn = (band > 0 ? band(zone, band) : zone).getEnvelopeInternal();
                extend(box, drawn.getMinX(), drawn.getMinY(), 0);
                extend(box, drawn.getMaxX(), drawn.getMaxY(), 0);
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
        return local.fit(
                minX - dx,
                maxX + dx,
                minY - dy,
                maxY + dy,
                MARGIN,
                MARGIN,
                WIDTH - 2 * MARGIN,
                MAP_HEIGHT - 2 * MARGIN);
    }

    /** A projection centred on the lon/lat box of the tracks, circle centres and polygon shells (on 0, 0 when there is nothing). */
    private static LocalProjection centred(EvidenceReportModel m) {
        Envelope lonLat = new Envelope();
        for (List<TrackPoint> track : List.of(m.respondentTrack(), m.protectedTrack())) {
            track.forEach(t -> lonLat.expandToInclude(t.lon(), t.lat()));
        }
        for (ReportZone z : m.zones()) {
            if (z.geometry() instanceof ZoneGeometry.Circle c) {
                lonLat.expandToInclude(c.centre().lon(), c.centre().lat());
            } else if (z.geometry() instanceof ZoneGeometry.Polygon poly) {
                poly.rings().get(0).forEach(g -> lonLat.expandToInclude(g.lon(), g.lat()));
            }
        }
        return lonLat.isNull()
                ? LocalProjection.around(0, 0)
                : LocalProjection.around(lonLat.centre().x, lonLat.centre().y);
    }

    private static void extend(double[] box, double x, double y, double r) {
        box[0] = Math.min(box[0], x - r);
        box[1] = Math.max(box[1], x + r);
        box[2] = Math.min(box[2], y - r);
        box[3] = Math.max(box[3], y + r);
    }

    /** The polygon in local metres: shell and holes as given (each ring closed if it was not). */
    private static Polygon polygon(LocalProjection p, ZoneGeometry.Polygon poly) {
        LinearRing[] holes = new LinearRing[poly.rings().size() - 1];
        for (int k = 0; k < holes.length; k++) {
            holes[k] = ring(p, poly.rings().get(k + 1));
        }
        return GEOMETRY.createPolygon(ring(p, poly.rings().get(0)), holes);
    }

    private static LinearRing ring(LocalProjection p, List<GeoPoint> ring) {
        boolean closed = ring.size() > 3 && ring.get(0).equals(ring.get(ring.size() - 1));
        int n = closed ? ring.size() - 1 : ring.size();
        Coordinate[] c = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            c[i] = new Coordinate(
                    p.metresX(ring.get(i).lon()), p.metresY(ring.get(i).lat()));
        }
        c[n] = c[0];
        return GEOMETRY.createLinearRing(c);
    }

    /** The outer edge of the warning band: the zone buffered by {@code width} metres with round joins. */
    private static Geometry band(Polygon zone, double width) {
        return BufferOp.bufferOp(zone, width, BAND_JOINS);
    }

    /** An SVG path of every ring of every polygon in {@code g} (local metres), each closed with Z. */
    private static String path(LocalProjection p, Geometry g) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon poly) {
                ring(d, p, poly.getExteriorRing());
                for (int k = 0; k < poly.getNumInteriorRing(); k++) {
                    ring(d, p, poly.getInteriorRingN(k));
                }
            }
        }
        return d.toString().trim();
    }

    private static void ring(StringBuilder d, LocalProjection p, LineString ring) {
        Coordinate[] c = ring.getCoordinates();
        for (int i = 0; i < c.length - 1; i++) {
            d.append(i == 0 ? "M" : " L")
                    .append(Fmt.coord(p.px(c[i].x)))
                    .append(' ')
                    .append(Fmt.coord(p.py(c[i].y)));
        }
        d.append(" Z ");
    }

    static void drawZone(Markup out, LocalProjection p, ReportZone zone) {
        String zoneStyle =
                "fill=\"" + ZONE_COLOUR + "\" fill-opacity=\"0.18\" stroke=\"" + ZONE_COLOUR + "\" stroke-width=\"2\"";
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
            out.raw("<circle class=\"zone-area\" cx=\"" + cx + "\" cy=\"" + cy + "\" r=\""
                    + Fmt.coord(c.radiusM() * p.scale()) + "\" " + zoneStyle + "/>");
        } else if (zone.geometry() instanceof ZoneGeometry.Polygon poly) {
            Polygon area = polygon(p, poly);
            if (zone.warningBandM() != null) {
                out.raw("<path class=\"band\" d=\"" + path(p, band(area, zone.warningBandM())) + "\" " + bandStyle
                        + "/>");
            }
            out.raw("<path class=\"zone-area\" d=\"" + path(p, area) + "\" fill-rule=\"evenodd\" " + zoneStyle + "/>");
        }
        out.raw("</g>");
    }

    private static void labelZone(Markup out, LocalProjection p, ReportZone zone) {
        double[] at = labelPosition(p, zone);
        out.element(
                "text",
                "class=\"zone-label\" x=\"" + Fmt.coord(at[0]) + "\" y=\"" + Fmt.coord(at[1])
                        + "\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#7a3000\" stroke=\"#ffffff\""
                        + " stroke-width=\"3\" paint-order=\"stroke\"",
                zone.label());
    }

    static double[] labelPosition(LocalProjection p, ReportZone zone) {
        // Just above the zone's top edge, so the label never hides the tracks inside it.
        double x;
        double y;
        if (zone.geometry() instanceof ZoneGeometry.Circle c) {
            x = p.pxLon(c.centre().lon());
            y = p.pyLat(c.centre().lat()) - c.radiusM() * p.scale() - 6;
        } else {
            List<GeoPoint> shell =
                    ((ZoneGeometry.Polygon) zone.geometry()).rings().get(0);
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

    static void drawTrack(
            Markup out,
            LocalProjection p,
            List<TrackPoint> track,
            Party party,
            ReportLanguage lang,
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
            out.raw("<rect x=\"" + Fmt.coord(x - size) + "\" y=\"" + Fmt.coord(y - size) + "\" width=\""
                    + Fmt.coord(2 * size) + "\" height=\"" + Fmt.coord(2 * size) + "\" fill=\"" + colour
                    + "\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>");
        }
    }

    private static void endLabel(Markup out, LocalProjection p, TrackPoint at, String text, String colour, double dy) {
        double x = p.pxLon(at.lon());
        double y = p.pyLat(at.lat());
        String anchor = x > WIDTH * 0.75 ? "end" : x < WIDTH * 0.25 ? "start" : "middle";
        out.raw("<circle cx=\"" + Fmt.coord(x) + "\" cy=\"" + Fmt.coord(y) + "\" r=\"5.5\" fill=\"none\" stroke=\""
                + colour + "\" stroke-width=\"2\"/>");
        out.element(
                "text",
                "class=\"end-label\" x=\"" + Fmt.coord(x) + "\" y=\"" + Fmt.coord(clamp(y + dy, 14, MAP_HEIGHT - 6))
                        + "\" text-anchor=\"" + anchor + "\" font-size=\"12\" fill=\"" + colour
                        + "\" stroke=\"#ffffff\" stroke-width=\"3\""
                        + " paint-order=\"stroke\"",
                text);
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
        String label = metres >= 1000
                ? Fmt.num(metres / 1000, metres % 1000 == 0 ? 0 : 1) + " km"
                : Fmt.num(metres, metres < 1 ? 1 : 0) + " m";
        out.raw("<g class=\"scale-bar\">");
        out.raw("<rect x=\"" + Fmt.coord(x0 - 4) + "\" y=\"" + Fmt.coord(y0 - 18) + "\" width=\"" + Fmt.coord(len + 8)
                + "\" height=\"24\" fill=\"#ffffff\" fill-opacity=\"0.8\"/>");
        out.raw("<path d=\"M" + Fmt.coord(x0) + ' ' + Fmt.coord(y0 - 5) + " V" + Fmt.coord(y0) + " H"
                + Fmt.coord(x0 + len) + " V" + Fmt.coord(y0 - 5)
                + "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"2\"/>");
        out.element(
                "text",
                "x=\"" + Fmt.coord(x0 + len / 2) + "\" y=\"" + Fmt.coord(y0 - 7)
                        + "\" text-anchor=\"middle\" font-size=\"12\" fill=\"#222222\"",
                label);
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
        out.raw("<path d=\"M" + Fmt.coord(x) + ' ' + Fmt.coord(y) + " L" + Fmt.coord(x + 9) + ' ' + Fmt.coord(y + 30)
                + " L"
                + Fmt.coord(x) + ' ' + Fmt.coord(y + 23) + " L" + Fmt.coord(x - 9) + ' ' + Fmt.coord(y + 30)
                + " Z\" fill=\"#222222\"/>");
        out.element(
                "text",
                "x=\"" + Fmt.coord(x) + "\" y=\"" + Fmt.coord(y + 46) + "\" text-anchor=\"middle\" font-size=\"14\""
                        + " font-weight=\"bold\" fill=\"#222222\"",
                Term.NORTH.in(lang));
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
        out.raw("<path d=\"M10 " + Fmt.coord(y2 - 2) + " H38\" stroke=\"" + RESPONDENT_COLOUR
                + "\" stroke-width=\"2.5\"/>");
        marker(out, 24, y2 - 2, true, RESPONDENT_COLOUR, 3);
        out.element("text", "x=\"46\" y=\"" + Fmt.coord(y2 + 3) + "\"", Term.LEGEND_RESPONDENT.in(lang));
        out.raw("<path d=\"M280 " + Fmt.coord(y2 - 2) + " H308\" stroke=\"" + PROTECTED_COLOUR
                + "\" stroke-width=\"2.5\" stroke-dasharray=\"7 4\"/>");
        marker(out, 294, y2 - 2, false, PROTECTED_COLOUR, 3);
        out.element("text", "x=\"316\" y=\"" + Fmt.coord(y2 + 3) + "\"", Term.LEGEND_PROTECTED.in(lang));
        out.raw("</g>");
    }
}
