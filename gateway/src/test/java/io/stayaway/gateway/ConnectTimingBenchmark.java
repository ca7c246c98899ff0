package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (not part of the suite; docs/benchmarks.md) of the embedded endpoint's CONNECT: a valid CONNECT alone
 * and sent just after 40 bad ones, and a refused CONNECT of an unknown id against a known id with a wrong secret,
 * timed from a raw socket (CONNECT sent to CONNACK read), medians of {@value #ROUNDS} rounds after a warm-up. Run
 * it alone: {@code mvn -B -o -pl gateway -am verify -Dit.test=ConnectTimingBenchmark -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class ConnectTimingBenchmark {
    private static final int ROUNDS = 30;
    private static final int BAD = 40;

    @Test
    void connectTimings() throws Exception {
        try (GatewayHarness h =
                new GatewayHarness(Map.of("STAYAWAY_MQTT_MODE", "embedded", "STAYAWAY_EMBEDDED_MQTT_PORT", "0"))) {
            String device = "bench-" + h.suffix;
            String password = h.registerDevice(device);
            int port = h.gateway.mqttPort();
            ExecutorService pool = Executors.newFixedThreadPool(BAD);
            try {
                for (int i = 0; i < 3 * ROUNDS; i++) { // warm-up
                    timed(port, device, password);
                    timed(port, "nobody-" + i, "guess");
                }
                List<Double> alone = new ArrayList<>();
                List<Double> behind = new ArrayList<>();
                List<Double> behindKnown = new ArrayList<>();
                List<Double> unknown = new ArrayList<>();
                List<Double> known = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    alone.add(timed(port, device, password));
                    unknown.add(timed(port, "nobody-" + r, "guess"));
                    known.add(timed(port, device, "guess"));
                    behind.add(behindBad(pool, port, device, password, false));
                    behindKnown.add(behindBad(pool, port, device, password, true));
                }
                System.out.printf(
                        "CONNECT timings (median of %d, ms): valid alone %.1f; valid behind %d bad (half unknown ids) %.1f;"
                                + " valid behind %d bad (all the known id) %.1f; refused, unknown id %.1f;"
                                + " refused, known id %.1f%n",
                        ROUNDS,
                        median(alone),
                        BAD,
                        median(behind),
                        BAD,
                        median(behindKnown),
                        median(unknown),
                        median(known));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A valid CONNECT sent just after {@value #BAD} bad ones (all for the known id, or half for unknown ids). */
    private static double behindBad(ExecutorService pool, int port, String device, String password, boolean allKnown)
            throws InterruptedException {
        List<CompletableFuture<Double>> flood = new ArrayList<>();
        for (int i = 0; i < BAD; i++) {
            String who = allKnown || i % 2 == 0 ? device : "nobody-" + i;
            flood.add(CompletableFuture.supplyAsync(() -> timed(port, who, "guess"), pool));
        }
        Thread.sleep(5); // the bad CONNECTs are on their way first
        double t = timed(port, device, password);
        flood.forEach(CompletableFuture::join);
        return t;
    }

    private static double timed(int port, String user, String password) {
        long t0 = System.nanoTime();
        try {
            int code = RawConnect.connect(port, "bench-" + System.nanoTime(), user, password);
            assertEquals(user.startsWith("bench-") && !password.equals("guess") ? 0 : 4, code);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
