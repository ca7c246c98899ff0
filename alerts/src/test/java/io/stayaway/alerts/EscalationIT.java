package io.stayaway.alerts;

import static io.stayaway.alerts.AlertsHarness.DESK;
import static io.stayaway.alerts.AlertsHarness.PROTECTED;
import static io.stayaway.alerts.AlertsHarness.SUPERVISOR;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.testing.FakeTwilio;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation of unacknowledged critical alerts, through the real SDK to the local Twilio endpoint,
 * with a one-second acknowledgement deadline and supervisor delay.
 */
class EscalationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private AlertsHarness h;

    @BeforeEach
    void start() {
        h = new AlertsHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anUnacknowledgedCriticalAlertCallsTheDeskByVoiceThenTheSupervisor() {
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        alerting.start();
        Instant raisedAt = Instant.now();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("esc-1"), AlertsHarness.contacts())
                .alert()
                .id();

        await().atMost(WAIT).until(() -> h.callsTo(DESK).size() == 1);
        FakeTwilio.Received deskCall = h.callsTo(DESK).get(0);
        assertEquals(AlertsHarness.FROM, deskCall.from());
        assertTrue(
                deskCall.twiml().contains("<Say language=\"zh-CN\" loop=\"3\">再次通知：此警报尚未被确认。【严重违令】保护令 ORD-1："),
                deskCall.twiml());
        assertEquals(1, h.smsTo(DESK).size(), "the first notice was an SMS");

        await().atMost(WAIT).until(() -> h.callsTo(SUPERVISOR).size() == 1);
        assertEquals(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"en-US\" loop=\"3\">Supervisor escalation: "
                        + "the exclusion zone breach alert on order ORD-1 at 2026-11-27 21:20:05 (Asia/Shanghai) has not been acknowledged by the "
                        + "duty desk Pudong PSB. Call the desk and make sure a unit is dispatched.</Say></Response>",
                h.callsTo(SUPERVISOR).get(0).twiml());

        AlertDetail detail = alerting.alerts().detail(id).orElseThrow();
        assertEquals(
                List.of(1, 2),
                detail.escalations().stream().map(AlertDetail.Escalation::level).toList());
        assertEquals("desk " + DESK, detail.escalations().get(0).target());
        assertEquals("supervisor " + SUPERVISOR, detail.escalations().get(1).target());
        assertTrue(detail.escalations().stream().allMatch(e -> e.reason() == EscalationReason.ACK_TIMEOUT));
        assertTrue(
                !detail.escalations().get(0).at().isBefore(raisedAt.plusSeconds(1)),
                "not before the acknowledgement deadline");
        assertTrue(
                !detail.escalations()
                        .get(1)
                        .at()
                        .isBefore(detail.escalations().get(0).at().plusSeconds(1)),
                "supervisor one interval later");
        assertEquals(2, detail.alert().escalationLevel());
        assertNull(detail.alert().escalateAt(), "two steps, then no more");
        assertEquals(
                2,
                h.changes.stream()
                        .filter(c -> c.kind() == AlertChange.Kind.ESCALATED)
                        .count());
        assertEquals(
                3,
                detail.notifications().stream()
                        .filter(n -> n.purpose().equals("escalation")
                                || n.channel().equals("sms")
                                        && n.recipientRole().equals("desk"))
                        .count());

        await().during(Duration.ofMillis(1500))
                .atMost(WAIT)
                .until(() -> h.twilio.received().stream()
                                .filter(r -> "Calls".equals(r.resource()))
                                .count()
                        == 2);
    }

    @Test
    void oneAlertWhoseStepCannotBeTakenAsStoredDoesNotHoldBackTheOthersAndIsStillEscalated() throws Exception {
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        UUID damaged = alerting.alerts()
                .raise(AlertsHarness.breach("esc-damaged"), AlertsHarness.contacts())
                .alert()
                .id();
        UUID sound = alerting.alerts()
                .raise(AlertsHarness.breach("esc-sound"), AlertsHarness.contacts())
                .alert()
                .id();
        // A stored value the step cannot use (here a time zone no JDK knows): before, the whole batch failed,
        // was rolled back and claimed again forever, and no alert escalated at all.
        try (var c = h.ds.getConnection();
                var ps = c.prepareStatement("UPDATE alerts SET time_zone = 'Mars/Olympus_Mons' WHERE id = ?")) {
            ps.setObject(1, damaged);
            assertEquals(1, ps.executeUpdate());
        }
        alerting.start();

        await().atMost(WAIT)
                .until(() -> alerting.alerts()
                                        .detail(sound)
                                        .orElseThrow()
                                        .escalations()
                                        .size()
                                >= 1
                        && alerting.alerts()
                                        .detail(damaged)
                                        .orElseThrow()
                                        .escalations()
                                        .size()
                                >= 1);
        await().atMost(WAIT).until(() -> h.callsTo(DESK).size() >= 2);
        assertTrue(
                h.callsTo(DESK).stream().anyMatch(call -> call.twiml().contains("UTC")),
                "the damaged alert's call still goes out, its times given in UTC");
    }

    @Test
    void aStepRefusedForOneAlertIsPostponedCountedAndTakenLaterWhileTheOthersGoOn() throws Exception {
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        UUID refused = alerting.alerts()
                .raise(AlertsHarness.breach("esc-refused"), AlertsHarness.contacts())
                .alert()
                .id();
        UUID sound = alerting.alerts()
                .raise(AlertsHarness.breach("esc-fine"), AlertsHarness.contacts())
                .alert()
                .id();
        try (var c = h.ds.getConnection();
                var st = c.createStatement()) {
            st.execute("CREATE FUNCTION refuse_escalation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'escalation refused for this test'; END $$");
            st.execute("CREATE TRIGGER refuse_escalation BEFORE INSERT ON alert_escalations FOR EACH ROW "
                    + "WHEN (NEW.alert_id = '" + refused + "') EXECUTE FUNCTION refuse_escalation()");
        }
        alerting.start();

        await().atMost(WAIT)
                .until(() -> alerting.alerts()
                                .detail(sound)
                                .orElseThrow()
                                .escalations()
                                .size()
                        >= 1);
        await().atMost(WAIT).until(() -> alerting.escalations().failureCount() >= 1);
        assertEquals(
                0, alerting.alerts().detail(refused).orElseThrow().escalations().size());

        try (var c = h.ds.getConnection();
                var st = c.createStatement()) {
            st.execute("DROP TRIGGER refuse_escalation ON alert_escalations");
        }
        await().atMost(WAIT)
                .until(() -> alerting.alerts()
                                .detail(refused)
                                .orElseThrow()
                                .escalations()
                                .size()
                        >= 1);
    }

    @Test
    void anAlertAcknowledgedInTimeIsNeverEscalated() {
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("esc-2"), AlertsHarness.contacts())
                .alert()
                .id();
        assertNotNull(alerting.alerts().get(id).orElseThrow().escalateAt());
        alerting.workflow().acknowledge(id, "officer Li", "on it");

        await().during(Duration.ofMillis(2500))
                .atMost(WAIT)
                .until(() -> h.twilio.received().stream().noneMatch(r -> "Calls".equals(r.resource())));
        assertEquals(0, h.count("SELECT count(*) FROM alert_escalations"));
    }

    @Test
    void acknowledgingAfterTheDeskCallStopsTheSupervisorCall() {
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("esc-3"), AlertsHarness.contacts())
                .alert()
                .id();
        await().atMost(WAIT).until(() -> h.callsTo(DESK).size() == 1);
        alerting.workflow().acknowledge(id, "officer Li", "answered the call");

        await().during(Duration.ofMillis(2000))
                .atMost(WAIT)
                .until(() -> h.callsTo(SUPERVISOR).isEmpty());
        assertEquals(1, h.count("SELECT count(*) FROM alert_escalations"));
    }

    @Test
    void anEscalationTimerSurvivesARestart() {
        Alerting before = h.alerting(AlertsHarness.fastSettings(null));
        UUID id = before.alerts()
                .raise(AlertsHarness.breach("esc-4"), AlertsHarness.contacts())
                .alert()
                .id();
        before.close();

        Alerting after = h.alerting(AlertsHarness.fastSettings(null));
        after.start();
        await().atMost(WAIT).until(() -> h.callsTo(DESK).size() == 1);
        await().atMost(WAIT).until(() -> h.callsTo(SUPERVISOR).size() == 1);
        assertEquals(1, h.smsTo(DESK).size(), "the SMS owed before the restart is sent once");
        assertEquals(2, after.alerts().detail(id).orElseThrow().escalations().size());
    }

    @Test
    void aNoticeThatIsNotCriticalNeverEscalates() {
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.trigger(AlertType.LOW_BATTERY, "esc-5"), AlertsHarness.contacts())
                .alert()
                .id();
        assertNull(alerting.alerts().get(id).orElseThrow().escalateAt());
        await().atMost(WAIT).until(() -> h.smsTo(DESK).size() == 1);
        await().during(Duration.ofMillis(2000))
                .atMost(WAIT)
                .until(() -> h.callsTo(DESK).isEmpty());
        assertEquals(0, h.smsTo(PROTECTED).size(), "a low battery notice is for the desk only");
    }

    @Test
    void aDeskSmsThatFailsEscalatesAtOnceWithoutWaitingForTheDeadline() {
        Alerting.Settings settings = withSlowDeadline(AlertsHarness.fastSettings(null));
        h.twilio.failRequestsTo(DESK, 1, 400);
        Alerting alerting = h.alerting(settings);
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("esc-6"), AlertsHarness.contacts())
                .alert()
                .id();

        await().atMost(WAIT).until(() -> h.callsTo(DESK).size() == 1);
        assertTrue(
                h.callsTo(DESK).get(0).twiml().contains("短信无法送达，改为语音通知。【严重违令】"),
                h.callsTo(DESK).get(0).twiml());
        AlertDetail detail = alerting.alerts().detail(id).orElseThrow();
        assertEquals(
                EscalationReason.DESK_DELIVERY_FAILED,
                detail.escalations().get(0).reason());
        assertTrue(detail.notifications().stream()
                .anyMatch(n -> n.recipientRole().equals("desk")
                        && n.state().equals("FAILED")
                        && n.lastError().contains("HTTP 400")));
        assertTrue(
                h.callsTo(SUPERVISOR).isEmpty(),
                "the desk answered the call's channel; the supervisor waits for the deadline");
    }

    @Test
    void aDeskVoiceCallThatFailsTooGoesToTheSupervisor() {
        Alerting.Settings settings = withSlowDeadline(AlertsHarness.fastSettings(null));
        h.twilio.failRequestsTo(DESK, 2, 400);
        Alerting alerting = h.alerting(settings);
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("esc-7"), AlertsHarness.contacts())
                .alert()
                .id();

        await().atMost(WAIT).until(() -> h.callsTo(SUPERVISOR).size() == 1);
        assertTrue(h.callsTo(SUPERVISOR).get(0).twiml().contains("could not be reached"));
        assertEquals(
                List.of(EscalationReason.DESK_DELIVERY_FAILED, EscalationReason.DESK_DELIVERY_FAILED),
                alerting.alerts().detail(id).orElseThrow().escalations().stream()
                        .map(AlertDetail.Escalation::reason)
                        .toList());
    }

    /** The acknowledgement deadline pushed out of the test's reach, so only delivery failures escalate. */
    private static Alerting.Settings withSlowDeadline(Alerting.Settings s) {
        return new Alerting.Settings(
                s.escalation().withDelays(Duration.ofMinutes(5), Duration.ofMinutes(5)), s.delivery(), s.webhook());
    }
}
