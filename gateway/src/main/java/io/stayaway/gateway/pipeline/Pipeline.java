package io.stayaway.gateway.pipeline;

import io.micrometer.core.instrument.Timer;
import io.stayaway.gateway.cluster.RecordRouting;
import io.stayaway.gateway.evaluation.EvaluationService;
import io.stayaway.gateway.health.DeviceHealthMonitor;
import io.stayaway.gateway.ingest.MessageParser;
import io.stayaway.gateway.ingest.ParseOutcome;
import io.stayaway.gateway.ingest.RawMessage;
import io.stayaway.gateway.ingest.RejectReason;
import io.stayaway.gateway.ingest.Rejection;
import io.stayaway.gateway.ingest.RejectionLog;
import io.stayaway.gateway.ingest.RejectionSummary;
import io.stayaway.gateway.ingest.Telemetry;
import io.stayaway.gateway.ingest.TelemetrySink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The path of a ping (or device event) through the gateway, in order. Each step is a small named type,
 * declared in this file in this order or named here with its package; where it is declared it says
 * which thread runs it and what state it owns.
 *
 * <ol>
 * <li><b>receive</b>: a transport turns an MQTT PUBLISH into a {@link RawMessage} and calls
 *     {@link #accept} (broker mode, {@code mqtt.BrokerIngestion}, on Paho's callback thread) or
 *     {@link #acceptNow} (embedded mode, {@code mqtt.EmbeddedMqttEndpoint}, on the connection's event loop).</li>
 * <li><b>screen</b>: {@link Screen}: parse and validate against the wire contract ({@link MessageParser}),
 *     refuse devices no order knows; each refusal counted and logged ({@link RejectionLog}).</li>
 * <li><b>store</b>: {@link TelemetrySink} ({@code storage.TelemetryWriter}): batched on the
 *     {@code telemetry-writer} thread, stored once per {@code (device, seq, ts)}, each new record linked into
 *     its device's evidence chain in the same transaction; refusals kept in {@code rejected_messages}. When
 *     storage is behind, {@link #accept} waits (backpressure to the broker), and the embedded endpoint stops
 *     reading from a device's connection after {@link #acceptNow} while {@link #saturated} (backpressure to
 *     the device).</li>
 * <li><b>acknowledge</b>: {@link Outcome}: completes, on the {@code telemetry-acks} thread, once every
 *     accepted record of the message is committed (refusals at once); only then does the transport send PUBACK.</li>
 * <li><b>route</b>: {@link Route}: after each commit, on the writer thread and independently of the
 *     acknowledgement, the newly stored records in storage order (per device, the order this gateway received
 *     them) go to the node that owns their order ({@code cluster.RecordRouting}; a single gateway owns every
 *     order, and in a cluster the others' records travel on the clustered event bus).</li>
 * <li><b>hand over</b>: {@link HandOver}: on the owner, the records go to device health
 *     ({@link DeviceHealthMonitor}) and to evaluation.</li>
 * <li><b>evaluate</b>: {@link EvaluationService} on the {@code geofence-evaluator} thread: each order's
 *     geofence {@code OrderEvaluator}, under the order version in force at the fix's device time, which
 *     evaluates each device's fixes in device-time order (a late fix is re-evaluated in order and its episode
 *     flagged late); episodes and device events become alert triggers.</li>
 * <li><b>alert</b>: {@code alerting.AlertRaiser} on the {@code alert-raiser} thread, retrying until stored,
 *     into the alerts module's {@code AlertService}: the alert and the notifications it owes in one transaction
 *     (the outbox). Device health's loss timers raise through the same step. Evaluator state is saved only
 *     once every alert raised before it is stored, so a crash can lose a queued alert only together with the
 *     state that would let the restart skip it.</li>
 * <li><b>notify</b>: the alerts module's {@code NotificationDispatcher} (its polling worker) delivers the
 *     outbox through Twilio or the dry-run channel; <b>downlink</b>: {@code downlink.PursuitMode} (evaluator
 *     thread) sends commands into {@code downlink.DownlinkQueue}, which writes them ({@code downlink-queue}
 *     thread; evaluator state waits for them as for alerts) and delivers them through the transport's
 *     {@code downlink.DownlinkTransport} on {@code wearables/{id}/cmd} until acknowledged
 *     ({@code downlink-delivery} thread).</li>
 * </ol>
 *
 * Thread-safe: holds no mutable state of its own.
 */
public final class Pipeline {
    private final Screen screen;
    private final TelemetrySink store;
    private final Clock clock;
    private final Timer ackLatency;

    /** @param ackLatency receipt to acknowledgement, recorded per message (metric {@code stayaway_ingest_ack_latency}) */
    public Pipeline(Screen screen, TelemetrySink store, Clock clock, Timer ackLatency) {
        this.screen = screen;
        this.store = store;
        this.clock = clock;
        this.ackLatency = ackLatency;
    }

    // 1. receive

    /**
     * Takes a message, waiting for room in storage when it is full (backpressure on the calling transport
     * thread). Never call from an event loop; use {@link #acceptNow} there.
     */
    public CompletableFuture<Outcome> accept(RawMessage message) throws InterruptedException {
        ParseOutcome screened = screen.screen(message);
        keepRefusals(screened);
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        for (Telemetry t : screened.accepted()) {
            stored.add(store.submit(t));
        }
        return acknowledgeWhenStored(message, screened, stored);
    }

    /**
     * Takes a message without blocking (event-loop safe). The caller must stop reading from devices
     * while {@link #saturated()} is true, which bounds how far storage's queue can overshoot.
     */
    public CompletableFuture<Outcome> acceptNow(RawMessage message) {
        ParseOutcome screened = screen.screen(message);
        keepRefusals(screened);
        List<CompletableFuture<Boolean>> stored = new ArrayList<>();
        for (Telemetry t : screened.accepted()) {
            stored.add(store.enqueue(t));
        }
        return acknowledgeWhenStored(message, screened, stored);
    }

    /** True while storage is behind: transports must stop taking messages until it is false again. */
    public boolean saturated() {
        return store.saturated();
    }

    /**
     * 2. Screen: parses and validates a message ({@link MessageParser}), refuses records of devices no order
     * knows, counts every refused record and logs the message's refusal ({@link RejectionLog}, at most once per
     * device per minute). A message with several refused records (an array) yields one refusal that sums them up
     * ({@link RejectionSummary}): one row kept, one error echoed.
     * Runs on the receiving transport's thread; holds no mutable state (the parser is stateless, the
     * known-device test reads the order registry's thread-safe index, the log is thread-safe).
     */
    public static final class Screen {
        private final MessageParser parser;
        private final Predicate<String> knownDevice;
        private final RejectionLog rejections;
        private final Clock clock;

        public Screen(MessageParser parser, Predicate<String> knownDevice, RejectionLog rejections, Clock clock) {
            this.parser = parser;
            this.knownDevice = knownDevice;
            this.rejections = rejections;
            this.clock = clock;
        }

        ParseOutcome screen(RawMessage message) {
            ParseOutcome parsed = parser.parse(message);
            List<Telemetry> accepted = new ArrayList<>();
            List<Rejection> rejected = new ArrayList<>(parsed.rejected());
            for (Telemetry t : parsed.accepted()) {
                if (knownDevice.test(t.deviceId())) {
                    accepted.add(t);
                } else {
                    rejected.add(new Rejection(
                            message.topic(),
                            t.deviceId(),
                            RejectReason.UNKNOWN_DEVICE,
                            "device " + t.deviceId() + " is not registered to any order",
                            t.raw()));
                }
            }
            if (rejected.isEmpty()) {
                return parsed;
            }
            int records = parsed.accepted().size() + parsed.rejected().size();
            Rejection refusal = RejectionSummary.of(message, records, rejected);
            rejections.record(rejected, refusal, clock.instant());
            return new ParseOutcome(accepted, List.of(refusal));
        }
    }

    // 3. store: the accepted records go to the sink in accept/acceptNow; the refused ones are kept here.

    private void keepRefusals(ParseOutcome screened) {
        for (Rejection r : screened.rejected()) {
            store.keep(r);
        }
    }

    /**
     * 4. Acknowledge: what the transport does with the message once the future completes: acknowledge it
     * (and, in embedded mode, echo each refusal to the device). {@code stored} records were new,
     * {@code duplicates} were already stored (a redelivery).
     */
    public record Outcome(int stored, int duplicates, List<Rejection> rejected) {}

    /**
     * Completes when every accepted record of the message is durably stored; on the sink's acknowledgement
     * thread ({@code telemetry-acks}), in storage order. A message with nothing accepted completes at once:
     * redelivering refused records could never make them valid.
     */
    private CompletableFuture<Outcome> acknowledgeWhenStored(
            RawMessage message, ParseOutcome screened, List<CompletableFuture<Boolean>> stored) {
        return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ackLatency.record(Duration.between(message.receivedAt(), clock.instant()));
            int fresh = 0;
            for (CompletableFuture<Boolean> f : stored) {
                if (f.join()) {
                    fresh++;
                }
            }
            return new Outcome(fresh, stored.size() - fresh, screened.rejected());
        });
    }

    /**
     * 5. Route: each committed batch's newly stored records, in storage order, to the owner of their order
     * ({@link RecordRouting}), which hands them over (step 6). Runs on the sink's writer thread; does not
     * block. A failure here is counted by the sink ({@code stayaway_evaluation_handover_failures}).
     */
    public static final class Route implements TelemetrySink.Committed {
        private final RecordRouting routing;

        public Route(RecordRouting routing) {
            this.routing = routing;
        }

        @Override
        public void stored(List<Telemetry> fresh) {
            routing.route(fresh);
        }
    }

    /**
     * 6. Hand over, on the node that owns the records' orders: each record's effect on its device (last seen,
     * fix quality, tamper, power-off) to device health, then the records to evaluation (queued for the
     * evaluator thread). Runs on the writer thread, or on an event loop for records routed from another node;
     * must not block, and does not: the health monitor guards each device's state with that device's own
     * lock, evaluation only enqueues. Holds no state.
     *
     * <p>Steps 7 to 9 (evaluate, alert, notify and downlink) follow from here on their own threads; see the
     * class comment.
     */
    public static final class HandOver implements Consumer<List<Telemetry>> {
        private final DeviceHealthMonitor health;
        private final EvaluationService evaluation;

        public HandOver(DeviceHealthMonitor health, EvaluationService evaluation) {
            this.health = health;
            this.evaluation = evaluation;
        }

        @Override
        public void accept(List<Telemetry> fresh) {
            fresh.forEach(health::observe);
            evaluation.onStored(fresh);
        }
    }
}
