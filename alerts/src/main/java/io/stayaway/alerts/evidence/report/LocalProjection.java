package io.stayaway.alerts.evidence.report;

/**
 * Equirectangular projection to local metres around a reference point (x east scaled by cos(lat0), y north),
 * then a uniform scale into an SVG pixel frame with y pointing down. Good to well under 1 % over the few
 * kilometres an order covers. For drawing only: every distance the reports print is measured by the
 * geofence engine ({@code io.stayaway.geofence.GroundDistance}), never read off this projection. Immutable.
 */
final class LocalProjection {
    /** Metres per degree of latitude on the WGS84 mean-radius sphere (R = 6 371 008.8 m). */
    static final double METRES_PER_DEGREE = 6_371_008.8 * Math.PI / 180.0;

    private final double lon0;
    private final double lat0;
    private final double cosLat0;
    private final double centreX;
    private final double centreY;
    private final double scale;
    private final double frameCentreX;
    private final double frameCentreY;

    private LocalProjection(
            double lon0,
            double lat0,
            double centreX,
            double centreY,
            double scale,
            double frameCentreX,
            double frameCentreY) {
        this.lon0 = lon0;
        this.lat0 = lat0;
        this.cosLat0 = Math.cos(Math.toRadians(lat0));
        this.centreX = centreX;
        this.centreY = centreY;
        this.scale = scale;
        this.frameCentreX = frameCentreX;
        this.frameCentreY = frameCentreY;
    }

    /** A projection centred on (lon0, lat0) with no pixel frame yet: {@link #metresX}/{@link #metresY} only. */
    static LocalProjection around(double lon0, double lat0) {
        return new LocalProjection(lon0, lat0, 0, 0, 1, 0, 0);
    }

    /**
     * Fits the local-metre box [minX,maxX]×[minY,maxY] into a frame of {@code width}×{@code height} pixels
     * at {@code (left, top)}, keeping the aspect ratio and centring it.
     */
    LocalProjection fit(
            double minX, double maxX, double minY, double maxY, double left, double top, double width, double height) {
        double s = Math.min(width / (maxX - minX), height / (maxY - minY));
        return new LocalProjection(
                lon0, lat0, (minX + maxX) / 2, (minY + maxY) / 2, s, left + width / 2, top + height / 2);
    }

    double metresX(double lon) {
        return (lon - lon0) * cosLat0 * METRES_PER_DEGREE;
    }

    double metresY(double lat) {
        return (lat - lat0) * METRES_PER_DEGREE;
    }

    /** Pixel x of a local-metre x. */
    double px(double metresX) {
        return frameCentreX + (metresX - centreX) * scale;
    }

    /** Pixel y of a local-metre y (SVG y grows downwards). */
    double py(double metresY) {
        return frameCentreY - (metresY - centreY) * scale;
    }

    double pxLon(double lon) {
        return px(metresX(lon));
    }

    double pyLat(double lat) {
        return py(metresY(lat));
    }

    /** Pixels per metre. */
    double scale() {
        return scale;
    }
}
