package io.stayaway.alerts;

import static io.stayaway.alerts.AlertsHarness.DESK;
import static io.stayaway.alerts.AlertsHarness.PROTECTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.notify.DeliveryException;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.OutgoingMessage;
import io.stayaway.alerts.notify.ProviderReceipt;
import io.stayaway.alerts.notify.TwilioChannel;
import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.ProcessKilled;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery through the real Twilio SDK to the local endpoint when things go wrong: timeouts,
 * backoff, SMS-to-voice fallback, and crashes on either side of the provider's acceptance.
 */
class DeliveryIT {
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
    void aCriticalSmsRefusedForTheProtectedPersonBecomesAVoiceCallInHerLanguage() {
        h.twilio.failRequestsTo(PROTECTED, 1, 400);
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        alerting.start();
        UUID id = alerting.alerts()
                .raise(AlertsHarness.breach("dl-1"), AlertsHarness.contacts())
                .alert()
                .id();

        await().atMost(WAIT)
                .until(() -> h.count("SELECT count(*) FROM notifications WHERE purpose = 'fallback' AND state = 'SENT'")
                        == 1);
        FakeTwilio.Received call = h.callsTo(PROTECTED).get(0);
        assertEquals(AlertsHarness.FROM, call.from());
        assertEquals(AlertsHarness.SID, call.accountSid());
        assertEquals(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say language=\"en-US\" loop=\"3\">Safety alert: the person under "
                        + "your protection order has entered a protected area near you (2026-11-27 21:20:05). Police have been informed. Go to a safe "
                        + "place, lock the door, and call 110 if you are in danger.</Say></Response>",
                call.twiml());
        List<AlertDetail.Notification> toHer = alerting.alerts().detail(id).orElseThrow().notifications().stream()
                .filter(n -> n.to().equals(PROTECTED))
                .toList();
        assertEquals(
                List.of("sms:initial:FAILED", "voice:fallback:SENT"),
                toHer.stream()
                        .map(n -> n.channel() + ":" + n.purpose() + ":" + n.state())
                        .toList());
    }

    @Test
    void anSmsThatKeepsFailingFallsBackToVoiceAfterTheLastRetry() {
        h.twilio.failRequestsTo(PROTECTED, 3, 500);
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        alerting.start();
        alerting.alerts().raise(AlertsHarness.breach("dl-2"), AlertsHarness.contacts());

        await().atMost(WAIT).until(() -> h.callsTo(PROTECTED).size() == 1);
        assertEquals(
                3,
                h.twilio.attempts().stream()
                        .filter(a -> PROTECTED.equals(a.to()) && a.status() == 500)
                        .count(),
                "three attempts (the configured maximum) before falling back");
    }

    @Test
    void aNoticeSmsThatFailsDoesNotBecomeACall() {
        h.twilio.failRequestsTo(PROTECTED, 1, 400);
        Alerting alerting = h.alerting(AlertsHarness.fastSettings(null));
        alerting.start();
        alerting.alerts().raise(AlertsHarness.trigger(AlertType.APPROACH, "dl-3"), AlertsHarness.contacts());

        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM notifications WHERE state = 'FAILED'") == 1);
        await().during(Duration.ofMillis(1000))
                .atMost(WAIT)
                .until(() -> h.callsTo(PROTECTED).isEmpty());
    }

    @Test
    void aRequestAnsweredTooLateIsRetriedAndDeliveredOnce() {
        h.twilio.delayNext(1, Duration.ofSeconds(2));
        Alerting alerting = h.alerting(h.channel(null, Duration.ofMillis(500)), AlertsHarness.fastSettings(null));
        alerting.start();
        alerting.alerts().raise(AlertsHarness.trigger(AlertType.APPROACH, "dl-4"), AlertsHarness.deskOnly());

        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM notifications WHERE state = 'SENT'") == 1);
        assertEquals(1, h.smsTo(DESK).size());
        assertEquals(2, h.twilio.attempts().size(), "the timed-out attempt and the delivered one");
        assertEquals(2, h.count("SELECT attempts FROM notifications"));
        assertTrue(h.count("SELECT count(*) FROM notifications WHERE last_error IS NULL") == 1);
    }

    @Test
    void retriesBackOffExponentially() {
        h.twilio.failNext(3, 500);
        Alerting.Settings fast = AlertsHarness.fastSettings(null);
        NotificationDispatcher.Settings delivery = new NotificationDispatcher.Settings(
                5, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(20), 20);
        Alerting alerting = h.alerting(new Alerting.Settings(fast.escalation(), delivery, null));
        alerting.start();
        alerting.alerts().raise(AlertsHarness.trigger(AlertType.APPROACH, "dl-5"), AlertsHarness.deskOnly());

        await().atMost(WAIT).until(() -> h.smsTo(DESK).size() == 1);
        List<FakeTwilio.Attempt> attempts = h.twilio.attempts();
        assertEquals(
                List.of(500, 500, 500, 201),
                attempts.stream().map(FakeTwilio.Attempt::status).toList());
        for (int i = 1; i < attempts.size(); i++) {
            long gapMillis =
                    (attempts.get(i).receivedAtNanos() - attempts.get(i - 1).receivedAtNanos()) / 1_000_000;
            long backoff = 200L << (i - 1);
            assertTrue(
                    gapMillis >= backoff - 5,
                    "attempt " + (i + 1) + " came " + gapMillis + " ms after the previous, backoff is " + backoff);
        }
    }

    @Test
    void aCrashBetweenTheAlertsCommitAndItsDeliveryStillDeliversExactlyOnce() {
        Alerting crashed = h.alerting(AlertsHarness.fastSettings(null));
        UUID id = crashed.alerts()
                .raise(AlertsHarness.breach("dl-6"), AlertsHarness.contacts())
                .alert()
                .id();
        crashed.close();
        assertEquals(2, h.count("SELECT count(*) FROM notifications WHERE state = 'PENDING'"), "owed, not sent");
        assertTrue(h.twilio.received().isEmpty());

        Alerting restarted = h.alerting(AlertsHarness.fastSettings(null));
        restarted.start();
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM notifications WHERE state = 'SENT'") == 2);
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> h.twilio.received().stream()
                                .filter(r -> "Messages".equals(r.resource()))
                                .count()
                        == 2);
        assertEquals(1, h.smsTo(DESK).size());
        assertEquals(1, h.smsTo(PROTECTED).size());
        assertEquals(
                AlertState.NOTIFIED, restarted.alerts().get(id).orElseThrow().state());
    }

    @Test
    void aCrashAfterTwilioAcceptedButBeforeOurCommitSendsThatMessageAgain() {
        AtomicBoolean dieAfterSending = new AtomicBoolean(true);
        TwilioChannel twilio = h.channel(null, Duration.ofSeconds(3));
        NotificationChannel dyingProcess = new NotificationChannel() {
            @Override
            public ProviderReceipt send(OutgoingMessage message) throws DeliveryException {
                ProviderReceipt receipt = twilio.send(message);
                if (dieAfterSending.getAndSet(false)) {
                    throw new ProcessKilled("process killed after Twilio accepted " + receipt.providerId());
                }
                return receipt;
            }

            @Override
            public String name() {
                return "twilio, dying once";
            }
        };
        Alerting.Settings fast = AlertsHarness.fastSettings(null);
        NotificationDispatcher.Settings shortLease = new NotificationDispatcher.Settings(
                3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(50), 20);
        Alerting first = h.alerting(dyingProcess, new Alerting.Settings(fast.escalation(), shortLease, null));
        first.start();
        first.alerts().raise(AlertsHarness.trigger(AlertType.APPROACH, "dl-7"), AlertsHarness.deskOnly());
        await().dontCatchUncaughtExceptions()
                .atMost(WAIT)
                .until(() -> h.smsTo(DESK).size() == 1);
        first.close();

        Alerting restarted = h.alerting(twilio, new Alerting.Settings(fast.escalation(), shortLease, null));
        restarted.start();
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM notifications WHERE state = 'SENT'") == 1);
        assertEquals(
                2,
                h.smsTo(DESK).size(),
                "at-least-once: the message Twilio accepted before the crash is sent again (alerts/README.md)");
        assertEquals(2, h.count("SELECT attempts FROM notifications"));
    }
}
