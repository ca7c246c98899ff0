package io.stayaway.alerts;

import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.TwilioChannel;
import io.stayaway.alerts.notify.TwilioSettings;
import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.TestDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * One throw-away database, the local Twilio-compatible endpoint and the alerts module assembled on
 * them with delays short enough for tests. Each test builds its own and closes it.
 */
final class AlertsHarness implements AutoCloseable {
    static final String SID = "AC00000000000000000000000000000001";
    static final String TOKEN = "test-auth-token";
    static final String FROM = "+8610000000000";
    static final String DESK = "+8621000000110";
    static final String DESK_2 = "+8621000000111";
    static final String PROTECTED = "+8613800000002";
    static final String RESPONDENT = "+8613800000001";
    static final String SUPERVISOR = "+8621000000119";

    final TestDatabase db = new TestDatabase();
    final DataSource ds = db.dataSource();
    final FakeTwilio twilio = new FakeTwilio(TOKEN);
    final List<AlertChange> changes = new CopyOnWriteArrayList<>();
    private final List<Alerting> started = new ArrayList<>();

    AlertsHarness() {
        AlertSchema.migrate(ds);
    }

    /** Ack deadline and supervisor delay of one second, fast retries. */
    static Alerting.Settings fastSettings(URI statusCallbackUrl) {
        EscalationPolicy escalation = new EscalationPolicy(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                java.util.EnumSet.of(Severity.CRITICAL, Severity.HIGH),
                Duration.ofMillis(50),
                20);
        NotificationDispatcher.Settings delivery = new NotificationDispatcher.Settings(
                3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(50), 20);
        return new Alerting.Settings(
                escalation,
                delivery,
                statusCallbackUrl == null ? null : new Alerting.WebhookSettings(TOKEN, statusCallbackUrl));
    }

    TwilioChannel channel(URI statusCallbackUrl, Duration responseTimeout) {
        return new TwilioChannel(new TwilioSettings(
                SID, TOKEN, FROM, twilio.baseUrl(), statusCallbackUrl, Duration.ofSeconds(2), responseTimeout));
    }

    /** The module on this database through the real Twilio SDK to the local endpoint; not started. */
    Alerting alerting(Alerting.Settings settings) {
        URI callback = settings.webhook() == null ? null : settings.webhook().publicUrl();
        return alerting(channel(callback, Duration.ofSeconds(3)), settings);
    }

    Alerting alerting(NotificationChannel channel, Alerting.Settings settings) {
        return alerting(channel, settings, Clock.systemUTC());
    }

    /** The module on this database with its own clock (tests that move time on); not started. */
    Alerting alerting(NotificationChannel channel, Alerting.Settings settings, Clock clock) {
        Alerting alerting = Alerting.create(ds, channel, clock, settings);
        alerting.events().addListener(changes::add);
        started.add(alerting);
        return alerting;
    }

    static OrderContacts contacts() {
        return new OrderContacts(
                "ORD-1",
                ZoneId.of("Asia/Shanghai"),
                "Pudong PSB",
                List.of(new Recipient(RecipientRole.DESK, DESK, Locale.SIMPLIFIED_CHINESE)),
                List.of(new Recipient(RecipientRole.PROTECTED, PROTECTED, Locale.ENGLISH)),
                new Recipient(RecipientRole.RESPONDENT, RESPONDENT, Locale.SIMPLIFIED_CHINESE),
                new Recipient(RecipientRole.SUPERVISOR, SUPERVISOR, Locale.ENGLISH));
    }

    static OrderContacts deskOnly() {
        return new OrderContacts(
                "ORD-1",
                ZoneId.of("Asia/Shanghai"),
                "Pudong PSB",
                List.of(new Recipient(RecipientRole.DESK, DESK, Locale.SIMPLIFIED_CHINESE)),
                List.of(),
                null,
                null);
    }

    static AlertTrigger trigger(AlertType type, String key) {
        return new AlertTrigger(
                key,
                "ORD-1",
                type,
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

    static AlertTrigger breach(String key) {
        return trigger(AlertType.BREACH, key);
    }

    List<FakeTwilio.Received> callsTo(String number) {
        return twilio.callsTo(number);
    }

    List<FakeTwilio.Received> smsTo(String number) {
        return twilio.smsTo(number);
    }

    long count(String sql) {
        return db.count(sql);
    }

    void execute(String sql) {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        started.forEach(Alerting::close);
        twilio.close();
        db.close();
    }
}
