package io.stayaway.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.notify.TwilioChannel;
import io.stayaway.alerts.notify.TwilioSettings;
import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alerts raised into the real PostgreSQL and delivered through the real Twilio SDK to a local Twilio-compatible endpoint. */
class AlertNotificationIT {
    private static final String SID = "AC00000000000000000000000000000001";
    private static final String TOKEN = "test-auth-token";
    private static final String FROM = "+8610000000000";

    private TestDatabase db;
    private FakeTwilio twilio;
    private DataSource ds;
    private NotificationDispatcher dispatcher;
    private AlertService alerts;

    private final OrderContacts contacts = new OrderContacts(
            "ORD-1",
            ZoneId.of("Asia/Shanghai"),
            "Pudong PSB",
            List.of(new Recipient(RecipientRole.DESK, "+8621000000110", Locale.SIMPLIFIED_CHINESE)),
            List.of(new Recipient(RecipientRole.PROTECTED, "+8613800000002", Locale.ENGLISH)),
            null,
            null);

    @BeforeEach
    void start() {
        db = new TestDatabase();
        ds = db.dataSource();
        AlertSchema.migrate(ds);
        twilio = new FakeTwilio();
        TwilioSettings settings = new TwilioSettings(
                SID, TOKEN, FROM, twilio.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3));
        NotificationDispatcher.Settings fast = new NotificationDispatcher.Settings(
                3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(50), 20);
        dispatcher = new NotificationDispatcher(ds, new TwilioChannel(settings), Clock.systemUTC(), fast);
        alerts = new AlertService(ds, new MessageTemplates(), Clock.systemUTC(), dispatcher::wake);
        dispatcher.start();
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (twilio != null) {
            twilio.close();
        }
        db.close();
    }

    private static AlertTrigger breach(String key) {
        return new AlertTrigger(
                key,
                "ORD-1",
                AlertType.BREACH,
                "home",
                "resp-001",
                "respondent",
                Instant.parse("2026-11-27T13:20:05Z"),
                null,
                false,
                -120.4,
                8.0,
                "confirmed inside by dwell");
    }

    @Test
    void breachSendsExactSmsToDeskAndProtectedPersonThroughTwilioSdk() throws SQLException {
        RaisedAlert raised = alerts.raise(breach("ORD-1/home/BREACH/resp-001:7"), contacts);
        assertTrue(raised.created());

        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.received().size() == 2);
        FakeTwilio.Received desk = twilio.received().stream()
                .filter(r -> r.to().equals("+8621000000110"))
                .findFirst()
                .orElseThrow();
        assertEquals("Messages", desk.resource());
        assertEquals(SID, desk.accountSid());
        assertEquals(FROM, desk.from());
        assertEquals(
                "【严重违令】保护令 ORD-1：被申请人自 2026-11-27 21:20:05（Asia/Shanghai）起确认进入禁止区域“home”（深入 120 米）。请在值班台确认并派警。",
                desk.body());
        assertEquals(
                "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                desk.authorization());

        FakeTwilio.Received victim = twilio.received().stream()
                .filter(r -> r.to().equals("+8613800000002"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                victim.body()
                        .startsWith(
                                "Safety alert: the person under your protection order has entered a protected area near you (2026-11-27 21:20:05)"));
        assertFalse(victim.body().contains("31."), "the protected person must never receive coordinates");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> alerts.get(raised.alert().id()).orElseThrow().state() == AlertState.NOTIFIED);
        assertEquals(
                1,
                count("SELECT count(*) FROM alert_transitions WHERE to_state = 'NOTIFIED' AND alert_id = '"
                        + raised.alert().id() + "' AND note = 'duty desk notified at +86•••••0110'"),
                "the chained lifecycle note names the desk's number masked");
    }

    @Test
    void raisingTheSameEpisodeTwiceKeepsOneAlertAndSendsOnce() throws SQLException {
        RaisedAlert first = alerts.raise(breach("ORD-1/home/BREACH/resp-001:9"), contacts);
        RaisedAlert again = alerts.raise(breach("ORD-1/home/BREACH/resp-001:9"), contacts);

        assertFalse(again.created());
        assertEquals(first.alert().id(), again.alert().id());
        assertEquals(1, count("SELECT count(*) FROM alerts"));
        assertEquals(2, count("SELECT count(*) FROM notifications"));
        await().atMost(Duration.ofSeconds(10)).until(() -> twilio.received().size() == 2);
    }

    @Test
    void providerErrorsAreRetriedWithBackoffUntilDelivered() throws SQLException {
        twilio.failNext(1, 500);
        twilio.failNext(1, 429);
        alerts.raise(
                breach("ORD-1/home/BREACH/resp-001:11"),
                new OrderContacts(
                        "ORD-1", ZoneId.of("Asia/Shanghai"), "Pudong PSB", contacts.desk(), List.of(), null, null));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT count(*) FROM notifications WHERE state = 'SENT'") == 1);
        assertEquals(1, twilio.received().size());
        assertEquals(3, count("SELECT attempts FROM notifications"), "two refused attempts, then the delivered one");
    }

    @Test
    void refusedMessageIsMarkedFailedAndCounted() throws SQLException {
        twilio.failNext(1, 400);
        alerts.raise(
                breach("ORD-1/home/BREACH/resp-001:12"),
                new OrderContacts(
                        "ORD-1", ZoneId.of("Asia/Shanghai"), "Pudong PSB", contacts.desk(), List.of(), null, null));

        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.failedCount() == 1);
        assertEquals(
                1, count("SELECT count(*) FROM notifications WHERE state = 'FAILED' AND last_error LIKE '%HTTP 400%'"));
        assertEquals(0, twilio.received().size());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
