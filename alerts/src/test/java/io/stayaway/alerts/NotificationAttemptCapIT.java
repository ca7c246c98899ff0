package io.stayaway.alerts;

import static io.stayaway.alerts.AlertsHarness.DESK;
import static io.stayaway.alerts.AlertsHarness.PROTECTED;
import static io.stayaway.alerts.AlertsHarness.SUPERVISOR;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.testing.FaultyChannel;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every failure costs a notification one of its attempts (issue #13, item 2), not only the
 * provider's refusals: a channel that throws something other than a DeliveryException, a status
 * write that fails, a worker that dies mid-send. After the last attempt the notification is FAILED,
 * its follow-up happens (voice fallback, escalation) and the failure is counted and recorded. The
 * real SDK to the local Twilio endpoint carries every message the fault does not touch; three
 * attempts, as {@link AlertsHarness#fastSettings} configures.
 */
class NotificationAttemptCapIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
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
    void aChannelThatThrowsUsesUpTheAttemptsThenFailsAndFallsBackToVoice() {
        FaultyChannel channel = FaultyChannel.throwing(
                h.channel(null, Duration.ofSeconds(3)),
                FaultyChannel.smsTo(PROTECTED),
                m -> new NullPointerException("a bug in the channel"));
        Alerting alerting = h.alerting(channel, onlyFailuresEscalate());
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("cap-1"), AlertsHarness.contacts())
                .alert()
                .id();

        await().atMost(WAIT)
                .until(() -> h.count("SELECT count(*) FROM notifications WHERE purpose = 'fallback' AND state = 'SENT'")
                        == 1);
        AlertDetail.Notification sms = notification(alerting, id, PROTECTED, "sms");
        assertEquals("FAILED", sms.state());
        assertEquals(3, sms.attempts(), "the configured maximum");
        assertTrue(sms.lastError().contains("NullPointerException: a bug in the channel"), sms.lastError());
        assertEquals(3, channel.faults(), "each attempt reached the channel once");
        assertEquals(1, alerting.dispatcher().failedCount(), "stayaway_notifications_failed counts it");
        assertEquals(1, h.callsTo(PROTECTED).size(), "the voice fallback, as for exhausted retries");
        assertTrue(h.smsTo(PROTECTED).isEmpty());
    }

    @Test
    void aDeskThatCannotBeNotifiedBecauseTheChannelThrowsStillEscalatesToTheSupervisor() {
        FaultyChannel channel = FaultyChannel.throwing(
                h.channel(null, Duration.ofSeconds(3)),
                FaultyChannel.anythingTo(DESK),
                m -> new IllegalStateException("template error in " + m.kind()));
        Alerting alerting = h.alerting(channel, onlyFailuresEscalate());
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("cap-2"), AlertsHarness.contacts())
                .alert()
                .id();

        await().atMost(WAIT).until(() -> h.callsTo(SUPERVISOR).size() == 1);
        AlertDetail detail = alerting.alerts().detail(id).orElseThrow();
        assertEquals(
                List.of(EscalationReason.DESK_DELIVERY_FAILED, EscalationReason.DESK_DELIVERY_FAILED),
                detail.escalations().stream()
                        .map(AlertDetail.Escalation::reason)
                        .toList(),
                "the failed desk SMS made the desk call due at once, the failed desk call the supervisor's");
        for (String channelName : List.of("sms", "voice")) {
            AlertDetail.Notification toDesk = notification(alerting, id, DESK, channelName);
            assertEquals("FAILED", toDesk.state(), channelName);
            assertEquals(3, toDesk.attempts(), channelName);
            assertTrue(toDesk.lastError().contains("IllegalStateException: template error"), toDesk.lastError());
        }
        assertEquals(2, alerting.dispatcher().failedCount());
        assertEquals(6, channel.faults());
    }

    @Test
    void aStatusWriteThatFailsCountsAsAnAttempt() {
        h.execute("""
                CREATE FUNCTION refuse_desk_sms_sent() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'status write refused'; END $$;
                CREATE TRIGGER refuse_desk_sms_sent BEFORE UPDATE ON notifications FOR EACH ROW
                WHEN (NEW.state = 'SENT' AND NEW.channel = 'sms' AND NEW.recipient_role = 'desk')
                EXECUTE FUNCTION refuse_desk_sms_sent();""");
        Alerting alerting = h.alerting(onlyFailuresEscalate());
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("cap-3"), AlertsHarness.contacts())
                .alert()
                .id();

        await().atMost(WAIT).until(() -> h.callsTo(DESK).size() == 1);
        AlertDetail.Notification sms = notification(alerting, id, DESK, "sms");
        assertEquals("FAILED", sms.state());
        assertEquals(3, sms.attempts());
        assertTrue(sms.lastError().contains("status write refused"), sms.lastError());
        assertEquals(
                3,
                h.smsTo(DESK).size(),
                "Twilio accepted each attempt; what we could not record is sent again (at-least-once)");
        assertEquals(
                EscalationReason.DESK_DELIVERY_FAILED,
                alerting.alerts().detail(id).orElseThrow().escalations().get(0).reason());
        assertEquals(1, alerting.dispatcher().failedCount());
    }

    @Test
    void aNotificationThatKillsTheProcessEveryTimeEndsAfterTheLastAttempt() {
        FaultyChannel channel =
                FaultyChannel.killing(h.channel(null, Duration.ofSeconds(3)), FaultyChannel.smsTo(PROTECTED));
        Alerting.Settings settings = withShortLease(onlyFailuresEscalate());
        UUID id = h.alerting(channel, settings)
                .alerts()
                .raise(AlertsHarness.breach("cap-4"), AlertsHarness.contacts())
                .alert()
                .id();
        for (int crash = 1; crash <= 3; crash++) {
            Alerting process = h.alerting(channel, settings);
            process.start();
            int crashes = crash;
            awaitAcrossCrashes().until(() -> channel.faults() == crashes);
            process.close();
        }

        Alerting last = h.alerting(channel, settings);
        last.start();
        awaitAcrossCrashes()
                .until(() -> h.count("SELECT count(*) FROM notifications WHERE purpose = 'fallback' AND state = 'SENT'")
                        == 1);
        AlertDetail.Notification sms = notification(last, id, PROTECTED, "sms");
        assertEquals("FAILED", sms.state());
        assertEquals(3, sms.attempts(), "each lost lease was an attempt");
        assertTrue(sms.lastError().contains("lease"), sms.lastError());
        assertEquals(3, channel.faults(), "never handed to the channel a fourth time");
        assertEquals(1, last.dispatcher().failedCount());
        awaitAcrossCrashes()
                .until(() -> "SENT".equals(notification(last, id, DESK, "sms").state()));
        assertEquals(1, h.smsTo(DESK).size(), "the desk's SMS, claimed alongside it, is delivered once");
    }

    private static AlertDetail.Notification notification(Alerting alerting, UUID alertId, String to, String channel) {
        return alerting.alerts().detail(alertId).orElseThrow().notifications().stream()
                .filter(n -> n.to().equals(to) && n.channel().equals(channel))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + channel + " to " + to));
    }

    /** Awaitility would fail the test on the killed thread's Error; here a dying worker is the point. */
    private static ConditionFactory awaitAcrossCrashes() {
        return await().dontCatchUncaughtExceptions().atMost(WAIT);
    }

    /** The acknowledgement deadline out of the test's reach, so only delivery failures escalate. */
    private static Alerting.Settings onlyFailuresEscalate() {
        Alerting.Settings s = AlertsHarness.fastSettings(null);
        return new Alerting.Settings(
                s.escalation().withDelays(Duration.ofMinutes(5), Duration.ofMinutes(5)), s.delivery(), s.webhook());
    }

    /** A 300 ms lease, so a claim whose worker died comes back quickly. */
    private static Alerting.Settings withShortLease(Alerting.Settings s) {
        NotificationDispatcher.Settings d = s.delivery();
        NotificationDispatcher.Settings shortLease = new NotificationDispatcher.Settings(
                d.maxAttempts(), d.firstBackoff(), d.maxBackoff(), Duration.ofMillis(300), d.idlePoll(), d.batchSize());
        return new Alerting.Settings(s.escalation(), shortLease, s.webhook());
    }
}
