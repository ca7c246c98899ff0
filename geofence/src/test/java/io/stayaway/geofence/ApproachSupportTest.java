package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which fixes support an APPROACH, and when the evaluator suspects a rule. The zone is a 300 m circle with a 100 m
 * warning band: the band runs from 300 m to 400 m from the centre. A respondent living just beyond the band, whose
 * fixes drift a few metres into it with an uncertainty larger than that, is not approaching; a fix that is in the band
 * beyond its whole uncertainty supports.
 */
class ApproachSupportTest {
    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00Z");
    private static final Order HOME =
            Orders.withZones(List.of(new ExclusionZone("home", new Circle(Ground.LAT, Ground.LON, 300), 100.0)));

    /** Ten minutes at home 420 m out, at a fix a minute, with five fixes drifting 5-10 m into the band (15 m accuracy). */
    private static Walk driftAtTheBandsEdge() {
        Walk walk = Walk.respondent(T0);
        double[] metres = {420, 395, 392, 418, 421, 394, 390, 425, 396, 419};
        for (double m : metres) {
            walk.at(m, 0, 15, 60);
        }
        return walk;
    }

    @Test
    void fixesInTheBandByLessThanTheirUncertaintyOpenNothing() {
        Run run = Run.of(
                OrderEvaluator.create(HOME, EvaluatorSettings.defaults()),
                driftAtTheBandsEdge().pings());

        assertEquals(List.of(), run.opened(), "drift at the band's edge is not an approach");
    }

    @Test
    void judgedByTheFixCentreAloneTheSameDriftOpensAnApproach() {
        EvaluatorSettings centre = EvaluatorSettings.defaults().withApproachInsideShare(0);
        Run run = Run.of(
                OrderEvaluator.create(HOME, centre), driftAtTheBandsEdge().pings());

        assertEquals(1, run.opened(EpisodeKind.APPROACH).size(), "the rule before issue #18: " + run.opened());
    }

    @Test
    void aFixBarelyInTheBandHoldsTheRunThatDeeperFixesConfirm() {
        Walk walk = Walk.respondent(T0)
                .at(450, 0, 10, 60)
                .at(370, 0, 10, 60) // 30 m into the band, 10 m uncertainty: supports
                .at(395, 0, 10, 60) // 5 m in, within its uncertainty: neither supports nor resets
                .at(360, 0, 10, 60); // supports: the second over more than 20 s
        Run run = Run.of(OrderEvaluator.create(HOME, EvaluatorSettings.defaults()), walk.pings());

        assertEquals(1, run.opened(EpisodeKind.APPROACH).size(), run.opened().toString());
        assertEquals(3, run.pingThatOpened(EpisodeKind.APPROACH), "opens on the fourth fix");
        assertEquals(
                List.of(2L, 4L),
                run.opened(EpisodeKind.APPROACH).get(0).supportingSeqs(),
                "the held fix is no support");
    }

    @Test
    void theEvaluatorSuspectsARuleFromItsFirstSupportingFixUntilItOpensOrClears() {
        OrderEvaluator evaluator = OrderEvaluator.create(HOME, EvaluatorSettings.defaults());
        Walk walk = Walk.respondent(T0)
                .at(800, 0, 10, 60)
                .at(360, 0, 10, 15) // in the band: a first supporting fix
                .at(700, 0, 10, 60) // clear: the suspicion is gone
                .at(250, 0, 10, 15) // inside the zone: BREACH and APPROACH machines both suspect
                .at(240, 0, 10, 15)
                .at(230, 0, 10, 15); // third fix: the breach opens
        List<Ping> pings = walk.pings();
        boolean[] suspects = new boolean[pings.size()];
        List<GeofenceEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < pings.size(); i++) {
            events.addAll(evaluator.evaluate(pings.get(i)).events());
            suspects[i] = evaluator.suspects();
        }

        assertFalse(suspects[0], "far away");
        assertTrue(suspects[1], "one fix in the band");
        assertFalse(suspects[2], "the next fix cleared it");
        assertTrue(suspects[3] && suspects[4], "in the zone, not yet confirmed");
        assertFalse(suspects[5], "the breach opened; nothing is pending");
        assertTrue(events.stream()
                .anyMatch(e -> e instanceof EpisodeOpened && e.episode().kind() == EpisodeKind.BREACH));
    }
}
