package io.stayaway.gateway;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.MessageTemplates;
import io.stayaway.alerts.NotificationDispatcher;
import io.stayaway.alerts.notify.DryRunChannel;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.TwilioChannel;
import io.stayaway.alerts.notify.TwilioSettings;
import io.stayaway.gateway.api.HttpApi;
import io.stayaway.gateway.evaluation.AlertRaiser;
import io.stayaway.gateway.evaluation.EvaluationService;
import io.stayaway.gateway.ingest.IngestPipeline;
import io.stayaway.gateway.ingest.MessageParser;
import io.stayaway.gateway.ingest.RejectionLog;
import io.stayaway.gateway.mqtt.BrokerIngestion;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.storage.Database;
import io.stayaway.gateway.storage.TelemetryWriter;
import io.stayaway.geofence.EvaluatorSettings;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part from the configuration, starts them in dependency order,
 * and stops them in reverse. Start-up fails (and releases what it started) if any part cannot start.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private Vertx vertx;
    private Database database;
    private OrderRegistry orders;
    private AlertService alerts;
    private TelemetryWriter writer;
    private RejectionLog rejections;
    private NotificationChannel channel;
    private BrokerIngestion broker;
    private HttpApi api;

    private Gateway() {
    }

    public static Gateway start(GatewayConfig config, Clock clock) {
        Gateway g = new Gateway();
        try {
            g.startParts(config, clock);
            return g;
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    private void startParts(GatewayConfig config, Clock clock) {
        LOG.info("starting gateway: {}", config.describe());
        database = track(Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(), clock));

        channel = config.twilioEnabled()
                ? new TwilioChannel(new TwilioSettings(config.twilioAccountSid(), config.twilioAuthToken(), config.twilioFromNumber(),
                        config.twilioApiBaseUrl(), null, Duration.ofSeconds(3), Duration.ofSeconds(10)))
                : new DryRunChannel();
        NotificationDispatcher dispatcher = track(new NotificationDispatcher(database.dataSource(), channel, clock, NotificationDispatcher.Settings.defaults()));
        alerts = new AlertService(database.dataSource(), new MessageTemplates(), clock, dispatcher::wake);

        orders = new OrderRegistry(database.dataSource());
        orders.load();
        AlertRaiser raiser = track(new AlertRaiser(alerts, raised -> { }));
        EvaluationService evaluation = track(new EvaluationService(orders, raiser, database.dataSource(), EvaluatorSettings.defaults(), clock));
        writer = track(new TelemetryWriter(database.dataSource(), config.writerBatchSize(), config.writerQueueCapacity(), evaluation::onStored));
        rejections = new RejectionLog();
        IngestPipeline pipeline = new IngestPipeline(new MessageParser(config.futureTolerance(), config.maxPayloadBytes()),
                orders::isKnownDevice, writer, rejections, clock);
        evaluation.start();
        dispatcher.start();

        vertx = Vertx.vertx();
        track(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        api = new HttpApi(config.httpHost(), config.httpPort(), orders, alerts, this::ready);
        await(vertx.deployVerticle(api).toCompletionStage().toCompletableFuture(), "HTTP API on " + config.httpHost() + ":" + config.httpPort());

        if (config.mqttMode() == GatewayConfig.MqttMode.BROKER) {
            try {
                broker = track(new BrokerIngestion(config.brokerUrl(), config.brokerClientId(), config.brokerUser(), config.brokerPassword(),
                        config.brokerShareGroup(), config.brokerReceiveMaximum(), config.brokerSessionExpirySeconds(), pipeline, clock));
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                throw new IllegalStateException("invalid broker settings: " + e.getMessage(), e);
            }
            await(broker.start(), "MQTT broker " + config.brokerUrl());
        } else {
            throw new GatewayConfig.ConfigException("STAYAWAY_MQTT_MODE=embedded is not available in this version; use broker");
        }
        LOG.info("gateway ready: HTTP on port {}, notifications via {}", api.actualPort(), channel.name());
    }

    private <T extends AutoCloseable> T track(T part) {
        started.add(part);
        return part;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + what, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("could not start " + what + ": " + cause.getMessage(), cause);
        }
    }

    /** Database writable and MQTT connected. */
    public boolean ready() {
        return writer != null && writer.databaseHealthy() && (broker == null || broker.connected());
    }

    public int httpPort() {
        return api.actualPort();
    }

    public NotificationChannel channel() {
        return channel;
    }

    public RejectionLog rejections() {
        return rejections;
    }

    public TelemetryWriter writer() {
        return writer;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
