package io.stayaway.alerts.checkin;

import io.stayaway.alerts.AlertSchema;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.EscalationPolicy;
import io.stayaway.alerts.NotificationDispatcher;
import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.Recipient;
import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.http.InboundRoutes;
import io.stayaway.alerts.notify.TwilioChannel;
import io.stayaway.alerts.notify.TwilioSettings;
import io.stayaway.alerts.testing.FakeTwilio;
import io.stayaway.alerts.testing.ShiftedClock;
import io.stayaway.alerts.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One throw-away database, the local Twilio-compatible endpoint (real SDK), a clock the test moves on, the
 * alerts module and the check-in module on them, and {@code POST /twilio/inbound} on a real Vert.x HTTP server.
 * The orders are held in memory as the gateway's registry would hand them over. Each test builds its own.
 */
final class CheckInHarness implements AutoCloseable {
    static final String SID = "AC00000000000000000000000000000001";
    static final String TOKEN = "test-auth-token";
    static final String OUR_NUMBER = "+8610000000000";
    static final String DESK = "+8621000000110";
    static final String HER = "+8613800000002";
    static final String HER_ZH = "+8613800000003";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final TestDatabase db = new TestDatabase();
    final DataSource ds = db.dataSource();
    final FakeTwilio twilio = new FakeTwilio(TOKEN);
    final ShiftedClock clock = new ShiftedClock();
    final Map<String, CheckInOrder> orderMap = new ConcurrentHashMap<>();
    final CheckInOrders orders = new CheckInOrders() {
        @Override
        public List<CheckInOrder> all() {
            return List.copyOf(orderMap.values());
        }

        @Override
        public Optional<CheckInOrder> find(String orderId) {
            return Optional.ofNullable(orderMap.get(orderId));
        }
    };
    final Vertx vertx = Vertx.vertx();
    final Router router = Router.router(vertx);
    final URI inboundUrl;
    final Alerting alerting;
    private final List<CheckIns> started = new ArrayList<>();

    CheckInHarness() throws Exception {
        AlertSchema.migrate(ds);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        inboundUrl = URI.create("http://127.0.0.1:" + server.actualPort() + "/twilio/inbound");
        NotificationDispatcher.Settings delivery = new NotificationDispatcher.Settings(
                3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(50), 20);
        alerting = Alerting.create(
                ds,
                channel(),
                clock,
                new Alerting.Settings(
                        EscalationPolicy.defaults().withDelays(Duration.ofHours(1), Duration.ofHours(1)),
                        delivery,
                        null));
        alerting.start();
    }

    TwilioChannel channel() {
        return new TwilioChannel(new TwilioSettings(
                SID, TOKEN, OUR_NUMBER, twilio.baseUrl(), null, Duration.ofSeconds(2), Duration.ofSeconds(3)));
    }

    /** Settings with a fast poll and quick retries; {@code quiet} as given. */
    static CheckInSettings settings(QuietHours quiet) {
        return new CheckInSettings(
                Duration.ofHours(24), Duration.ofHours(4), quiet, Duration.ofMillis(50), 3, Duration.ofMillis(100), 20);
    }

    /** A started check-in module on this database; the first one also serves {@code POST /twilio/inbound}. */
    CheckIns checkIns(CheckInSettings settings) {
        CheckIns checkIns = CheckIns.create(
                ds,
                channel(),
                clock,
                alerting.alerts(),
                orders,
                settings,
                new CheckInSettings.Inbound(TOKEN, inboundUrl));
        if (started.isEmpty()) {
            InboundRoutes.mount(router, checkIns.inbound().orElseThrow());
        }
        started.add(checkIns);
        checkIns.start();
        return checkIns;
    }

    /** A check-in module that cannot take replies (no inbound settings), started. */
    CheckIns checkInsWithoutReplies(CheckInSettings settings) {
        CheckIns checkIns = CheckIns.create(ds, channel(), clock, alerting.alerts(), orders, settings, null);
        started.add(checkIns);
        checkIns.start();
        return checkIns;
    }

    static OrderContacts contacts(String orderId, List<Recipient> protectedPersons) {
        return new OrderContacts(
                orderId,
                SHANGHAI,
                "Pudong PSB",
                List.of(new Recipient(RecipientRole.DESK, DESK, Locale.SIMPLIFIED_CHINESE)),
                protectedPersons,
                new Recipient(RecipientRole.RESPONDENT, "+8613800000001", Locale.SIMPLIFIED_CHINESE),
                null);
    }

    static Recipient her(String phone, Locale language) {
        return new Recipient(RecipientRole.PROTECTED, phone, language);
    }

    /** An order in force from {@code validFrom} for 180 days, checking in every {@code schedule}. */
    CheckInOrder addOrder(String orderId, Instant validFrom, CheckInSchedule schedule, Recipient... protectedPersons) {
        CheckInOrder order = new CheckInOrder(
                validFrom,
                validFrom.plus(Duration.ofDays(180)),
                schedule,
                contacts(orderId, List.of(protectedPersons)));
        orderMap.put(orderId, order);
        return order;
    }

    List<FakeTwilio.Received> smsTo(String number) {
        return twilio.smsTo(number);
    }

    long count(String sql) {
        return db.count(sql);
    }

    String text(String sql) {
        return db.text(sql);
    }

    List<CheckInRecord> history(String orderId) {
        try (Connection c = ds.getConnection()) {
            return CheckIns.history(c, orderId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        started.forEach(CheckIns::close);
        alerting.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        twilio.close();
        db.close();
    }
}
