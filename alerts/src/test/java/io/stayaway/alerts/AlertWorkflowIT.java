package io.stayaway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.notify.DryRunChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The officers' workflow on the real PostgreSQL: every allowed and every refused move, and two officers racing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertWorkflowIT {
    private static final AtomicInteger KEYS = new AtomicInteger();
    private AlertsHarness h;
    private AlertService alerts;
    private AlertWorkflow workflow;

    /** An officer's action and the state it asks for. */
    enum Action {
        ACKNOWLEDGE(AlertState.ACKNOWLEDGED),
        DISPATCH(AlertState.DISPATCHED),
        RESOLVE(AlertState.RESOLVED);

        final AlertState target;

        Action(AlertState target) {
            this.target = target;
        }

        Alert apply(AlertWorkflow w, UUID id, String officer) {
            return switch (this) {
                case ACKNOWLEDGE -> w.acknowledge(id, officer, "seen on console");
                case DISPATCH -> w.dispatch(id, officer, "unit 12");
                case RESOLVE -> w.resolve(id, officer, Outcome.FALSE_ALARM, "drift near the boundary");
            };
        }
    }

    @BeforeAll
    void start() {
        h = new AlertsHarness();
        Alerting alerting = h.alerting(new DryRunChannel(), AlertsHarness.fastSettings(null));
        alerts = alerting.alerts();
        workflow = alerting.workflow();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    static Stream<Arguments> everyStateAndAction() {
        List<Arguments> out = new ArrayList<>();
        for (AlertState from : AlertState.values()) {
            for (Action action : Action.values()) {
                out.add(Arguments.of(from, action, AlertLifecycle.officerMayMove(from, action.target)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} on a {0} alert: allowed={2}")
    @MethodSource("everyStateAndAction")
    void everyMoveIsAllowedOrRefusedAsTheTableSays(AlertState from, Action action, boolean allowed) {
        UUID id = alertIn(from);
        long recordsBefore = transitions(id);
        if (allowed) {
            Alert moved = action.apply(workflow, id, "officer Li");
            assertEquals(action.target, moved.state());
            assertEquals(recordsBefore + 1, transitions(id), "one append-only record per move");
            AlertDetail.Transition last = last(id);
            assertEquals(from, last.from());
            assertEquals(action.target, last.to());
            assertEquals("officer Li", last.actor());
            assertNull(moved.escalateAt(), "no escalation stays due once an officer has acted");
        } else {
            InvalidTransitionException refused =
                    assertThrows(InvalidTransitionException.class, () -> action.apply(workflow, id, "officer Li"));
            assertEquals(from, refused.from());
            assertEquals(action.target, refused.to());
            assertEquals(id, refused.alertId());
            assertEquals(from, alerts.get(id).orElseThrow().state(), "a refused move changes nothing");
            assertEquals(recordsBefore, transitions(id), "a refused move leaves no record");
        }
    }

    @Test
    void resolvingRecordsTheOutcomeOnTheAlertAndItsLifecycle() {
        UUID id = alertIn(AlertState.DISPATCHED);
        Alert resolved =
                workflow.resolve(id, "officer Wang", Outcome.CONFIRMED_BREACH, "respondent detained at the door");
        assertEquals(Outcome.CONFIRMED_BREACH, resolved.outcome());
        AlertDetail.Transition last = last(id);
        assertEquals(Outcome.CONFIRMED_BREACH, last.outcome());
        assertEquals("respondent detained at the door", last.note());
        List<AlertState> path = alerts.detail(id).orElseThrow().lifecycle().stream()
                .map(AlertDetail.Transition::to)
                .toList();
        assertEquals(
                List.of(AlertState.OPEN, AlertState.ACKNOWLEDGED, AlertState.DISPATCHED, AlertState.RESOLVED), path);
    }

    @Test
    void anUnknownAlertIsNotFound() {
        UUID unknown = UUID.randomUUID();
        AlertNotFoundException e =
                assertThrows(AlertNotFoundException.class, () -> workflow.acknowledge(unknown, "officer Li", null));
        assertEquals(unknown, e.alertId());
    }

    @Test
    void anUnnamedOfficerOrUnitIsRefused() {
        UUID id = alertIn(AlertState.OPEN);
        assertThrows(IllegalArgumentException.class, () -> workflow.acknowledge(id, " ", null));
        workflow.acknowledge(id, "officer Li", null);
        assertThrows(IllegalArgumentException.class, () -> workflow.dispatch(id, "officer Li", ""));
    }

    @Test
    void ofTwoOfficersAcknowledgingAtOnceExactlyOneSucceeds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                UUID id = alertIn(AlertState.NOTIFIED);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> outcomes = new ArrayList<>();
                for (String officer : List.of("officer Li", "officer Wang")) {
                    Callable<String> attempt = () -> {
                        go.await();
                        try {
                            workflow.acknowledge(id, officer, null);
                            return "won";
                        } catch (InvalidTransitionException e) {
                            assertEquals(AlertState.ACKNOWLEDGED, e.from());
                            return "refused";
                        }
                    };
                    outcomes.add(pool.submit(attempt));
                }
                go.countDown();
                List<String> results = new ArrayList<>();
                for (Future<String> f : outcomes) {
                    results.add(f.get());
                }
                assertEquals(1, results.stream().filter("won"::equals).count(), "round " + round + ": " + results);
                assertEquals(
                        1,
                        h.count(
                                "SELECT count(*) FROM alert_transitions WHERE to_state = 'ACKNOWLEDGED' AND alert_id = '"
                                        + id + "'"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listenersHearEachMoveAfterCommit() {
        UUID id = alertIn(AlertState.OPEN);
        h.changes.clear();
        workflow.acknowledge(id, "officer Li", null);
        AlertChange change = h.changes.stream()
                .filter(c -> c.alert().id().equals(id))
                .findFirst()
                .orElseThrow();
        assertEquals(AlertChange.Kind.TRANSITIONED, change.kind());
        assertEquals(AlertState.ACKNOWLEDGED, change.alert().state());
        assertEquals(
                AlertState.ACKNOWLEDGED, alerts.get(id).orElseThrow().state(), "the listener runs after the commit");
    }

    @Test
    void raisingTheSameEpisodeAgainUpdatesTheOneAlertAndTellsListeners() {
        AlertTrigger opened = AlertsHarness.breach("wf-episode");
        UUID id = alerts.raise(opened, AlertsHarness.contacts()).alert().id();
        AlertTrigger closer = new AlertTrigger(
                opened.dedupeKey(),
                opened.orderId(),
                opened.type(),
                opened.ruleId(),
                opened.deviceId(),
                opened.party(),
                opened.eventTime(),
                java.time.Instant.parse("2026-11-27T13:31:00Z"),
                false,
                -180.0,
                6.0,
                "left the zone");
        RaisedAlert updated = alerts.raise(closer, AlertsHarness.contacts());

        assertEquals(id, updated.alert().id());
        assertEquals(-180.0, updated.alert().minDistanceMetres());
        assertEquals(
                java.time.Instant.parse("2026-11-27T13:31:00Z"), updated.alert().endedAt());
        assertEquals(1, h.count("SELECT count(*) FROM alerts WHERE dedupe_key = 'wf-episode'"));
        assertEquals(
                2,
                h.count("SELECT count(*) FROM notifications WHERE alert_id = '" + id + "'"),
                "notifications are owed once");
        assertEquals(
                List.of(AlertChange.Kind.CREATED, AlertChange.Kind.UPDATED),
                h.changes.stream()
                        .filter(c -> c.alert().id().equals(id))
                        .map(AlertChange::kind)
                        .toList());
    }

    /** A fresh critical alert brought to {@code state} the way it happens in service. */
    private UUID alertIn(AlertState state) {
        UUID id = alerts.raise(AlertsHarness.breach("wf-" + KEYS.incrementAndGet()), AlertsHarness.contacts())
                .alert()
                .id();
        switch (state) {
            case OPEN -> {}
            case NOTIFIED -> h.execute("UPDATE alerts SET state = 'NOTIFIED' WHERE id = '" + id + "'");
            case ACKNOWLEDGED -> workflow.acknowledge(id, "officer Zhao", null);
            case DISPATCHED -> {
                workflow.acknowledge(id, "officer Zhao", null);
                workflow.dispatch(id, "officer Zhao", "unit 7");
            }
            case RESOLVED -> {
                workflow.acknowledge(id, "officer Zhao", null);
                workflow.resolve(id, "officer Zhao", Outcome.TECHNICAL, null);
            }
        }
        assertEquals(state, alerts.get(id).orElseThrow().state());
        assertTrue(transitions(id) >= 1);
        return id;
    }

    private long transitions(UUID id) {
        return h.count("SELECT count(*) FROM alert_transitions WHERE alert_id = '" + id + "'");
    }

    private AlertDetail.Transition last(UUID id) {
        List<AlertDetail.Transition> lifecycle = alerts.detail(id).orElseThrow().lifecycle();
        return lifecycle.get(lifecycle.size() - 1);
    }
}
