package io.stayaway.alerts.evidence.report;

import static io.stayaway.alerts.evidence.report.MapFigure.MAP_HEIGHT;
import static io.stayaway.alerts.evidence.report.MapFigure.MARGIN;
import static io.stayaway.alerts.evidence.report.MapFigure.WIDTH;

import io.stayaway.alerts.evidence.ReportLanguage;
import java.util.List;

/**
 * The evidence map's enlarged panel around the closest-approach fixes ({@link ClosestApproach}): placed in the map
 * corner where it hides least, drawn with {@link MapFigure}'s zone and track layers, with its own scale bar.
 * Stateless.
 */
final class ClosestApproachInset {
    private ClosestApproachInset() {}

    /**
     * An enlarged panel around the closest-approach fixes, so their accuracy circles (a few metres, invisible
     * at the map's scale) can be seen against the zone boundary. Its content is clipped to the panel; the
     * panel's area is outlined on the main map.
     */
    static void draw(
            Markup out, EvidenceReportModel m, LocalProjection main, List<TrackPoint> closest, ReportLanguage lang) {
        double size = 200;
        double[] corner = corner(m, main, closest.get(0), size);
        double left = corner[0];
        double top = corner[1];
        TrackPoint a = closest.get(0);
        double[] area = area(main, closest);
        double cx = area[0];
        double cy = area[1];
        double half = area[2];
        LocalProjection inset = main.fit(cx - half, cx + half, cy - half, cy + half, left, top, size, size);
        double zoom = inset.scale() / main.scale();
        if (zoom < 2) {
            return;
        }
        double boxLeft = main.px(cx - half);
        double boxTop = main.py(cy + half);
        double boxSize = Math.max(6, main.px(cx + half) - boxLeft);
        out.raw("<rect class=\"inset-area\" x=\"" + Fmt.coord(boxLeft + (main.px(cx + half) - boxLeft - boxSize) / 2)
                + "\" y=\""
                + Fmt.coord(boxTop + (main.px(cx + half) - boxLeft - boxSize) / 2) + "\" width=\"" + Fmt.coord(boxSize)
                + "\" height=\"" + Fmt.coord(boxSize) + "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1\"/>");
        out.raw("<g class=\"inset\">");
        out.raw("<clipPath id=\"inset-clip\"><rect x=\"" + Fmt.coord(left) + "\" y=\"" + Fmt.coord(top) + "\" width=\""
                + Fmt.coord(size) + "\" height=\"" + Fmt.coord(size) + "\"/></clipPath>");
        out.raw("<rect x=\"" + Fmt.coord(left) + "\" y=\"" + Fmt.coord(top - 20) + "\" width=\"" + Fmt.coord(size)
                + "\" height=\"" + Fmt.coord(size + 20)
                + "\" fill=\"#ffffff\" stroke=\"#222222\" stroke-width=\"1\"/>");
        out.element(
                "text",
                "x=\"" + Fmt.coord(left + 6) + "\" y=\"" + Fmt.coord(top - 6) + "\" font-size=\"12\" fill=\"#222222\"",
                Term.INSET.in(lang) + " ×" + Fmt.num(zoom, 0));
        out.raw("<g class=\"inset-content\" clip-path=\"url(#inset-clip)\">");
        for (ReportZone zone : m.zones()) {
            MapFigure.drawZone(out, inset, zone);
        }
        MapFigure.accuracyCircles(out, inset, closest);
        if (closest.size() > 1) {
            TrackPoint b = closest.get(1);
            out.raw("<path d=\"M" + Fmt.coord(inset.pxLon(a.lon())) + ' ' + Fmt.coord(inset.pyLat(a.lat())) + " L"
                    + Fmt.coord(inset.pxLon(b.lon())) + ' ' + Fmt.coord(inset.pyLat(b.lat()))
                    + "\" stroke=\"#222222\" stroke-width=\"1\" stroke-dasharray=\"1 3\"/>");
        }
        MapFigure.drawTrack(out, inset, m.protectedTrack(), Party.PROTECTED, lang, false);
        MapFigure.drawTrack(out, inset, m.respondentTrack(), Party.RESPONDENT, lang, false);
        out.raw("</g>");
        scaleBar(out, inset, left, top + size - 10, size);
        out.raw("</g>");
    }

    /**
     * The local-metre square the inset shows, as {centre x, centre y, half side}: around the closest fix, or
     * around both closest fixes when they are within six accuracies of each other.
     */
    private static double[] area(LocalProjection main, List<TrackPoint> closest) {
        TrackPoint a = closest.get(0);
        double ax = main.metresX(a.lon());
        double ay = main.metresY(a.lat());
        if (closest.size() > 1) {
            TrackPoint b = closest.get(1);
            double bx = main.metresX(b.lon());
            double by = main.metresY(b.lat());
            double apart = Math.hypot(bx - ax, by - ay);
            double acc = Math.max(a.accuracyM(), b.accuracyM());
            if (apart <= 6 * acc) {
                return new double[] {(ax + bx) / 2, (ay + by) / 2, Math.max(30, apart / 2 + 2 * acc)};
            }
        }
        return new double[] {ax, ay, Math.max(30, 3 * a.accuracyM())};
    }

    private static void scaleBar(Markup out, LocalProjection inset, double left, double by, double size) {
        double barMetres = MapFigure.niceFloor(size / 3 / inset.scale());
        double barLen = barMetres * inset.scale();
        out.raw("<path d=\"M" + Fmt.coord(left + 8) + ' ' + Fmt.coord(by - 4) + " V" + Fmt.coord(by) + " H"
                + Fmt.coord(left + 8 + barLen) + " V" + Fmt.coord(by - 4)
                + "\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.5\"/>");
        out.element(
                "text",
                "x=\"" + Fmt.coord(left + 8 + barLen / 2) + "\" y=\"" + Fmt.coord(by - 6)
                        + "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#222222\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"",
                Fmt.num(barMetres, barMetres < 1 ? 1 : 0) + " m");
    }

    /**
     * The top-left corner of the inset panel: of the four map corners (clear of the scale bar and north arrow),
     * the first in order bottom-right, top-left, top-right, bottom-left that covers the fewest fixes,
     * track ends and zone labels; the closest fix itself counts heavily so the panel never hides what it enlarges.
     */
    private static double[] corner(EvidenceReportModel m, LocalProjection p, TrackPoint closest, double size) {
        double[][] corners = {
            {WIDTH - MARGIN - size, MAP_HEIGHT - MARGIN - size - 20},
            {MARGIN, MARGIN + 20},
            {WIDTH - MARGIN - size - 40, MARGIN + 20},
            {MARGIN, MAP_HEIGHT - MARGIN - size - 50}
        };
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
                double[] label = MapFigure.labelPosition(p, zone);
                if (label[0] >= c[0] - 60
                        && label[0] <= c[0] + size + 60
                        && label[1] >= c[1] - 30
                        && label[1] <= c[1] + size + 10) {
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
        return x >= corner[0] - slack
                && x <= corner[0] + size + slack
                && y >= corner[1] - 20 - slack
                && y <= corner[1] + size + slack;
    }
}
