package io.stayaway.simulator.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stayaway.simulator.api.GatewayApi;
import io.stayaway.simulator.api.OrderOutcome;
import io.stayaway.simulator.device.Party;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpectationCheckTest {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String ORDER = "ORD-T1";

    private FakeGatewayApi gateway;
    private GatewayApi api;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = new FakeGatewayApi();
        api = new GatewayApi(gateway.base(), "secret-token");
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    private static AlertExpectation expect(AlertType type, Party party, Double withinSeconds) {
        return new AlertExpectation(type, party, null, null, withinSeconds, null, null);
    }

    private static Verdict check(AlertWatch watch, Expectations expectations, long startNanos) throws Exception {
        ExpectationCheck check = new ExpectationCheck(
                expectations,
                e -> startNanos
                        + TimeUnit.MILLISECONDS.toNanos(Math.round((e.within() == null ? 1 : e.within()) * 1000)),
                startNanos,
                POLL);
        return check.await(watch, startNanos + TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void aRequiredAlertRaisedDuringTheRunPasses() throws Exception {
        AlertWatch watch = AlertWatch.ignoringExisting(api, List.of(ORDER));
        long start = System.nanoTime();
        CompletableFuture.runAsync(
                () -> gateway.addAlert(ORDER, "a-1", "BREACH", "respondent", false),
                CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS));
        Verdict verdict = check(
                watch,
                new Expectations(
                        List.of(expect(AlertType.BREACH, Party.RESPONDENT, 3.0)),
                        List.of(expect(AlertType.PROXIMITY, null, null)),
                        null),
                start);
        assertTrue(verdict.passed(), verdict.report());
        assertTrue(verdict.report().contains("PASS  must     BREACH party=respondent within 3s"), verdict.report());
        assertTrue(verdict.report().contains("PASS  must not PROXIMITY -- not raised"), verdict.report());
    }

    @Test
    void missingAndForbiddenAlertsFailWithAnExpectedVersusActualDiff() throws Exception {
        AlertWatch watch = AlertWatch.ignoringExisting(api, List.of(ORDER));
        gateway.addAlert(ORDER, "a-2", "PROXIMITY", "respondent", false);
        gateway.addAlert(ORDER, "a-3", "BREACH", "protected", false);
        Verdict verdict = check(
                watch,
                new Expectations(
                        List.of(
                                expect(AlertType.TAMPER, Party.RESPONDENT, 1.0),
                                expect(AlertType.BREACH, Party.RESPONDENT, 1.0)),
                        List.of(expect(AlertType.PROXIMITY, null, null)),
                        null),
                System.nanoTime());
        String report = verdict.report();
        assertFalse(verdict.passed(), report);
        assertTrue(report.startsWith("Expectations: 0 passed, 3 failed"), report);
        assertTrue(report.contains("FAIL  must     TAMPER party=respondent within 1s -- not raised"), report);
        assertTrue(report.contains("FAIL  must     BREACH party=respondent within 1s -- not raised"), report);
        assertTrue(report.contains("FAIL  must not PROXIMITY -- raised: PROXIMITY party=respondent"), report);
        assertTrue(report.contains("Expected:\n  + TAMPER party=respondent within 1s\n"), report);
        assertTrue(report.contains("  - PROXIMITY\n"), report);
        assertTrue(report.contains("Actual (2 alerts raised during the run):"), report);
        assertTrue(
                report.contains("  = BREACH party=protected rule=home late=false state=NOTIFIED order=ORD-T1"), report);
    }

    @Test
    void anAlertFirstSeenAfterItsDeadlineFailsAsTooLate() throws Exception {
        AlertWatch watch = AlertWatch.ignoringExisting(api, List.of(ORDER));
        long start = System.nanoTime() - TimeUnit.SECONDS.toNanos(5);
        gateway.addAlert(ORDER, "a-4", "TAMPER", "respondent", false);
        Verdict verdict = check(
                watch, new Expectations(List.of(expect(AlertType.TAMPER, Party.RESPONDENT, 1.0)), null, null), start);
        assertFalse(verdict.passed());
        assertTrue(verdict.report().contains("raised too late, deadline was +1.0s: TAMPER"), verdict.report());
    }

    @Test
    void alertsFromAnEarlierRunAreNotCounted() throws Exception {
        gateway.addAlert(ORDER, "old-1", "BREACH", "respondent", false);
        AlertWatch watch = AlertWatch.ignoringExisting(api, List.of(ORDER));
        assertEquals(1, watch.ignoredExisting());
        Verdict verdict = check(
                watch, new Expectations(null, List.of(expect(AlertType.BREACH, null, null)), null), System.nanoTime());
        assertTrue(verdict.passed(), verdict.report());
    }

    @Test
    void lateFlagAndRuleAreMatchedWhenTheExpectationNamesThem() throws Exception {
        AlertWatch watch = AlertWatch.ignoringExisting(api, List.of(ORDER));
        gateway.addAlert(ORDER, "a-5", "BREACH", "respondent", false);
        AlertExpectation lateBreach =
                new AlertExpectation(AlertType.BREACH, Party.RESPONDENT, "home", true, 1.0, null, null);
        Verdict verdict = check(watch, new Expectations(List.of(lateBreach), null, null), System.nanoTime());
        assertFalse(verdict.passed(), "a breach not flagged late must not satisfy late: true");
        gateway.addAlert(ORDER, "a-6", "BREACH", "respondent", true);
        Verdict second = check(watch, new Expectations(List.of(lateBreach), null, null), System.nanoTime());
        assertTrue(second.passed(), second.report());
    }

    @Test
    void anUnreadableAlertsApiFailsTheCheck() throws Exception {
        AlertWatch watch = AlertWatch.ignoringExisting(api, List.of(ORDER));
        gateway.failAlertsWith(503);
        Verdict verdict = check(
                watch, new Expectations(null, List.of(expect(AlertType.BREACH, null, null)), null), System.nanoTime());
        assertFalse(verdict.passed());
        assertTrue(
                verdict.report()
                        .contains("the alerts could not be read: GET /api/alerts?orderId=ORD-T1 answered HTTP 503"),
                verdict.report());
    }

    @Test
    void ordersAreCreatedOnceWithTheBearerTokenAndAConflictIsFine() throws Exception {
        var order = new ObjectMapper().readTree("{\"id\":\"ORD-T2\",\"parties\":[]}");
        assertEquals(OrderOutcome.CREATED, api.createOrder(order));
        assertEquals(OrderOutcome.ALREADY_EXISTS, api.createOrder(order));
        assertTrue(
                gateway.authorizations().stream().allMatch("Bearer secret-token"::equals),
                gateway.authorizations().toString());
    }
}
