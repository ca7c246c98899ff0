package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's GCJ-02 conversion ({@code console/gcj02.js}, docs/console.md "China's coordinate offset") run where it
 * runs, in a real headless Chromium, on {@code about:blank} (no gateway): it reproduces published WGS-84 → GCJ-02
 * pairs, its inverse gives their WGS-84 points back, a round trip over China loses under a millimetre, the offset is
 * the documented few hundred metres, and points outside China are left alone. The sample is drawn from
 * {@code -Dstayaway.gcj.seed=N|random} (default {@link #DEFAULT_SEED}) with {@code -Dstayaway.gcj.points=N} points
 * (default {@value #DEFAULT_POINTS}); a failure prints the seed. Fails, never skips, without Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinateOffsetIT {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinateOffsetIT.class);

    static final long DEFAULT_SEED = 20_261_130L;
    static final int DEFAULT_POINTS = 4000;

    /** Mean Earth radius (IUGG), for metres from small differences in degrees (under 0.5% off at these sizes). */
    private static final double EARTH_RADIUS = 6_371_008.8;

    /** Mainland China's bounding box, well inside the box the transform applies in (no edge effects). */
    private static final double SOUTH = 18.0;

    private static final double NORTH = 53.6;
    private static final double WEST = 73.5;
    private static final double EAST = 135.1;

    /** WGS-84 lat, lon → GCJ-02 lat, lon, and where each pair was published. */
    private record Reference(String source, double wgsLat, double wgsLon, double gcjLat, double gcjLon) {}

    private static final List<Reference> REFERENCES = List.of(
            new Reference(
                    "googollee/eviltransform (Shanghai)", 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
            new Reference(
                    "googollee/eviltransform (Shenzhen)", 22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
            new Reference(
                    "googollee/eviltransform (Beijing)", 39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
            new Reference(
                    "wandergis/coordtransform (Beijing)", 39.915, 116.404, 39.91640428150164, 116.41024449916938));

    /** How the sample is drawn; a printed seed replays it. Immutable. */
    record Sample(long seed, int points) {
        Sample {
            if (points < 1000) {
                throw new IllegalArgumentException("stayaway.gcj.points=" + points
                        + ": at least 1000, or the share of offsets outside 100-700 m" + " (about 1%) says nothing");
            }
        }

        static Sample fromSystemProperties() {
            String seedText = System.getProperty("stayaway.gcj.seed", Long.toString(DEFAULT_SEED));
            long seed = "random".equals(seedText) ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seedText);
            return new Sample(seed, Integer.getInteger("stayaway.gcj.points", DEFAULT_POINTS));
        }

        /** Uniform WGS-84 [lat, lon] points over mainland China's bounding box. */
        List<List<Double>> draw() {
            SplittableRandom random = new SplittableRandom(seed);
            List<List<Double>> drawn = new ArrayList<>(points);
            for (int i = 0; i < points; i++) {
                drawn.add(List.of(random.nextDouble(SOUTH, NORTH), random.nextDouble(WEST, EAST)));
            }
            return drawn;
        }

        @Override
        public String toString() {
            return "seed=" + seed + " points=" + points + " (replay with -Dstayaway.gcj.seed=" + seed + ")";
        }
    }

    /** One sample per run, so a random seed is the same for the round trip and the offsets. */
    private final Sample sample = Sample.fromSystemProperties();

    private ChromeDriver browser;

    @BeforeAll
    void loadTheScriptIntoABlankPage() throws IOException {
        String script;
        try (InputStream in = CoordinateOffsetIT.class.getClassLoader().getResourceAsStream("console/gcj02.js")) {
            assertNotNull(in, "console/gcj02.js is not on the classpath");
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        browser = HeadlessChromium.start();
        browser.get("about:blank");
        browser.executeScript(script);
        assertEquals(true, js("return typeof window.StayawayGcj02.toGcj02 === 'function'"));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** {@code StayawayGcj02[function](lat, lon)} in the browser. */
    private double[] call(String function, double lat, double lon) {
        List<?> result =
                (List<?>) js("return window.StayawayGcj02." + function + "(arguments[0], arguments[1]);", lat, lon);
        return new double[] {((Number) result.get(0)).doubleValue(), ((Number) result.get(1)).doubleValue()};
    }

    /** Metres between two nearby points (equirectangular on the mean sphere). */
    static double metres(double lat1, double lon1, double lat2, double lon2) {
        double north = Math.toRadians(lat2 - lat1);
        double east = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        return EARTH_RADIUS * Math.hypot(north, east);
    }

    @Test
    void reproducesThePublishedReferencePairsWithin1e7Degrees() {
        double maxDegrees = 0;
        double maxMetres = 0;
        for (Reference r : REFERENCES) {
            double[] gcj = call("toGcj02", r.wgsLat(), r.wgsLon());
            double degrees = Math.max(Math.abs(gcj[0] - r.gcjLat()), Math.abs(gcj[1] - r.gcjLon()));
            assertTrue(degrees <= 1e-7, r + " gave " + gcj[0] + ", " + gcj[1] + ": " + degrees + " degrees off");
            maxDegrees = Math.max(maxDegrees, degrees);
            maxMetres = Math.max(maxMetres, metres(gcj[0], gcj[1], r.gcjLat(), r.gcjLon()));
        }
        LOG.info(
                "GCJ-02 reference pairs ({}): largest difference {} degrees, {} m",
                REFERENCES.size(),
                maxDegrees,
                maxMetres);
    }

    @Test
    void theInverseGivesEachReferenceWgsPointBackWithin1Centimetre() {
        double max = 0;
        for (Reference r : REFERENCES) {
            double[] wgs = call("toWgs84", r.gcjLat(), r.gcjLon());
            double error = metres(wgs[0], wgs[1], r.wgsLat(), r.wgsLon());
            assertTrue(error < 0.01, r + " came back as " + wgs[0] + ", " + wgs[1] + ": " + error + " m off");
            max = Math.max(max, error);
        }
        LOG.info("GCJ-02 inverse of the reference pairs: largest error {} m", max);
    }

    /** Each sample point as [wgsLat, wgsLon, gcjLat, gcjLon, backLat, backLon], converted in the browser. */
    private List<double[]> roundTrips() {
        List<List<Double>> points = sample.draw();
        List<?> results = (List<?>) js(
                "return arguments[0].map(function (p) {"
                        + " var g = window.StayawayGcj02.toGcj02(p[0], p[1]);"
                        + " var w = window.StayawayGcj02.toWgs84(g[0], g[1]);"
                        + " return [g[0], g[1], w[0], w[1]]; });",
                points);
        assertEquals(points.size(), results.size(), sample.toString());
        List<double[]> trips = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            List<?> r = (List<?>) results.get(i);
            double[] trip = new double[6];
            trip[0] = points.get(i).get(0);
            trip[1] = points.get(i).get(1);
            for (int k = 0; k < 4; k++) {
                trip[k + 2] = ((Number) r.get(k)).doubleValue();
            }
            trips.add(trip);
        }
        return trips;
    }

    @Test
    void aRoundTripOverChinaLosesUnder1Millimetre() {
        double max = 0;
        for (double[] t : roundTrips()) {
            double error = metres(t[0], t[1], t[4], t[5]);
            assertTrue(
                    error < 0.001,
                    sample + ": " + t[0] + ", " + t[1] + " came back as " + t[4] + ", " + t[5] + ", " + error + " m");
            max = Math.max(max, error);
        }
        LOG.info("GCJ-02 round trip over {}: largest error {} m", sample, max);
    }

    @Test
    void theOffsetOverChinaIsAFewHundredMetres() {
        double min = Double.MAX_VALUE;
        double max = 0;
        int under100 = 0;
        int over700 = 0;
        for (double[] t : roundTrips()) {
            double offset = metres(t[0], t[1], t[2], t[3]);
            // Roughly 100-700 m; in a small area around 37 N 96.6 E (Qaidam, Qinghai) it falls to ~17 m.
            assertTrue(offset > 10 && offset < 720, sample + ": " + t[0] + ", " + t[1] + " is offset " + offset + " m");
            min = Math.min(min, offset);
            max = Math.max(max, offset);
            under100 += offset < 100 ? 1 : 0;
            over700 += offset > 700 ? 1 : 0;
        }
        double outside = (under100 + over700) / (double) sample.points();
        LOG.info(
                "GCJ-02 offset over {}: {} m to {} m; under 100 m: {}, over 700 m: {} ({}% of the sample)",
                sample, min, max, under100, over700, 100 * outside);
        assertTrue(outside < 0.03, sample + ": " + 100 * outside + "% of the offsets are outside 100-700 m");
    }

    @Test
    void pointsOutsideChinaAreUnchanged() {
        double[][] outside = {
            {51.5074, -0.1278}, // London
            {-33.8688, 151.2093}, // Sydney
            {35.0, 141.5}, // the Pacific east of Honshu, beyond the box's 137.8347 E
        };
        for (double[] p : outside) {
            assertEquals(true, js("return window.StayawayGcj02.outsideChina(arguments[0], arguments[1]);", p[0], p[1]));
            double[] gcj = call("toGcj02", p[0], p[1]);
            double[] wgs = call("toWgs84", p[0], p[1]);
            assertEquals(p[0], gcj[0], 0.0);
            assertEquals(p[1], gcj[1], 0.0);
            assertEquals(p[0], wgs[0], 0.0);
            assertEquals(p[1], wgs[1], 0.0);
        }
        assertFalse((Boolean) js("return window.StayawayGcj02.outsideChina(31.2304, 121.4737);")); // Shanghai
    }

    @Test
    void anythingButFiniteNumbersIsRefused() {
        Object refused = js("try { window.StayawayGcj02.toGcj02(NaN, 121); return 'accepted'; }"
                + " catch (e) { return e instanceof TypeError ? 'refused' : String(e); }");
        assertEquals("refused", refused);
    }
}
