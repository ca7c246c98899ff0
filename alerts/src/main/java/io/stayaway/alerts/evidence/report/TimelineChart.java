package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.evidence.ReportLanguage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongToDoubleFunction;

/**
 * Draws distance over time as an SVG fragment: respondent↔protected distance and signed distance to the
 * zone boundary, the episode shaded, the order distance, warning distance and zone boundary as horizontal
 * reference lines, time ticks in the order's local time. Stateless.
 */
final class TimelineChart {
    static final double WIDTH = 800;
    static final double HEIGHT = 380;
    private static final double LEFT = 72;
    private static final double RIGHT = 780;
    private static final double TOP = 16;
    private static final double BOTTOM = 280;
    /** Candidate tick steps in seconds, smallest first. */
    private static final long[] TIME_STEPS = {
        10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800
    };

    private TimelineChart() {}

    static boolean hasContent(EvidenceReportModel m) {
        return m.distances().stream().anyMatch(s -> s.toProtectedM() != null || s.toBoundaryM() != null);
    }

    /** A horizontal reference line; {@code left} puts its label at the left end so coinciding lines stay readable. */
    private record Reference(double metres, String label, String colour, boolean left) {}

    /** The chart's scales: time [from, to] in epoch milliseconds across, metres [lo, hi] up, gridlines every {@code yStep}. */
    private record Axes(long from, long to, double lo, double hi, double yStep) {
        double x(long t) {
            return LEFT + (t - from) * (RIGHT - LEFT) / (double) (to - from);
        }

        double y(double v) {
            return BOTTOM - (v - lo) * (BOTTOM - TOP) / (hi - lo);
        }
    }

    static String svg(EvidenceReportModel m, ReportLanguage lang) {
        ZoneId zone = m.displayZone();
        List<DistanceSample> samples = m.distances();
        boolean anyProtected = samples.stream().anyMatch(s -> s.toProtectedM() != null);
        boolean anyBoundary = samples.stream().anyMatch(s -> s.toBoundaryM() != null);
        List<Reference> refs = references(m, lang, anyProtected, anyBoundary);
        Axes axes = axes(m, refs);

        Markup out = new Markup();
        out.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" class=\"figure timeline\" viewBox=\"0 0 "
                + Fmt.coord(WIDTH) + ' ' + Fmt.coord(HEIGHT) + "\" role=\"img\" font-size=\"12\">");
        out.element("title", "", Term.TIMELINE.in(lang));
        out.raw("<rect x=\"0\" y=\"0\" width=\"" + Fmt.coord(WIDTH) + "\" height=\"" + Fmt.coord(HEIGHT)
                + "\" fill=\"#ffffff\"/>");

        double ex0 = axes.x(m.episodeStart().toEpochMilli());
        double ex1 = m.episodeEnd() == null ? RIGHT : axes.x(m.episodeEnd().toEpochMilli());
        out.raw("<rect class=\"episode\" x=\"" + Fmt.coord(ex0) + "\" y=\"" + Fmt.coord(TOP) + "\" width=\""
                + Fmt.coord(Math.max(ex1 - ex0, 1)) + "\" height=\"" + Fmt.coord(BOTTOM - TOP)
                + "\" fill=\"#c0392b\" fill-opacity=\"0.08\"/>");
        distanceGrid(out, axes);
        timeTicks(out, axes, zone);
        axisTitles(out, axes, zone, lang);
        referenceLines(out, axes, refs);
        series(out, samples, true, axes::x, axes::y, "#c0392b", "");
        series(out, samples, false, axes::x, axes::y, "#6c3483", " stroke-dasharray=\"6 3\"");
        legend(out, m, lang, anyProtected, anyBoundary);
        out.raw("</svg>");
        return out.toString();
    }

    /** The order distance and warning distance (when the protected person is tracked), the zone boundary and each warning band. */
    private static List<Reference> references(
            EvidenceReportModel m, ReportLanguage lang, boolean anyProtected, boolean anyBoundary) {
        List<Reference> refs = new ArrayList<>();
        if (anyProtected && m.orderDistanceM() != null) {
            refs.add(new Reference(m.orderDistanceM(), Term.REF_ORDER_DISTANCE.in(lang), "#c0392b", false));
        }
        if (anyProtected && m.warningDistanceM() != null) {
            refs.add(new Reference(m.warningDistanceM(), Term.REF_WARNING.in(lang), "#e08e0b", false));
        }
        if (anyBoundary) {
            refs.add(new Reference(0, Term.REF_BOUNDARY.in(lang), "#7a3000", true));
            TreeSet<Double> bands = new TreeSet<>();
            for (ReportZone z : m.zones()) {
                if (z.warningBandM() != null) {
                    bands.add(z.warningBandM());
                }
            }
            for (double b : bands) {
                refs.add(new Reference(b, Term.LEGEND_BAND.in(lang), "#e08e0b", true));
            }
        }
        return refs;
    }

    /** Spans the samples, the episode (at least a minute) and the reference lines, with a nice distance step. */
    private static Axes axes(EvidenceReportModel m, List<Reference> refs) {
        List<DistanceSample> samples = m.distances();
        long t0 = samples.get(0).time().toEpochMilli();
        long t1 = t0;
        double v0 = 0;
        double v1 = 0;
        for (DistanceSample s : samples) {
            t0 = Math.min(t0, s.time().toEpochMilli());
            t1 = Math.max(t1, s.time().toEpochMilli());
            for (Double v : new Double[] {s.toProtectedM(), s.toBoundaryM()}) {
                if (v != null) {
                    v0 = Math.min(v0, v);
                    v1 = Math.max(v1, v);
                }
            }
        }
        t0 = Math.min(t0, m.episodeStart().toEpochMilli());
        if (m.episodeEnd() != null) {
            t1 = Math.max(t1, m.episodeEnd().toEpochMilli());
        }
        if (t1 - t0 < 60_000) {
            long mid = (t0 + t1) / 2;
            t0 = mid - 30_000;
            t1 = mid + 30_000;
        }
        for (Reference r : refs) {
            v1 = Math.max(v1, r.metres());
            v0 = Math.min(v0, r.metres());
        }
        double yStep = MapFigure.niceFloor(Math.max(v1 - v0, 10) / 5);
        double yMin = Math.floor(v0 / yStep) * yStep;
        double yMax = Math.ceil(v1 * 1.05 / yStep) * yStep;
        if (yMax <= yMin) {
            yMax = yMin + yStep;
        }
        return new Axes(t0, t1, yMin, yMax, yStep);
    }

    private static void distanceGrid(Markup out, Axes axes) {
        double yStep = axes.yStep();
        for (double v = axes.lo(); v <= axes.hi() + yStep / 1000; v += yStep) {
            double yy = axes.y(v);
            out.raw("<path d=\"M" + Fmt.coord(LEFT) + ' ' + Fmt.coord(yy) + " H" + Fmt.coord(RIGHT)
                    + "\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>");
            out.element(
                    "text",
                    "x=\"" + Fmt.coord(LEFT - 6) + "\" y=\"" + Fmt.coord(yy + 4)
                            + "\" text-anchor=\"end\" fill=\"#333333\"",
                    Fmt.num(v, yStep < 1 ? 1 : 0));
        }
    }

    /** At most about eight ticks, on whole steps of the order's local time. */
    private static void timeTicks(Markup out, Axes axes, ZoneId zone) {
        long from = axes.from();
        long to = axes.to();
        long stepS = TIME_STEPS[TIME_STEPS.length - 1];
        for (long s : TIME_STEPS) {
            if ((to - from) / 1000 / s <= 8) {
                stepS = s;
                break;
            }
        }
        long offsetS = zone.getRules().getOffset(Instant.ofEpochMilli(from)).getTotalSeconds();
        long firstLocal = Math.floorDiv(from / 1000 + offsetS + stepS - 1, stepS) * stepS;
        for (long local = firstLocal; (local - offsetS) * 1000 <= to; local += stepS) {
            long t = (local - offsetS) * 1000;
            double xx = axes.x(t);
            Instant at = Instant.ofEpochMilli(t);
            String label = Fmt.clock(at, zone);
            if (stepS >= 60) {
                label = label.substring(0, 5);
            }
            out.raw("<path d=\"M" + Fmt.coord(xx) + ' ' + Fmt.coord(TOP) + " V" + Fmt.coord(BOTTOM + 5)
                    + "\" stroke=\"#eeeeee\" stroke-width=\"1\"/>");
            out.element(
                    "text",
                    "x=\"" + Fmt.coord(xx) + "\" y=\"" + Fmt.coord(BOTTOM + 18)
                            + "\" text-anchor=\"middle\" fill=\"#333333\"",
                    label);
        }
    }

    private static void axisTitles(Markup out, Axes axes, ZoneId zone, ReportLanguage lang) {
        out.raw("<path d=\"M" + Fmt.coord(LEFT) + ' ' + Fmt.coord(TOP) + " V" + Fmt.coord(BOTTOM) + " H"
                + Fmt.coord(RIGHT) + "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1.2\"/>");
        Instant fromInstant = Instant.ofEpochMilli(axes.from());
        String offset = fromInstant.atZone(zone).getOffset().equals(ZoneOffset.UTC)
                ? "UTC"
                : "UTC" + fromInstant.atZone(zone).getOffset().getId();
        out.element(
                "text",
                "x=\"" + Fmt.coord((LEFT + RIGHT) / 2) + "\" y=\"" + Fmt.coord(BOTTOM + 38)
                        + "\" text-anchor=\"middle\" fill=\"#333333\"",
                (lang == ReportLanguage.ZH ? "当地时间 " : "Local time ") + Fmt.date(fromInstant, zone) + " ("
                        + zone.getId() + ", " + offset + ")");
        out.element(
                "text",
                "transform=\"translate(16 " + Fmt.coord((TOP + BOTTOM) / 2)
                        + ") rotate(-90)\" text-anchor=\"middle\" fill=\"#333333\"",
                Term.AXIS_DISTANCE.in(lang));
    }

    private static void referenceLines(Markup out, Axes axes, List<Reference> refs) {
        for (Reference r : refs) {
            double yy = axes.y(r.metres());
            out.raw("<path class=\"reference\" d=\"M" + Fmt.coord(LEFT) + ' ' + Fmt.coord(yy) + " H" + Fmt.coord(RIGHT)
                    + "\" stroke=\"" + r.colour() + "\" stroke-width=\"1.2\" stroke-dasharray=\"3 3\"/>");
            out.element(
                    "text",
                    "x=\"" + Fmt.coord(r.left() ? LEFT + 4 : RIGHT - 4) + "\" y=\"" + Fmt.coord(yy - 4)
                            + "\" text-anchor=\"" + (r.left() ? "start" : "end") + "\" fill=\"" + r.colour()
                            + "\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"",
                    r.label() + " " + Fmt.num(r.metres(), 0) + " m");
        }
    }

    private static void legend(
            Markup out, EvidenceReportModel m, ReportLanguage lang, boolean anyProtected, boolean anyBoundary) {
        double ly = BOTTOM + 64;
        double lx = LEFT;
        if (anyProtected) {
            out.raw("<path d=\"M" + Fmt.coord(lx) + ' ' + Fmt.coord(ly - 4) + " H" + Fmt.coord(lx + 26)
                    + "\" stroke=\"#c0392b\" stroke-width=\"2.2\"/>");
            out.element(
                    "text",
                    "x=\"" + Fmt.coord(lx + 32) + "\" y=\"" + Fmt.coord(ly) + "\" fill=\"#222222\"",
                    Term.SERIES_TO_PROTECTED.in(lang));
            lx += 300;
        }
        if (anyBoundary) {
            out.raw("<path d=\"M" + Fmt.coord(lx) + ' ' + Fmt.coord(ly - 4) + " H" + Fmt.coord(lx + 26)
                    + "\" stroke=\"#6c3483\" stroke-width=\"2.2\" stroke-dasharray=\"6 3\"/>");
            out.element(
                    "text",
                    "x=\"" + Fmt.coord(lx + 32) + "\" y=\"" + Fmt.coord(ly) + "\" fill=\"#222222\"",
                    Term.SERIES_TO_BOUNDARY.in(lang));
        }
        out.raw("<rect x=\"" + Fmt.coord(LEFT) + "\" y=\"" + Fmt.coord(ly + 12)
                + "\" width=\"26\" height=\"10\" fill=\"#c0392b\" fill-opacity=\"0.08\"/>");
        out.element(
                "text",
                "x=\"" + Fmt.coord(LEFT + 32) + "\" y=\"" + Fmt.coord(ly + 21) + "\" fill=\"#222222\"",
                Term.EPISODE_SPAN.in(lang) + (m.ongoing() ? " (" + Term.ONGOING.in(lang) + ")" : ""));
    }

    /** One polyline per run of samples that have the value; a missing value breaks the line. */
    private static void series(
            Markup out,
            List<DistanceSample> samples,
            boolean toProtected,
            LongToDoubleFunction x,
            DoubleUnaryOperator y,
            String colour,
            String dash) {
        StringBuilder run = new StringBuilder();
        int count = 0;
        for (int i = 0; i <= samples.size(); i++) {
            Double v = i < samples.size()
                    ? (toProtected
                            ? samples.get(i).toProtectedM()
                            : samples.get(i).toBoundaryM())
                    : null;
            if (v != null) {
                if (run.length() > 0) {
                    run.append(' ');
                }
                run.append(Fmt.coord(x.applyAsDouble(samples.get(i).time().toEpochMilli())))
                        .append(',')
                        .append(Fmt.coord(y.applyAsDouble(v)));
                count++;
            } else if (count > 0) {
                String cls = toProtected ? "series-protected" : "series-boundary";
                out.raw("<polyline class=\"" + cls + "\" points=\"" + run + "\" fill=\"none\" stroke=\"" + colour
                        + "\" stroke-width=\"2.2\" stroke-linejoin=\"round\"" + dash + "/>");
                if (count == 1) {
                    String[] xy = run.toString().split(",");
                    out.raw("<circle cx=\"" + xy[0] + "\" cy=\"" + xy[1] + "\" r=\"2.5\" fill=\"" + colour + "\"/>");
                }
                run.setLength(0);
                count = 0;
            }
        }
    }
}
