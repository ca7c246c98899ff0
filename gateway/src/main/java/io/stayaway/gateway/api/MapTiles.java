package io.stayaway.gateway.api;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The console's basemap: a slippy-map tile source (the usual {z}/{x}/{y} URL template, as Leaflet's
 * {@code L.tileLayer} reads it), its attribution, its deepest zoom, and the datum its imagery is drawn
 * in. No template means no basemap: the console draws zones and parties on a plain background and asks
 * for nothing outside the gateway. Immutable, thread-safe.
 *
 * @param urlTemplate tile URL with {@code {z}}, {@code {x}}, {@code {y}} and optionally {@code {s}}; empty for none
 * @param attribution the credit the tile source's licence requires (OpenStreetMap's, AMap's, …)
 * @param maxZoom the deepest zoom the source serves
 * @param subdomains the letters or digits {@code {s}} stands for
 * @param datum the datum the imagery is drawn in; GCJ-02 sources get every position converted for display
 */
public record MapTiles(String urlTemplate, String attribution, int maxZoom, String subdomains, Datum datum) {
    /** The datum a tile source's imagery is drawn in. */
    public enum Datum {
        /** GPS coordinates as the devices report them (OpenStreetMap and most sources outside mainland China). */
        WGS84,
        /** China's obfuscated datum (AMap/Gaode, Tencent): about 100–700 m from WGS-84. */
        GCJ02;

        /** The datum named by a configuration value ({@code wgs84} or {@code gcj02}). */
        public static Datum parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace("-", ""));
        }

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern SUBDOMAINS = Pattern.compile("[A-Za-z0-9]{1,16}");

    /** No basemap: the console's offline drawing. */
    public static final MapTiles NONE = new MapTiles("", "", 19, "abc", Datum.WGS84);

    public MapTiles {
        if (!urlTemplate.isEmpty()) {
            imageSource(urlTemplate);
            for (String part : new String[] {"{z}", "{x}", "{y}"}) {
                if (!urlTemplate.contains(part)) {
                    throw new IllegalArgumentException("the tile URL template has no " + part);
                }
            }
            if (attribution.isBlank()) {
                throw new IllegalArgumentException("a tile source needs its attribution (its licence requires it)");
            }
        }
        if (maxZoom < 1 || maxZoom > 22) {
            throw new IllegalArgumentException("the deepest zoom must be between 1 and 22, got " + maxZoom);
        }
        if (!SUBDOMAINS.matcher(subdomains).matches()) {
            throw new IllegalArgumentException("subdomains must be 1 to 16 letters or digits, got " + subdomains);
        }
    }

    /** True when the console draws a basemap. */
    public boolean enabled() {
        return !urlTemplate.isEmpty();
    }

    /**
     * The Content-Security-Policy source that admits this template's images (its scheme, host and port),
     * or empty without a basemap. A {@code {s}} in the host's first label becomes the CSP wildcard
     * {@code *.}; anywhere else in the host it is refused, since CSP could not admit it.
     */
    public String imageSource() {
        return enabled() ? imageSource(urlTemplate) : "";
    }

    private static String imageSource(String template) {
        URI uri = URI.create(template.replace("{s}", "s-placeholder")
                .replace("{z}", "0")
                .replace("{x}", "0")
                .replace("{y}", "0")
                .replace("{r}", ""));
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the tile URL template must be an http(s) URL");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("the tile URL template names no host");
        }
        if (host.contains("s-placeholder")) {
            int dot = host.indexOf('.');
            if (dot < 0 || host.indexOf("s-placeholder", dot) >= 0) {
                throw new IllegalArgumentException(
                        "{s} may only stand in the host's first label (CSP admits only *.host)");
            }
            host = "*" + host.substring(dot);
        }
        return scheme + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** What the console reads from {@code GET /api/console/settings}. */
    JsonObject json() {
        return new JsonObject()
                .put("tiles", enabled() ? urlTemplate : null)
                .put("attribution", enabled() ? attribution : null)
                .put("maxZoom", maxZoom)
                .put("subdomains", subdomains)
                .put("datum", datum.json());
    }
}
