package io.stayaway.alerts.evidence.chain;

import io.stayaway.alerts.evidence.Checkpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes signed checkpoints of the evidence chains every interval, at each UTC day end, and once more
 * at shutdown, on its own thread. A failed checkpoint is logged and tried again at the next tick: the
 * chains themselves are intact, only their signature is late.
 */
public final class CheckpointSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final Checkpoints checkpoints;
    private final Clock clock;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "evidence-checkpoints"));

    public CheckpointSchedule(Checkpoints checkpoints, Duration interval, Clock clock) {
        this.checkpoints = checkpoints;
        this.clock = clock;
        long every = interval.toMillis();
        timer.scheduleAtFixedRate(this::checkpoint, every, every, TimeUnit.MILLISECONDS);
        scheduleDayEnd();
    }

    private void scheduleDayEnd() {
        Instant now = clock.instant();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .plusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        timer.schedule(
                () -> {
                    checkpoint();
                    scheduleDayEnd();
                },
                Math.max(1, Duration.between(now, midnight).toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        try {
            Optional<Checkpoint> made = checkpoints.checkpoint();
            made.ifPresent(cp -> LOG.info(
                    "evidence checkpoint {} signed by key {}: {} chain head(s)", cp.id(), cp.keyId(), cp.chains()));
        } catch (Exception e) {
            LOG.error(
                    "evidence checkpoint failed (chains intact, signature late; retried at the next tick): {}",
                    e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint();
    }
}
