package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixes that are implausible against the device's recent track as a whole: the respondent works 4.5 km from the
 * protected person's home, and a positioning database that still places his workplace's access point inside the warning
 * band of her home makes his device report coarse Wi-Fi fixes there, alternating with good GNSS fixes at work a minute
 * apart. No person moves like that: those fixes are teleports and support no episode, while a real approach, even one
 * reported only by coarse fixes, still opens its episode.
 */
class TeleportTest {
    private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    /** The home: 500 m exclusion circle with a 1 km warning band (the band runs from 500 m to 1.5 km). */
    private static final Order HOME =
            Orders.withZones(List.of(new ExclusionZone("home", new Circle(Ground.LAT, Ground.LON, 500), 1000.0)));

    private static final double WORK = 4500;
    private static final double MISLOCATED_AP = 1000;

    /** GNSS at work for ten minutes, then an hour of the pattern: one coarse fix in three, in runs of up to two. */
    private static Walk mislocatedAccessPointHour() {
        Walk walk = Walk.respondent(T0).line(WORK, WORK + 5, 0, 10, 8, 60);
        String pattern = "GWGWWGGWGGGWWGGWGGGGWGWWGGG";
        for (int minute = 0; minute < 60; minute++) {
            if (pattern.charAt(minute % pattern.length()) == 'W') {
                walk.at(MISLOCATED_AP, 0, 250, 60);
            } else {
                walk.at(WORK + (minute % 3), 0, 8, 60);
            }
        }
        return walk;
    }

    @Test
    void coarseFixesAlternatingWithGnssKilometresAwayAreTeleportsAndOpenNothing() {
        Run run = Run.of(
                OrderEvaluator.create(HOME, EvaluatorSettings.defaults()),
                mislocatedAccessPointHour().pings());

        long coarse = run.evaluations.stream()
                .filter(e -> e.ping().accuracyMetres() == 250)
                .count();
        long teleports = run.evaluations.stream()
                .filter(e -> e.flags().contains(PingFlag.TELEPORT))
                .count();
        assertEquals(coarse, teleports, "every coarse fix is a teleport");
        assertTrue(run.evaluations.stream()
                .filter(e -> e.ping().accuracyMetres() == 8)
                .noneMatch(
                        e -> e.flags().contains(PingFlag.TELEPORT) || e.flags().contains(PingFlag.IMPLAUSIBLE_JUMP)));
        assertEquals(List.of(), run.opened(), "no episode of any kind");
        assertTrue(run.evaluations.stream()
                .filter(e -> e.flags().contains(PingFlag.TELEPORT))
                .allMatch(e -> e.assessments().get(0).reason().contains("teleport")));
    }

    /** The same fixes, judged only by top speed from the previous fix as before: warnings all day long. */
    @Test
    void judgedOnlyByTopSpeedFromThePreviousFixTheSameFixesOpenApproaches() {
        EvaluatorSettings speedOnly = EvaluatorSettings.defaults().withSpeedCheckOnly();
        Run run = Run.of(
                OrderEvaluator.create(HOME, speedOnly),
                mislocatedAccessPointHour().pings());

        assertTrue(run.opened(EpisodeKind.APPROACH).size() >= 2, "opened " + run.opened(EpisodeKind.APPROACH));
    }

    @Test
    void aRealDriveIntoTheBandReportedByCoarseFixesOnArrivalStillOpensAnApproach() {
        Walk walk = Walk.respondent(T0)
                .line(WORK, WORK + 5, 0, 10, 8, 60)
                .line(WORK, 1800, 0, 4, 10, 60) // 15 m/s along the road
                .line(MISLOCATED_AP, MISLOCATED_AP + 20, 0, 4, 250, 60); // indoors, Wi-Fi only
        believedAsOneApproach(walk);
    }

    /** Every fix of the walk is believed (no teleport) and the walk opens one APPROACH. */
    private static void believedAsOneApproach(Walk walk) {
        Run run = Run.of(OrderEvaluator.create(HOME, EvaluatorSettings.defaults()), walk.pings());

        assertTrue(run.evaluations.stream().noneMatch(e -> e.flags().contains(PingFlag.TELEPORT)));
        assertEquals(1, run.opened(EpisodeKind.APPROACH).size());
    }

    @Test
    void aJumpAfterTenMinutesWithoutFixesIsWithinReach() {
        Walk walk = Walk.respondent(T0)
                .line(WORK, WORK + 5, 0, 10, 8, 60)
                .pause(600)
                .line(MISLOCATED_AP, MISLOCATED_AP + 20, 0, 3, 250, 60);
        believedAsOneApproach(walk);
    }

    @Test
    void coarseFixesThatHoldForTheSettleTimeWithoutAFixOnTheOldTrackReanchorIt() {
        Walk walk = Walk.respondent(T0)
                .line(WORK, WORK + 5, 0, 10, 8, 60)
                .line(MISLOCATED_AP, MISLOCATED_AP + 20, 0, 14, 250, 60);
        Run run = Run.of(OrderEvaluator.create(HOME, EvaluatorSettings.defaults()), walk.pings());

        assertTrue(run.evaluations.get(10).flags().contains(PingFlag.TELEPORT));
        assertFalse(run.evaluations.get(20).flags().contains(PingFlag.TELEPORT), "held 10 minutes: the track moves");
        assertEquals(1, run.opened(EpisodeKind.APPROACH).size());
        int opening = 0;
        while (run.evaluations.get(opening).events().stream().noneMatch(e -> e instanceof EpisodeOpened)) {
            opening++;
        }
        assertEquals(21, opening, "opened on the second fix after the run settled, dated from the run's first fix");
    }

    @Test
    void teleportsIntoTheZoneItselfSupportNoBreach() {
        Walk walk = Walk.respondent(T0).line(WORK, WORK + 5, 0, 10, 8, 60);
        for (int i = 0; i < 30; i++) {
            walk.at(100, 0, 150, 60).at(100, 0, 150, 60).at(WORK, 0, 8, 60);
        }
        Run run = Run.of(OrderEvaluator.create(HOME, EvaluatorSettings.defaults()), walk.pings());

        assertEquals(List.of(), run.opened());
        assertTrue(run.evaluations.stream()
                .filter(e -> e.ping().accuracyMetres() == 150)
                .allMatch(
                        e -> e.flags().contains(PingFlag.TELEPORT) || e.flags().contains(PingFlag.IMPLAUSIBLE_JUMP)));
    }

    /**
     * One phantom place is remembered: a one-off cell fix a kilometre from work, followed by GNSS back at work, must not
     * replace the mislocated access point the device keeps seeing, or the access point's next fix after a few minutes
     * without GNSS would be within reach and open an APPROACH.
     */
    @Test
    void aOneOffCellFixDoesNotMakeTheDeviceForgetTheMislocatedAccessPoint() {
        Walk walk = mislocatedAccessPointHour()
                .at(WORK, 0, 8, 60)
                .at(WORK + 1000, 0, 600, 60) // a cell fix, 1 km off, accepted: within reach
                .at(WORK, 0, 8, 60) // GNSS back at work: the cell fix is a phantom place too
                .pause(180)
                .line(MISLOCATED_AP, MISLOCATED_AP + 10, 0, 3, 250, 60);
        List<Ping> pings = walk.pings();
        Run run = Run.of(OrderEvaluator.create(HOME, EvaluatorSettings.defaults()), pings);

        assertEquals(List.of(), run.opened(), "the access point is still known to be a phantom");
        for (int i = pings.size() - 3; i < pings.size(); i++) {
            assertTrue(run.evaluations.get(i).flags().contains(PingFlag.TELEPORT), "fix " + i);
        }
    }
}
