package io.stayaway.gateway.mqtt;

import io.stayaway.gateway.ops.GatewayMetrics;
import io.stayaway.gateway.ops.LogBudget;
import io.stayaway.gateway.ops.LogSafe;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded endpoint's refused CONNECTs: every one counted by reason (metric
 * {@code stayaway_mqtt_connections_refused_total}), at most {@link #LINES_PER_MINUTE} a minute logged, the
 * rest summed up in one line a minute ({@link #reportSuppressed}), and the user name escaped
 * ({@link LogSafe}), so a client can neither flood the log nor write lines into it. Thread-safe.
 */
final class ConnectRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRefusals.class);
    static final int LINES_PER_MINUTE = 20;

    /** Why a CONNECT was refused. */
    enum Reason {
        NO_CREDENTIALS,
        BAD_CREDENTIALS,
        UNAVAILABLE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Reason, AtomicLong> counts = new EnumMap<>(Reason.class);
    private final LogBudget budget = new LogBudget(LINES_PER_MINUTE, Duration.ofMinutes(1));
    private final Clock clock;

    ConnectRefusals(Clock clock) {
        this.clock = clock;
        for (Reason r : Reason.values()) {
            counts.put(r, new AtomicLong());
        }
    }

    void refused(Reason reason, String username, SocketAddress from, String detail) {
        counts.get(reason).incrementAndGet();
        if (!budget.admit(clock.instant())) {
            return;
        }
        if (reason == Reason.UNAVAILABLE) {
            LOG.error(
                    "cannot check the credentials of {} from {} (database?): {}",
                    LogSafe.quote(username),
                    from,
                    LogSafe.quote(detail));
        } else {
            LOG.warn(
                    "refused MQTT connection for device {} from {}: {}",
                    LogSafe.quote(username),
                    from,
                    reason.wireName());
        }
    }

    /** Logs one line for the refusals held back in the minutes that ended; call about once a minute. */
    void reportSuppressed() {
        long n = budget.takeSuppressed(clock.instant());
        if (n > 0) {
            LOG.warn(
                    "suppressed {} refused MQTT connection(s) beyond {} a minute (all counted in"
                            + " stayaway_mqtt_connections_refused_total)",
                    n,
                    LINES_PER_MINUTE);
        }
    }

    long count(Reason reason) {
        return counts.get(reason).get();
    }

    void register(GatewayMetrics metrics) {
        for (Reason r : Reason.values()) {
            metrics.counter(
                    "stayaway_mqtt_connections_refused",
                    "CONNECTs the embedded endpoint refused, by reason (each counted, at most 20 a minute logged)",
                    "reason",
                    r.wireName(),
                    this,
                    c -> c.count(r));
        }
    }
}
