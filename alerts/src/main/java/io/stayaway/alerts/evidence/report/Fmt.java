package io.stayaway.alerts.evidence.report;

import io.stayaway.alerts.evidence.ReportLanguage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Locale-independent formatting of numbers, times and durations for the reports. */
final class Fmt {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private Fmt() {}

    /** Fixed decimals, '.' as separator, no grouping; negative zero printed as zero. */
    static String num(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0(\\.0+)?") ? s.substring(1) : s;
    }

    /** Metres with one decimal. */
    static String metres(double v) {
        return num(v, 1);
    }

    /** SVG coordinate: two decimals. */
    static String coord(double v) {
        return num(v, 2);
    }

    /** Local time with offset, e.g. {@code 2026-03-14 21:07:33 +08:00}. */
    static String local(Instant t, ZoneId zone) {
        return LOCAL.format(t.atZone(zone));
    }

    /** UTC time, e.g. {@code 2026-03-14 13:07:33 UTC}. */
    static String utc(Instant t) {
        return UTC.format(t);
    }

    /** Local time with offset followed by UTC in parentheses. */
    static String both(Instant t, ZoneId zone) {
        return local(t, zone) + " (" + utc(t) + ")";
    }

    static String clock(Instant t, ZoneId zone) {
        return CLOCK.format(t.atZone(zone));
    }

    static String date(Instant t, ZoneId zone) {
        return DATE.format(t.atZone(zone));
    }

    /**
     * A duration from its largest non-zero unit down to seconds, smaller units zero-padded:
     * "8 min 00 s", "1 h 05 min 07 s", "29 d 16 h 48 min 00 s"; in Chinese "8分00秒", "1小时05分07秒", "29天16小时48分00秒".
     */
    static String duration(Duration d, ReportLanguage lang) {
        long s = Math.max(0, d.getSeconds());
        long[] values = {s / 86400, (s % 86400) / 3600, (s % 3600) / 60, s % 60};
        String[] units = lang == ReportLanguage.ZH
                ? new String[] {"天", "小时", "分", "秒"}
                : new String[] {" d", " h", " min", " s"};
        int first = 0;
        while (first < 3 && values[first] == 0) {
            first++;
        }
        StringBuilder b = new StringBuilder();
        for (int i = first; i < values.length; i++) {
            if (i > first && lang == ReportLanguage.EN) {
                b.append(' ');
            }
            b.append(i == first ? Long.toString(values[i]) : String.format(Locale.ROOT, "%02d", values[i]))
                    .append(units[i]);
        }
        return b.toString();
    }
}
