package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PROXIMITY_UNKNOWN as the gateway drives it: pings evaluated as they arrive, {@code advanceTo(serverNow)}
 * every 5 s, device clocks possibly behind the server's ("meeting in the city", simulator scenario library).
 */
class ProximityUnknownTest {
    private static final Instant SERVER_START = Instant.parse("2026-11-27T13:00:00Z");

    private static Order meetingOrder() {
        return Orders.withZones(List.of(new MobileExclusionZone("victim", Orders.PROTECTED, 500, 1000)));
    }

    /**
     * Simulates {@code minutes} of server time from the order's start: the respondent walks from 3 km east
     * towards the protected person at 3 m/s (cycling) and reports every 20 s; she walks towards him and reports every
     * ~60 s (jitter 50-70 s) except during {@code [silentFrom, silentUntil)} minutes; every fix carries a device
     * time {@code lagSeconds} behind the server clock and arrives 1-3 s after it was taken; advanceTo every 5 s.
     */
    static Run meeting(
            int minutes, int lagSeconds, int silentFrom, int silentUntil, boolean tellServerTime, long seed) {
        Random random = new Random(seed);
        OrderEvaluator evaluator = OrderEvaluator.create(meetingOrder(), EvaluatorSettings.defaults());
        Run run = new Run();
        long nextRespondent = 2;
        long nextProtected = 40 + random.nextInt(20);
        long respondentSeq = 1;
        long protectedSeq = 1;
        for (long second = 0; second <= minutes * 60L; second++) {
            Instant server = SERVER_START.plusSeconds(second);
            Instant device = server.minusSeconds(lagSeconds);
            if (second == nextRespondent) {
                double[] p = Ground.offset(Ground.LAT, Ground.LON, 90, Math.max(50, 3000 - 3.0 * second));
                Ping ping = new Ping(
                        Orders.RESPONDENT, respondentSeq++, device.minusSeconds(1 + random.nextInt(3)), p[0], p[1], 8);
                run.add(tellServerTime ? evaluator.evaluate(ping, server) : evaluator.evaluate(ping));
                nextRespondent += 20;
            }
            if (second == nextProtected) {
                if (second < silentFrom * 60L || second >= silentUntil * 60L) {
                    double[] p = Ground.offset(Ground.LAT, Ground.LON, 270, Math.max(0, 1000 - 1.2 * second));
                    Ping ping = new Ping(
                            Orders.PROTECTED,
                            protectedSeq++,
                            device.minusSeconds(1 + random.nextInt(3)),
                            p[0],
                            p[1],
                            8);
                    run.add(tellServerTime ? evaluator.evaluate(ping, server) : evaluator.evaluate(ping));
                }
                nextProtected += 50 + random.nextInt(21);
            }
            if (second % 5 == 0) {
                run.events.addAll(evaluator.advanceTo(server));
            }
        }
        return run;
    }

    @ParameterizedTest(name = "device clock {0} s behind, server time told: {1}")
    @CsvSource({"0, false", "0, true", "420, false", "420, true", "3600, false"})
    void counterpartReportingEveryMinuteNeverOpensUnknownWithTicksEveryFiveSeconds(
            int lagSeconds, boolean tellServerTime) {
        for (long seed = 1; seed <= 5; seed++) {
            Run run = meeting(15, lagSeconds, Integer.MAX_VALUE, Integer.MAX_VALUE, tellServerTime, seed);

            assertEquals(List.of(), run.opened(EpisodeKind.PROXIMITY_UNKNOWN), "seed " + seed);
            assertEquals(
                    0,
                    run.evaluations.stream()
                            .dropWhile(e -> !e.ping().deviceId().equals(Orders.PROTECTED))
                            .filter(e -> e.assessments().get(0).classification() == Classification.UNKNOWN)
                            .count(),
                    "seed " + seed);
            assertEquals(
                    1, run.opened(EpisodeKind.APPROACH).size(), "the approach itself is still caught, seed " + seed);
        }
    }

    @ParameterizedTest(name = "device clock {0} s behind")
    @CsvSource({"0", "420"})
    void counterpartSilentForTenMinutesOpensExactlyOneUnknownThatClosesOnceItReportsAgain(int lagSeconds) {
        Run run = meeting(20, lagSeconds, 3, 13, false, 7);

        List<Episode> opened = run.opened(EpisodeKind.PROXIMITY_UNKNOWN);
        assertEquals(1, opened.size(), "" + opened);
        assertEquals(1, run.closed(EpisodeKind.PROXIMITY_UNKNOWN).size());
        Episode closed = run.closed(EpisodeKind.PROXIMITY_UNKNOWN).get(0);
        Instant silentFromDevice = SERVER_START.plusSeconds(3 * 60 - lagSeconds);
        Instant backDevice = SERVER_START.plusSeconds(13 * 60 - lagSeconds);
        assertTrue(
                closed.start().isAfter(silentFromDevice.plusSeconds(60))
                        && closed.start().isBefore(silentFromDevice.plusSeconds(200)),
                "opens about the staleness limit after her last fix: " + closed.start());
        assertTrue(
                !closed.end().isBefore(backDevice) && closed.end().isBefore(backDevice.plusSeconds(75)),
                "ends when she reports again: " + closed.end());
    }

    @Test
    void noUnknownWhileTheCounterpartHasNotReportedWithinTheStartUpGrace() {
        Run run = meeting(2, 0, 0, 1, false, 3);

        assertEquals(
                List.of(),
                run.opened(EpisodeKind.PROXIMITY_UNKNOWN),
                "her first fix comes at about 110 s, within the 120 s grace");
    }

    @Test
    void counterpartThatNeverReportsOpensOneUnknownOnceTheGraceIsOver() {
        Run run = meeting(10, 420, 0, Integer.MAX_VALUE, false, 3);

        List<Episode> opened = run.opened(EpisodeKind.PROXIMITY_UNKNOWN);
        assertEquals(1, opened.size());
        Instant firstFix = SERVER_START.plusSeconds(2 - 420 - 3);
        Duration after = Duration.between(firstFix, opened.get(0).start());
        assertTrue(
                after.compareTo(Duration.ofSeconds(120)) >= 0 && after.compareTo(Duration.ofSeconds(135)) <= 0,
                "" + after);
        assertTrue(opened.get(0).explanation().contains("grace"), opened.get(0).explanation());
    }

    @Test
    void snapshotKeepsTheServerTimeOfEvaluation() {
        OrderEvaluator evaluator = OrderEvaluator.create(meetingOrder(), EvaluatorSettings.defaults());
        Instant device = SERVER_START.minusSeconds(420);
        evaluator.evaluate(new Ping(Orders.PROTECTED, 1, device, Ground.LAT, Ground.LON, 6), SERVER_START);
        evaluator.evaluate(
                new Ping(Orders.RESPONDENT, 1, device.plusSeconds(1), Ground.LAT + 0.1, Ground.LON, 6),
                SERVER_START.plusSeconds(1));

        OrderEvaluator restored =
                OrderEvaluator.restore(meetingOrder(), EvaluatorSettings.defaults(), evaluator.snapshot());
        List<GeofenceEvent> events = new ArrayList<>();
        for (int s = 5; s <= 100; s += 5) {
            events.addAll(restored.advanceTo(SERVER_START.plusSeconds(s)));
        }
        assertEquals(List.of(), events);
    }
}
