package io.stayaway.alerts.evidence.report;

/** A WGS84 position in degrees, longitude first (GeoJSON order). */
public record GeoPoint(double lon, double lat) {
    public GeoPoint {
        Checks.lonLat(lon, lat);
    }
}
