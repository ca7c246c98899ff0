package io.stayaway.alerts.checkin;

import static io.stayaway.alerts.checkin.CheckInHarness.DESK;
import static io.stayaway.alerts.checkin.CheckInHarness.HER;
import static io.stayaway.alerts.checkin.CheckInHarness.HER_ZH;
import static io.stayaway.alerts.checkin.CheckInHarness.OUR_NUMBER;
import static io.stayaway.alerts.checkin.CheckInHarness.SHANGHAI;
import static io.stayaway.alerts.checkin.CheckInHarness.SID;
import static io.stayaway.alerts.checkin.CheckInHarness.her;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.Alert;
import io.stayaway.alerts.AlertQuery;
import io.stayaway.alerts.AlertTrigger;
import io.stayaway.alerts.AlertType;
import io.stayaway.alerts.testing.FakeTwilio;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Safety check-ins end to end (issue #19): the real Twilio SDK against the local Twilio-compatible endpoint,
 * real PostgreSQL, the inbound webhook on a real HTTP server, and a clock the test moves on instead of waiting.
 */
class CheckInIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private CheckInHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new CheckInHarness();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    /** An order whose first weekly slot is a minute from now, with one protected person of each language. */
    private void weeklyOrderDueInAMinute() {
        Instant validFrom = h.clock.instant().minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1));
        h.addOrder(
                "ORD-1",
                validFrom,
                CheckInSchedule.weekly(),
                her(HER, Locale.ENGLISH),
                her(HER_ZH, Locale.SIMPLIFIED_CHINESE));
    }

    /** Plans and sends the weekly check-in of {@link #weeklyOrderDueInAMinute} to both numbers. */
    private void sendTheWeeklyCheckIn() {
        weeklyOrderDueInAMinute();
        h.checkIns(CheckInHarness.settings(QuietHours.NONE));
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins WHERE state = 'pending'") == 2);
        assertTrue(h.twilio.received().isEmpty(), "nothing is texted before it is due");
        h.clock.advance(Duration.ofMinutes(2));
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins WHERE state = 'sent'") == 2);
    }

    @Test
    void aScheduledCheckInIsTextedWhenDueInHerLanguageNamingNobodyAndNoPlace() {
        sendTheWeeklyCheckIn();

        FakeTwilio.Received en = h.smsTo(HER).get(0);
        FakeTwilio.Received zh = h.smsTo(HER_ZH).get(0);
        assertEquals(OUR_NUMBER, en.from());
        assertEquals(
                "Stayaway safety check: reply 1 if you are safe, 2 if you need help. Reply STOP to end these messages.",
                en.body());
        assertEquals("Stayaway 安全回访：如您安全请回复1，如需要帮助请回复2。回复STOP可停止接收此类短信。", zh.body());
        for (String body : List.of(en.body(), zh.body())) {
            assertFalse(body.contains("ORD-1") || body.contains("respondent") || body.contains("被申请人"), body);
            assertFalse(body.matches(".*\\d{3,}.*"), "no number, place or time: " + body);
        }
        List<CheckInRecord> history =
                h.history("ORD-1").stream().filter(r -> r.sentAt() != null).toList();
        assertEquals(2, history.size());
        assertEquals(CheckInKind.SCHEDULED, history.get(0).kind());
        assertEquals(CheckInState.SENT, history.get(0).state());
        assertNotNull(history.get(0).sentAt());
        // pending, then sent: each row change is chained into the order's evidence chain
        assertEquals(
                2,
                h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:ORD-1' AND kind = 'check_in'"
                        + " AND convert_from(record, 'UTF8')::jsonb -> 'row' ->> 'id' = '"
                        + history.get(0).id() + "'"));
    }

    @Test
    void aSignedReplyOf2RaisesCheckInHelpToTheDeskWithinASecond() {
        sendTheWeeklyCheckIn();
        assertEquals(0, h.smsTo(DESK).size());

        long t0 = System.nanoTime();
        FakeTwilio.InboundResult reply = h.twilio.sendInbound(h.inboundUrl, SID, HER, OUR_NUMBER, " ２ ");
        long answeredNanos = System.nanoTime() - t0;
        assertEquals(200, reply.answer().status());
        assertTrue(
                reply.answer().contentType().startsWith("text/xml"),
                reply.answer().contentType());
        assertTrue(reply.answer().body().endsWith("<Response/>"), reply.answer().body());
        // the alert is stored before Twilio is answered
        List<Alert> help = h.alerting.alerts().list(new AlertQuery(null, AlertType.CHECK_IN_HELP, null, 10));
        assertEquals(1, help.size());
        assertEquals(
                "check-in-help:" + reply.messageSid(),
                h.text("SELECT dedupe_key FROM alerts WHERE type = 'CHECK_IN_HELP'"));
        await().atMost(WAIT).until(() -> h.smsTo(DESK).size() == 1);
        long deskNanos = h.smsTo(DESK).get(0).receivedAtNanos() - t0;
        System.out.printf(
                "CHECK_IN_HELP: alert stored and Twilio answered in %d ms; desk SMS at the Twilio endpoint after %d ms%n",
                answeredNanos / 1_000_000, deskNanos / 1_000_000);
        assertTrue(answeredNanos < 1_000_000_000L, "alert raised in " + answeredNanos / 1_000_000 + " ms");
        assertTrue(deskNanos < 1_000_000_000L, "desk texted after " + deskNanos / 1_000_000 + " ms");
        assertTrue(h.smsTo(DESK).get(0).body().contains("ORD-1"));
        assertEquals(1, h.smsTo(HER).size(), "she is not texted about her own call for help");

        assertEquals(
                "replied_help",
                h.text("SELECT state FROM check_ins WHERE sent_at IS NOT NULL AND phone = '" + HER + "'"));
        assertEquals(
                help.get(0).id().toString(),
                h.text("SELECT alert_id FROM check_in_replies WHERE message_sid = '" + reply.messageSid() + "'"));
        assertEquals(
                1, h.count("SELECT count(*) FROM chain_links WHERE chain = 'order:ORD-1' AND kind = 'check_in_reply'"));

        // Twilio retries the same message: stored once, one alert
        assertEquals(200, h.twilio.resendInbound(h.inboundUrl, reply).status());
        assertEquals(1, h.count("SELECT count(*) FROM alerts WHERE type = 'CHECK_IN_HELP'"));
        assertEquals(1, h.count("SELECT count(*) FROM check_in_replies"));
    }

    @Test
    void aReplyOf1MarksHerSafeAndOtherTextIsStoredWithoutAnOutcome() {
        sendTheWeeklyCheckIn();
        assertEquals(
                200,
                h.twilio
                        .sendInbound(h.inboundUrl, SID, HER, OUR_NUMBER, "1")
                        .answer()
                        .status());
        assertEquals(
                200,
                h.twilio
                        .sendInbound(h.inboundUrl, SID, HER_ZH, OUR_NUMBER, "谢谢，我很好")
                        .answer()
                        .status());

        List<CheckInRecord> history = h.history("ORD-1");
        CheckInRecord safe = history.stream()
                .filter(r -> r.state() == CheckInState.REPLIED_SAFE)
                .findFirst()
                .orElseThrow();
        assertEquals("1", safe.replyBody());
        assertNotNull(safe.repliedAt());
        assertEquals(
                1, history.stream().filter(r -> r.state() == CheckInState.SENT).count(), "other text is no outcome");
        assertEquals("other", h.text("SELECT meaning FROM check_in_replies WHERE from_phone = '" + HER_ZH + "'"));
        assertEquals(0, h.count("SELECT count(*) FROM alerts"));
    }

    @Test
    void aForgedOrUnsignedReplyIsRefused403AndRecorded() {
        sendTheWeeklyCheckIn();
        FakeTwilio.InboundResult forged =
                h.twilio.sendForgedInbound(h.inboundUrl, SID, HER, OUR_NUMBER, "2", "not-the-auth-token");
        assertEquals(403, forged.answer().status());
        FakeTwilio.WebhookAnswer unsigned = h.twilio.postForAnswer(
                h.inboundUrl, java.util.Map.of("MessageSid", "SMx", "From", HER, "Body", "2"), null);
        assertEquals(403, unsigned.status());

        assertEquals(2, h.count("SELECT count(*) FROM rejected_callbacks WHERE url = '" + h.inboundUrl + "'"));
        assertEquals(
                1,
                h.count(
                        "SELECT count(*) FROM rejected_callbacks WHERE reason = 'signature does not match' AND params LIKE '%MessageSid="
                                + forged.messageSid() + "%'"));
        assertEquals(0, h.count("SELECT count(*) FROM check_in_replies"));
        assertEquals(0, h.count("SELECT count(*) FROM alerts"));
        assertEquals(2, h.count("SELECT count(*) FROM check_ins WHERE state = 'sent'"));
    }

    @Test
    void noReplyToTheCheckInAfterACriticalAlertRaisesCheckInMissedForTheCaseworker() {
        h.addOrder(
                "ORD-2",
                h.clock.instant().minus(Duration.ofDays(1)),
                CheckInSchedule.disabled(),
                her(HER, Locale.ENGLISH));
        h.checkIns(CheckInHarness.settings(QuietHours.NONE));
        Alert breach = h.alerting
                .alerts()
                .raise(
                        new AlertTrigger(
                                "ep-1",
                                "ORD-2",
                                AlertType.BREACH,
                                "home",
                                "resp-001",
                                "respondent",
                                h.clock.instant(),
                                null,
                                false,
                                -20.0,
                                8.0,
                                "confirmed inside"),
                        h.orders.find("ORD-2").orElseThrow().contacts())
                .alert();
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins WHERE kind = 'after_alert'") == 1);
        assertEquals(breach.id().toString(), h.text("SELECT trigger_alert_id FROM check_ins"));
        assertEquals(0, checkInsTo(HER), "not before 24 hours");
        h.clock.advance(Duration.ofHours(24).plusMinutes(1));
        await().atMost(WAIT).until(() -> checkInsTo(HER) == 1);

        h.clock.advance(Duration.ofHours(4).plusMinutes(1));
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM alerts WHERE type = 'CHECK_IN_MISSED'") == 1);
        String checkIn = h.text("SELECT id FROM check_ins");
        assertEquals(
                "check-in-missed:" + checkIn, h.text("SELECT dedupe_key FROM alerts WHERE type = 'CHECK_IN_MISSED'"));
        assertEquals("high", h.text("SELECT severity FROM alerts WHERE type = 'CHECK_IN_MISSED'"));
        assertEquals("missed", h.text("SELECT state FROM check_ins"));
        assertEquals(
                0,
                h.count("SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id"
                        + " WHERE a.type = 'CHECK_IN_MISSED'"),
                "an unanswered check-in is for the caseworker: nobody is texted");
        assertEquals(1, checkInsTo(HER), "nothing more is texted to her");
    }

    @Test
    void afterStopNoCheckInIsTextedToTheNumberUntilStart() {
        sendTheWeeklyCheckIn();
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins WHERE state = 'pending'") == 2);
        assertEquals(
                200,
                h.twilio
                        .sendInbound(h.inboundUrl, SID, HER, OUR_NUMBER, "stop")
                        .answer()
                        .status());
        assertEquals(1, h.count("SELECT count(*) FROM check_in_opt_outs WHERE phone = '" + HER + "'"));
        assertEquals(
                1,
                h.count("SELECT count(*) FROM check_ins WHERE state = 'opted_out' AND phone = '" + HER + "'"),
                "the check-in owed to her is not to be sent");

        h.clock.advance(Duration.ofDays(7));
        await().atMost(WAIT).until(() -> checkInsTo(HER_ZH) == 2);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> checkInsTo(HER) == 1);

        assertEquals(
                200,
                h.twilio
                        .sendInbound(h.inboundUrl, SID, HER, OUR_NUMBER, "START")
                        .answer()
                        .status());
        assertEquals(0, h.count("SELECT count(*) FROM check_in_opt_outs"));
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins WHERE state = 'pending'") == 2);
        h.clock.advance(Duration.ofDays(7));
        await().atMost(WAIT).until(() -> checkInsTo(HER) == 2);
    }

    /** Check-in texts (not alert texts) the endpoint accepted for {@code number}. */
    private long checkInsTo(String number) {
        return h.smsTo(number).stream()
                .filter(r -> r.body().startsWith("Stayaway"))
                .count();
    }

    @Test
    void aCheckInDueInQuietHoursIsTextedAtTheirEnd() {
        // the next 23:00 in Shanghai at least an hour from now is the slot of a weekly order
        ZonedDateTime local = h.clock.instant().plus(Duration.ofHours(1)).atZone(SHANGHAI);
        ZonedDateTime slot = local.with(LocalTime.of(23, 0));
        if (slot.isBefore(local)) {
            slot = slot.plusDays(1);
        }
        h.addOrder(
                "ORD-3",
                slot.toInstant().minus(Duration.ofDays(7)),
                CheckInSchedule.weekly(),
                her(HER, Locale.ENGLISH));
        h.checkIns(CheckInHarness.settings(QuietHours.parse("21:00-08:00")));
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins WHERE state = 'pending'") == 1);
        Instant end = slot.plusDays(1).with(LocalTime.of(8, 0)).toInstant();
        assertEquals(
                end.toString(),
                h.text("SELECT to_char(send_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM check_ins"));

        h.clock.advance(Duration.between(h.clock.instant(), slot.toInstant()).plusMinutes(1)); // 23:01
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> h.twilio.received().isEmpty());
        h.clock.advance(Duration.between(h.clock.instant(), end).minusMinutes(1)); // 07:59
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> h.twilio.received().isEmpty());
        h.clock.advance(Duration.ofMinutes(2)); // 08:01
        await().atMost(WAIT).until(() -> h.smsTo(HER).size() == 1);
        Instant sentAt = h.history("ORD-3").get(0).sentAt();
        assertFalse(sentAt.isBefore(end), "sent at " + sentAt.atZone(SHANGHAI));
    }

    @Test
    void noCheckInIsSentWhereHerReplyCouldNotBeTaken() {
        weeklyOrderDueInAMinute();
        h.checkInsWithoutReplies(CheckInHarness.settings(QuietHours.NONE));
        h.clock.advance(Duration.ofMinutes(2));
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> h.twilio.received().isEmpty());
        assertEquals(0, h.count("SELECT count(*) FROM check_ins"));
    }

    @Test
    void twoWorkersOnOneDatabaseTextEachCheckInOnce() {
        Instant validFrom = h.clock.instant().minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1));
        for (int i = 0; i < 30; i++) {
            h.addOrder(
                    "ORD-" + i,
                    validFrom,
                    CheckInSchedule.weekly(),
                    her(String.format("+86139000000%02d", i), Locale.ENGLISH));
        }
        h.checkIns(CheckInHarness.settings(QuietHours.NONE));
        h.checkIns(CheckInHarness.settings(QuietHours.NONE));
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins") == 30);
        h.clock.advance(Duration.ofMinutes(2));
        await().atMost(WAIT).until(() -> h.count("SELECT count(*) FROM check_ins WHERE state = 'sent'") == 30);
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> h.twilio.received().size() == 30);
        assertEquals(
                30,
                h.twilio.received().stream()
                        .map(FakeTwilio.Received::to)
                        .distinct()
                        .count());
        assertEquals(
                30,
                h.count("SELECT count(DISTINCT phone) FROM check_ins WHERE state = 'sent'"),
                "each slot was planned once by the two");
    }
}
