package io.stayaway.gateway.ingest;

import io.stayaway.gateway.storage.TelemetryWriter;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The one pipeline every uplink message goes through, whatever transport brought it:
 * parse → validate → (known device) → persist (dedupe by key) → evaluate, the last step run by the
 * writer's listener once records are durable. The returned future completes when every accepted
 * record of the message is durably stored; only then may the transport acknowledge it. Refused
 * records complete at once: redelivering them could never make them valid. Thread-safe.
 */
public final class IngestPipeline {
    private final MessageParser parser;
    private final Predicate<String> knownDevice;
    private final TelemetryWriter writer;
    private final RejectionLog rejections;
    private final Clock clock;
    private final Timer ackLatency;

    public IngestPipeline(MessageParser parser, Predicate<String> knownDevice, TelemetryWriter writer, RejectionLog rejections, Clock clock,
                          Timer ackLatency) {
        this.ackLatency = ackLatency;
        this.parser = parser;
        this.knownDevice = knownDevice;
        this.writer = writer;
        this.rejections = rejections;
        this.clock = clock;
    }

    /** What the transport should do with the message once the future completes. */
    public record Outcome(int stored, int duplicates, List<Rejection> rejected) {
    }

    /**
     * Accepts a message, waiting for room in the writer's queue when it is full (backpressure on the
     * calling transport thread). Never call from an event loop; use {@link #tryAccept} there.
     */
    public CompletableFuture<Outcome> accept(RawMessage message) throws InterruptedException {
        ParseOutcome parsed = screen(message);
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (Telemetry t : parsed.accepted()) {
            pending.add(writer.submit(t));
        }
        return settle(message, parsed, pending);
    }

    /**
     * Accepts a message without blocking (event-loop safe). The caller must stop reading from devices
     * while {@link #saturated()} is true, which bounds how far the writer's queue can overshoot.
     */
    public CompletableFuture<Outcome> acceptNow(RawMessage message) {
        ParseOutcome parsed = screen(message);
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        for (Telemetry t : parsed.accepted()) {
            pending.add(writer.enqueue(t));
        }
        return settle(message, parsed, pending);
    }

    /** True while storage is behind: transports must stop taking messages until it is false again. */
    public boolean saturated() {
        return writer.saturated();
    }

    private ParseOutcome screen(RawMessage message) {
        ParseOutcome parsed = parser.parse(message);
        List<Telemetry> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>(parsed.rejected());
        for (Telemetry t : parsed.accepted()) {
            if (knownDevice.test(t.deviceId())) {
                accepted.add(t);
            } else {
                rejected.add(new Rejection(message.topic(), t.deviceId(), RejectReason.UNKNOWN_DEVICE,
                        "device " + t.deviceId() + " is not registered to any order", t.raw()));
            }
        }
        for (Rejection r : rejected) {
            rejections.record(r, clock.instant());
            writer.keep(r);
        }
        return new ParseOutcome(accepted, rejected);
    }

    private CompletableFuture<Outcome> settle(RawMessage message, ParseOutcome parsed, List<CompletableFuture<Boolean>> pending) {
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ackLatency.record(Duration.between(message.receivedAt(), clock.instant()));
            int fresh = 0;
            for (CompletableFuture<Boolean> f : pending) {
                if (f.join()) {
                    fresh++;
                }
            }
            return new Outcome(fresh, pending.size() - fresh, parsed.rejected());
        });
    }
}
