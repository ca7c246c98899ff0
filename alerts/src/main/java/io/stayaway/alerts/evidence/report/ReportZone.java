package io.stayaway.alerts.evidence.report;

import java.util.Objects;

/**
 * An exclusion zone (禁止接近区域) as drawn in the report.
 *
 * @param label        what the order calls the place, e.g. "Home"; shown escaped
 * @param geometry     its shape
 * @param warningBandM width of the warning band (警戒带) outside the zone in metres, or {@code null} for none
 */
public record ReportZone(String label, ZoneGeometry geometry, Double warningBandM) {
    public ReportZone {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(geometry, "geometry");
        if (warningBandM != null) {
            Checks.positive(warningBandM, "warningBandM");
        }
    }
}
