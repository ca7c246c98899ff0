package io.stayaway.alerts.notify;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel used when no provider credentials are configured (the demo): prints each message, so
 * a tester sees exactly what a phone would have received, to a masked number ({@link PhoneMask}). Thread-safe.
 */
public final class DryRunChannel implements NotificationChannel {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunChannel.class);
    private final AtomicLong counter = new AtomicLong();

    @Override
    public ProviderReceipt send(OutgoingMessage message) {
        String id = "DRY" + counter.incrementAndGet();
        LOG.info(
                "[dry-run {}] to {} ({}): {}",
                message.kind(),
                PhoneMask.mask(message.to()),
                message.language().toLanguageTag(),
                message.body());
        return new ProviderReceipt(id, "dry-run");
    }

    @Override
    public String name() {
        return "dry-run";
    }
}
