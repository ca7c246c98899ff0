package io.stayaway.gateway.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's metrics in Prometheus form ({@code GET /metrics}): ingest rate, rejections by
 * reason, queue depth, acknowledgement and storage latency, evaluation time, devices online, alert
 * and notification counts. Thread-safe.
 */
public final class GatewayMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer ackLatency;
    private final Timer storeBatch;

    public GatewayMetrics() {
        ackLatency = Timer.builder("stayaway_ingest_ack_latency")
                .description("from receipt of an MQTT message to its acknowledgement (after durable storage)")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram(false)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
        storeBatch = Timer.builder("stayaway_storage_batch")
                .description("time to write and commit one batch of records")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(Duration.ofMinutes(1))
                .register(registry);
    }

    public Timer ackLatency() {
        return ackLatency;
    }

    public Timer storeBatch() {
        return storeBatch;
    }

    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** One counter of a family whose members differ by one tag (e.g. rejections by {@code reason}). */
    public <T> void counter(
            String name, String description, String tag, String tagValue, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value)
                .description(description)
                .tag(tag, tagValue)
                .register(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
