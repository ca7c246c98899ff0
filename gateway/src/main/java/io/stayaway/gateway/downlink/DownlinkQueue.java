package io.stayaway.gateway.downlink;

import io.stayaway.gateway.ops.TicketedWriter;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable downlink: every command to a device is first written to {@code downlink_commands}, in the
 * order sent, on the thread {@code downlink-queue} (a {@link TicketedWriter}: a database outage delays a
 * command, never drops it); {@link DownlinkDelivery} then delivers it once a transport is attached.
 *
 * <p>Per device, a newer {@code set_interval} supersedes one still pending (the latest wins) and commands
 * go out one at a time in the order sent; each stays pending until the MQTT peer acknowledges it (QoS 1),
 * retried with backoff, and a restart takes up what is pending. Delivery is at least once: a device may see
 * a command twice (after a crash between its acknowledgement and the row's update) and can tell by its
 * {@code id}. A {@code notify} not delivered within {@link #NOTIFY_LIFETIME} expires: a warning to move
 * away means nothing hours later.
 *
 * <p>Evaluation saves its state only once the commands it caused are written ({@link #awaitQueued}), so a
 * crash loses a command only together with the state that would let the restart skip deriving it again.
 * {@link #send} is thread-safe and never blocks.
 */
public final class DownlinkQueue implements Downlink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkQueue.class);
    /** How long a {@code notify} may wait for its device before it expires unsent. */
    public static final Duration NOTIFY_LIFETIME = Duration.ofMinutes(10);
    /** How long {@link #close} waits for queued commands to be written. */
    static final Duration DRAIN_WITHIN = Duration.ofSeconds(10);

    private final CommandStore store;
    private final Clock clock;
    private final TicketedWriter<DownlinkCommand> writer;
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final DownlinkDelivery delivery;

    /**
     * @param delivers the devices whose commands this node delivers: every device for a single gateway; in a
     *     cluster, the devices of the orders it owns, so that each command has one deliverer and moves with
     *     its order when a node dies (the queue is in the database)
     */
    public DownlinkQueue(DataSource dataSource, Clock clock, java.util.function.Predicate<String> delivers) {
        this.store = new CommandStore(dataSource);
        this.clock = clock;
        this.delivery = new DownlinkDelivery(store, clock, delivers);
        this.writer = new TicketedWriter<>(
                "downlink-queue", this::write, c -> "command " + c.id() + " to " + c.deviceId(), DRAIN_WITHIN);
    }

    @Override
    public void send(String deviceId, String command) {
        JsonObject json;
        try {
            json = new JsonObject(command);
        } catch (DecodeException e) {
            malformed.incrementAndGet();
            LOG.error("BUG: command to {} is not JSON, not sent: {}", deviceId, e.getMessage());
            return;
        }
        String id = json.getString("id");
        String type = json.getString("type");
        if (id == null || type == null) {
            malformed.incrementAndGet();
            LOG.error("BUG: command to {} lacks its id or type, not sent: {}", deviceId, command);
            return;
        }
        writer.submit(new DownlinkCommand(0, UUID.fromString(id), deviceId, type, command, clock.instant(), 0));
    }

    private void write(DownlinkCommand c) throws java.sql.SQLException {
        superseded.addAndGet(store.add(c, clock.instant()));
        delivery.wake();
    }

    /** The ticket of the newest command sent so far (0: none); see {@link #awaitQueued}. */
    public long lastTicket() {
        return writer.lastTicket();
    }

    /** Waits until every command up to {@code ticket} is written; false if this queue was closed first. */
    public boolean awaitQueued(long ticket) throws InterruptedException {
        return writer.awaitWritten(ticket);
    }

    /** Starts delivering, now and at every restart, what is pending, through the transport now open. */
    public void deliverThrough(DownlinkTransport transport) {
        delivery.start(transport);
    }

    /** Commands waiting to be acknowledged, as of the last delivery pass (a metric). */
    public long pendingCount() {
        return delivery.pendingCount();
    }

    public long deliveredCount() {
        return delivery.deliveredCount();
    }

    /** Delivery attempts that failed and will be retried (device away, broker busy or down, no acknowledgement). */
    public long retryCount() {
        return delivery.retryCount();
    }

    public long expiredCount() {
        return delivery.expiredCount();
    }

    public long supersededCount() {
        return superseded.get();
    }

    /** Failures to write a command (each retried) and commands refused as malformed. */
    public long failureCount() {
        return writer.failureCount() + malformed.get();
    }

    @Override
    public void close() {
        delivery.close();
        long unwritten = writer.drainAndStop();
        if (unwritten > 0) {
            LOG.error(
                    "{} command(s) to devices not written within {} s of shutdown; the next start derives them again"
                            + " (evaluation's saved state does not pass them)",
                    unwritten,
                    DRAIN_WITHIN.toSeconds());
        }
    }
}
