package io.stayaway.alerts;

import static io.stayaway.alerts.AlertsHarness.DESK;
import static io.stayaway.alerts.AlertsHarness.PROTECTED;
import static io.stayaway.alerts.AlertsHarness.RESPONDENT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.ShiftedClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protected person's warning budget on the real PostgreSQL, delivered through the real Twilio SDK to the
 * local Twilio-compatible endpoint, with a clock the tests move on: repeats and the rolling daily cap withheld
 * from her alone, each withheld text recorded in the alert's chain and detail, critical alerts always texted,
 * one text per episode, and two gateways raising at once unable to both pass the budget.
 */
class WarningBudgetIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private AlertsHarness h;
    private final ShiftedClock clock = new ShiftedClock();

    @BeforeEach
    void start() {
        h = new AlertsHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Alerting started(WarningBudget budget) {
        Alerting.Settings settings = AlertsHarness.fastSettings(null).withWarningBudget(budget);
        Alerting alerting = h.alerting(h.channel(null, Duration.ofSeconds(3)), settings, clock);
        alerting.start();
        return alerting;
    }

    private static AlertTrigger trigger(AlertType type, String key) {
        return AlertsHarness.trigger(type, key);
    }

    @Test
    void twoApproachesWithinHalfAnHourTextTheDeskTwiceAndHerOnceThenABreachReachesHer() throws Exception {
        Alerting alerting = started(WarningBudget.defaults());
        UUID first = alerting.alerts()
                .raise(trigger(AlertType.APPROACH, "wb-1"), AlertsHarness.contacts())
                .alert()
                .id();
        await().atMost(WAIT)
                .until(() -> ofRole(alerting.alerts().detail(first).orElseThrow(), "protected")
                                .sentAt()
                        != null);
        clock.advance(Duration.ofMinutes(10));
        UUID second = alerting.alerts()
                .raise(trigger(AlertType.APPROACH, "wb-2"), AlertsHarness.contacts())
                .alert()
                .id();
        await().atMost(WAIT)
                .until(() -> "SENT"
                        .equals(ofRole(alerting.alerts().detail(second).orElseThrow(), "desk")
                                .state()));
        assertEquals(2, h.smsTo(DESK).size(), "the desk's own text is never budgeted");
        assertEquals(1, h.smsTo(PROTECTED).size());

        AlertDetail detail = alerting.alerts().detail(second).orElseThrow();
        AlertDetail.Notification withheld = ofRole(detail, "protected");
        assertEquals("SUPPRESSED", withheld.state());
        assertEquals(0, withheld.attempts());
        assertNull(withheld.providerSid());
        Instant firstSent = ofRole(alerting.alerts().detail(first).orElseThrow(), "protected")
                .sentAt();
        assertEquals("repeat", withheld.suppression().reason());
        assertEquals(firstSent, withheld.suppression().after());
        assertEquals(Duration.ofMinutes(30), withheld.suppression().repeatQuiet());
        assertEquals(4, withheld.suppression().dailyCap());
        String hhmm = DateTimeFormatter.ofPattern("HH:mm").format(firstSent.atZone(ZoneId.of("Asia/Shanghai")));
        assertEquals(
                "Warning text to the protected person not sent: a repeat within 30 min of the warning text sent at "
                        + hhmm + " (Asia/Shanghai). Rule: warning texts to the protected person: repeats within 30 min"
                        + " suppressed, at most 4 per rolling 24 h; critical alerts are never suppressed.",
                withheld.suppression().note());

        String record = chainedNotification(second, withheld.id());
        assertTrue(record.contains("\"state\": \"SUPPRESSED\""), record);
        assertTrue(record.contains("\"suppressed_reason\": \"repeat\""), record);
        assertTrue(record.contains("\"suppressed_note\": \"Warning text to the protected person not sent"), record);
        assertChainRecomputes(second);

        clock.advance(Duration.ofMinutes(1));
        alerting.alerts().raise(trigger(AlertType.BREACH, "wb-3"), AlertsHarness.contacts());
        await().atMost(WAIT).until(() -> h.smsTo(PROTECTED).size() == 2);
        assertTrue(h.smsTo(PROTECTED).get(1).body().startsWith("Safety alert:"), "a breach is never suppressed");
        assertEquals(
                1,
                h.smsTo(PROTECTED).stream()
                        .filter(r -> r.body().startsWith("Warning:"))
                        .count());
        assertEquals(3, h.smsTo(DESK).size());
    }

    @Test
    void theFifthWarningOfARollingDayIsWithheldUntilTheOldestIsADayOld() throws Exception {
        Alerting alerting = started(WarningBudget.defaults());
        List<AlertType> types =
                List.of(AlertType.APPROACH, AlertType.APPROACH, AlertType.PROXIMITY_UNKNOWN, AlertType.APPROACH);
        for (int i = 0; i < types.size(); i++) {
            alerting.alerts().raise(trigger(types.get(i), "cap-" + i), AlertsHarness.contacts());
            int sent = i + 1;
            await().atMost(WAIT).until(() -> h.smsTo(PROTECTED).size() == sent);
            clock.advance(Duration.ofMinutes(31));
        }
        UUID fifth = alerting.alerts()
                .raise(trigger(AlertType.APPROACH, "cap-4"), AlertsHarness.contacts())
                .alert()
                .id();
        AlertDetail.Notification withheld =
                ofRole(alerting.alerts().detail(fifth).orElseThrow(), "protected");
        assertEquals("SUPPRESSED", withheld.state());
        assertEquals("daily_cap", withheld.suppression().reason());
        assertTrue(
                withheld.suppression()
                        .note()
                        .contains("the daily cap of 4 warning texts per rolling 24 h is reached (4 sent since "),
                withheld.suppression().note());
        Instant oldest = h.twilio.received().stream()
                .filter(r -> r.to().equals(PROTECTED))
                .findFirst()
                .map(r -> sentAtOf(r))
                .orElseThrow();
        assertEquals(oldest, withheld.suppression().after(), "the cap names the oldest text of the day");

        // Two minutes past a day after the first text (the clock is 4 × 31 min past it), the first has left the
        // rolling window and the second has not: one more may go.
        clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(4 * 31 - 2)));
        alerting.alerts().raise(trigger(AlertType.APPROACH, "cap-5"), AlertsHarness.contacts());
        await().atMost(WAIT).until(() -> h.smsTo(PROTECTED).size() == 5);
        await().atMost(WAIT).until(() -> h.smsTo(DESK).size() == 6);
        assertEquals(1, h.count("SELECT count(*) FROM notifications WHERE state = 'SUPPRESSED'"));
    }

    @Test
    void anEpisodeTextsHerOnceHoweverOftenItIsRaisedUpdatedOrHandled() throws Exception {
        Alerting alerting = started(WarningBudget.defaults());
        AlertTrigger episode = trigger(AlertType.APPROACH, "ep-1");
        UUID id = alerting.alerts()
                .raise(episode, AlertsHarness.contacts())
                .alert()
                .id();
        await().atMost(WAIT).until(() -> h.smsTo(PROTECTED).size() == 1);
        // Every hour for a day the same episode is raised again, as the evaluator's updates and its replay after a
        // restart do; half-way through, an officer handles it, and it is raised again after it was resolved.
        for (int hour = 1; hour <= 24; hour++) {
            clock.advance(Duration.ofHours(1));
            assertEquals(
                    id,
                    alerting.alerts()
                            .raise(episode, AlertsHarness.contacts())
                            .alert()
                            .id());
            if (hour == 12) {
                alerting.workflow().acknowledge(id, "officer", null);
                alerting.workflow().resolve(id, "officer", Outcome.FALSE_ALARM, "coarse fixes");
            }
        }
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .until(() -> h.smsTo(PROTECTED).size() == 1);
        assertEquals(1, h.smsTo(DESK).size());
        assertEquals(
                1,
                h.count("SELECT count(*) FROM notifications WHERE recipient_role = 'protected' AND alert_id = '" + id
                        + "'"));
    }

    @Test
    void aZeroCapTextsHerNoWarningWhileTheDeskAndTheRespondentAreTextedAndABreachReachesHer() throws Exception {
        Alerting alerting = started(new WarningBudget(Duration.ofMinutes(30), 0));
        OrderContacts warnsRespondent = new OrderContacts(
                "ORD-1",
                ZoneId.of("Asia/Shanghai"),
                "Pudong PSB",
                List.of(new Recipient(RecipientRole.DESK, DESK, Locale.SIMPLIFIED_CHINESE)),
                List.of(new Recipient(RecipientRole.PROTECTED, PROTECTED, Locale.ENGLISH)),
                new Recipient(RecipientRole.RESPONDENT, RESPONDENT, Locale.SIMPLIFIED_CHINESE),
                null,
                true);
        UUID approach = alerting.alerts()
                .raise(trigger(AlertType.APPROACH, "zero-1"), warnsRespondent)
                .alert()
                .id();
        await().atMost(WAIT)
                .until(() -> h.smsTo(DESK).size() == 1 && h.smsTo(RESPONDENT).size() == 1);
        AlertDetail.Notification withheld =
                ofRole(alerting.alerts().detail(approach).orElseThrow(), "protected");
        assertEquals("daily_cap", withheld.suppression().reason());
        assertNull(withheld.suppression().after());
        assertTrue(withheld.suppression().note().contains("the daily cap is 0 (no warning texts to her)"));

        alerting.alerts().raise(trigger(AlertType.BREACH, "zero-2"), warnsRespondent);
        await().atMost(WAIT).until(() -> h.smsTo(PROTECTED).size() == 1);
        assertTrue(h.smsTo(PROTECTED).get(0).body().startsWith("Safety alert:"));
    }

    /** Two gateways of a cluster raise a warning of one order at the same moment, twenty times over. */
    @Test
    void twoGatewaysRaisingAtOnceCannotBothTextHer() throws Exception {
        AlertService one = h.alerting(h.channel(null, Duration.ofSeconds(3)), AlertsHarness.fastSettings(null), clock)
                .alerts();
        AlertService two = h.alerting(h.channel(null, Duration.ofSeconds(3)), AlertsHarness.fastSettings(null), clock)
                .alerts();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                OrderContacts contacts = contactsOf("ORD-RACE-" + round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<RaisedAlert>> raised = new ArrayList<>();
                for (AlertService gateway : List.of(one, two)) {
                    String key = "race-" + round + "-" + raised.size();
                    raised.add(pool.submit(() -> {
                        go.await();
                        return gateway.raise(
                                new AlertTrigger(
                                        key,
                                        contacts.orderId(),
                                        AlertType.APPROACH,
                                        "home",
                                        "resp-001",
                                        "respondent",
                                        Instant.parse("2026-11-27T13:20:05Z"),
                                        null,
                                        false,
                                        300.0,
                                        8.0,
                                        "in the warning band"),
                                contacts);
                    }));
                }
                go.countDown();
                for (Future<RaisedAlert> f : raised) {
                    assertTrue(f.get().created());
                }
                String ofOrder = "FROM notifications n JOIN alerts a ON a.id = n.alert_id WHERE a.order_id = '"
                        + contacts.orderId() + "' AND n.recipient_role = 'protected'";
                assertEquals(1, h.count("SELECT count(*) " + ofOrder + " AND n.state = 'PENDING'"), "round " + round);
                assertEquals(
                        1, h.count("SELECT count(*) " + ofOrder + " AND n.state = 'SUPPRESSED'"), "round " + round);
                assertEquals(
                        2,
                        h.count("SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id"
                                + " WHERE a.order_id = '" + contacts.orderId() + "' AND n.recipient_role = 'desk'"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static OrderContacts contactsOf(String orderId) {
        OrderContacts c = AlertsHarness.contacts();
        return new OrderContacts(
                orderId, c.timeZone(), c.station(), c.desk(), c.protectedPersons(), c.respondent(), c.supervisor());
    }

    private static AlertDetail.Notification ofRole(AlertDetail detail, String role) {
        return detail.notifications().stream()
                .filter(n -> n.recipientRole().equals(role))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + role + " notification in " + detail));
    }

    /** When the notification whose SMS Twilio received was recorded as sent. */
    private Instant sentAtOf(FakeTwilio.Received r) {
        try (Connection c = h.ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT sent_at FROM notifications WHERE provider_sid = ?")) {
            ps.setString(1, r.sid());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no notification with SID " + r.sid());
                return rs.getTimestamp(1).toInstant();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The latest record of the notification in the alert's chain, as chained (jsonb text). */
    private String chainedNotification(UUID alertId, UUID notificationId) throws Exception {
        try (Connection c = h.ds.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT convert_from(record, 'UTF8') FROM chain_links
                        WHERE chain = ? AND kind = 'notification' AND convert_from(record, 'UTF8') LIKE ?
                        ORDER BY pos DESC LIMIT 1""")) {
            ps.setString(1, ChainHash.alertChain(alertId));
            ps.setString(2, "%" + notificationId + "%");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the withheld text is in the alert's chain");
                return rs.getString(1);
            }
        }
    }

    /** Every link of the alert's chain recomputes from its record by the link rule, to the head. */
    private void assertChainRecomputes(UUID alertId) throws Exception {
        String chain = ChainHash.alertChain(alertId);
        byte[] link = ChainHash.genesis(chain);
        try (Connection c = h.ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT record, link FROM chain_links WHERE chain = ? ORDER BY pos")) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    link = ChainHash.link(link, ChainHash.recordHash(rs.getBytes(1)));
                    assertArrayEquals(link, rs.getBytes(2));
                }
            }
            try (PreparedStatement head = c.prepareStatement("SELECT link FROM chain_heads WHERE chain = ?")) {
                head.setString(1, chain);
                try (ResultSet rs = head.executeQuery()) {
                    assertTrue(rs.next());
                    assertArrayEquals(link, rs.getBytes(1));
                }
            }
        }
    }
}
