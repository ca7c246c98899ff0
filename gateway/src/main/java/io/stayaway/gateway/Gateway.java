package io.stayaway.gateway;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.EscalationPolicy;
import io.stayaway.alerts.EscalationScheduler;
import io.stayaway.alerts.NotificationDispatcher;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.notify.DryRunChannel;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.TwilioChannel;
import io.stayaway.alerts.notify.TwilioSettings;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
import io.stayaway.gateway.access.LoginThrottle;
import io.stayaway.gateway.access.TokenService;
import io.stayaway.gateway.access.UserDirectory;
import io.stayaway.gateway.alerting.AlertRaiser;
import io.stayaway.gateway.api.HttpApi;
import io.stayaway.gateway.devices.DeviceCredentials;
import io.stayaway.gateway.devices.SecretHash;
import io.stayaway.gateway.downlink.DownlinkQueue;
import io.stayaway.gateway.downlink.PursuitMode;
import io.stayaway.gateway.evaluation.EvaluationService;
import io.stayaway.gateway.health.DeviceHealthMonitor;
import io.stayaway.gateway.health.HealthSettings;
import io.stayaway.gateway.ingest.MessageParser;
import io.stayaway.gateway.ingest.RejectionLog;
import io.stayaway.gateway.mqtt.BrokerIngestion;
import io.stayaway.gateway.mqtt.EmbeddedMqttEndpoint;
import io.stayaway.gateway.ops.GatewayMetrics;
import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.pipeline.Pipeline;
import io.stayaway.gateway.storage.Database;
import io.stayaway.gateway.storage.RetentionPolicy;
import io.stayaway.gateway.storage.TelemetryWriter;
import io.stayaway.geofence.EvaluatorSettings;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private Alerting alerting;
    private TelemetryWriter writer;
    private RejectionLog rejections;
    private NotificationChannel channel;
    private BrokerIngestion broker;
    private HttpApi api;
    private DeviceHealthMonitor health;
    private AlertRaiser raiser;
    private EvaluationService evaluation;
    private DeviceCredentials credentials;
    private EmbeddedMqttEndpoint embedded;
    private EvidenceService evidence;
    private DownlinkQueue downlink;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final DenialLog denials = new DenialLog();

    private Gateway() {}

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
        database =
                track(Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(), clock));

        channel = notificationChannel(config);
        alerting = track(Alerting.create(database.dataSource(), channel, clock, alertingSettings(config)));
        alerts = alerting.alerts();

        evidence = startEvidence(config, clock);

        orders = new OrderRegistry(database.dataSource());
        orders.load();
        Pipeline pipeline = buildPipeline(config, clock);
        evaluation.start(); // evaluates what was stored but not evaluated before a restart, before any transport opens
        alerting.start();
        health.restore(database.dataSource());
        health.start(1_000);
        track(new RetentionPolicy(
                        database.dataSource(),
                        config.protectedRetention(),
                        config.respondentRetention(),
                        clock,
                        evidence::signNow))
                .start();
        registerMetrics(alerting.dispatcher());

        vertx = Vertx.vertx();
        track(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        track(io.stayaway.gateway.orders.OrderSync.start(vertx, orders)); // orders changed at any gateway
        credentials = new DeviceCredentials(database.dataSource());
        api = startHttpApi(config, startAccessControl(config, clock));

        startTransport(config, pipeline, clock);
        LOG.info("gateway ready: HTTP on port {}, notifications via {}", api.actualPort(), channel.name());
    }

    /** Where alerts are sent: Twilio when it is configured, otherwise a dry run. */
    private static NotificationChannel notificationChannel(GatewayConfig config) {
        return config.twilioEnabled()
                ? new TwilioChannel(new TwilioSettings(
                        config.twilioAccountSid(),
                        config.twilioAuthToken(),
                        config.twilioFromNumber(),
                        config.twilioApiBaseUrl(),
                        config.twilioStatusCallbackUrl(),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(10)))
                : new DryRunChannel();
    }

    /** Escalation delays from the configuration, and Twilio's status webhook if a callback URL is configured. */
    private static Alerting.Settings alertingSettings(GatewayConfig config) {
        return new Alerting.Settings(
                EscalationPolicy.defaults().withDelays(config.escalationAck(), config.escalationSupervisor()),
                NotificationDispatcher.Settings.defaults(),
                config.twilioStatusCallbackUrl() == null
                        ? null
                        : new Alerting.WebhookSettings(config.twilioAuthToken(), config.twilioStatusCallbackUrl()));
    }

    /** The HTTP API, deployed on this gateway's Vert.x; start-up fails if it cannot listen. */
    private HttpApi startHttpApi(GatewayConfig config, HttpApi.Access access) {
        HttpApi http = new HttpApi(
                config.httpHost(),
                config.httpPort(),
                orders,
                alerting,
                credentials,
                access,
                evidence,
                this::ready,
                metrics::scrape);
        http.withLatestFixes(new io.stayaway.gateway.storage.LatestFixes(database.dataSource()));
        await(
                vertx.deployVerticle(http).toCompletionStage().toCompletableFuture(),
                "HTTP API on " + config.httpHost() + ":" + config.httpPort());
        return http;
    }

    /**
     * The path of a ping, {@link Pipeline}, built from its end because each step hands to the next: the alert
     * step, then device health and evaluation (with pursuit mode's downlink), then storage with its hand-over to
     * those two, then the screen. Receiving is the transport's ({@link #startTransport}).
     */
    private Pipeline buildPipeline(GatewayConfig config, Clock clock) {
        raiser = track(new AlertRaiser(alerts, raised -> {}));
        health = track(new DeviceHealthMonitor(
                orders,
                raiser,
                new HealthSettings(config.communicationLoss(), config.gnssLoss(), config.usableAccuracyMetres()),
                clock));
        downlink = track(new DownlinkQueue(database.dataSource(), clock));
        PursuitMode pursuit = new PursuitMode(downlink, health::observedIntervalSeconds);
        evaluation = track(new EvaluationService(
                orders, raiser, pursuit, downlink, database.dataSource(), EvaluatorSettings.defaults(), clock));
        writer = track(new TelemetryWriter(
                database.dataSource(),
                config.writerBatchSize(),
                config.writerQueueCapacity(),
                new Pipeline.HandOver(health, evaluation),
                metrics.storeBatch()));
        rejections = new RejectionLog();
        Pipeline.Screen screen = new Pipeline.Screen(
                new MessageParser(config.futureTolerance(), config.maxPayloadBytes()),
                orders::isKnownDevice,
                rejections,
                clock);
        return new Pipeline(screen, writer, clock, metrics.ackLatency());
    }

    /** The receive step: the MQTT transport of the configured mode, feeding the pipeline and carrying the downlink. */
    private void startTransport(GatewayConfig config, Pipeline pipeline, Clock clock) {
        if (config.mqttMode() == GatewayConfig.MqttMode.BROKER) {
            try {
                broker = track(new BrokerIngestion(
                        config.brokerUrl(),
                        config.brokerClientId(),
                        config.brokerUser(),
                        config.brokerPassword(),
                        config.brokerShareGroup(),
                        config.brokerReceiveMaximum(),
                        config.brokerSessionExpirySeconds(),
                        pipeline,
                        clock));
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                throw new IllegalStateException("invalid broker settings: " + e.getMessage(), e);
            }
            await(broker.start(), "MQTT broker " + config.brokerUrl());
            downlink.deliverThrough(broker);
        } else {
            embedded = new EmbeddedMqttEndpoint(
                    config.embeddedMqttHost(),
                    config.embeddedMqttPort(),
                    config.maxPayloadBytes(),
                    pipeline,
                    credentials,
                    clock);
            await(
                    vertx.deployVerticle(embedded).toCompletionStage().toCompletableFuture(),
                    "embedded MQTT endpoint on " + config.embeddedMqttHost() + ":" + config.embeddedMqttPort());
            downlink.deliverThrough(embedded);
        }
    }

    /** The evidence signing key (printed with its id at start-up), the checkpoint schedule, and the evidence service. */
    private EvidenceService startEvidence(GatewayConfig config, Clock clock) {
        EvidenceKey key;
        if (config.evidenceKeyPath().isEmpty()) {
            key = EvidenceKey.ephemeral();
            LOG.warn(
                    "STAYAWAY_EVIDENCE_KEY is not set: evidence is signed with a random per-process key, which cannot be published; set it in production");
        } else {
            key = EvidenceKey.loadOrCreate(java.nio.file.Path.of(config.evidenceKeyPath()));
        }
        // The public key is public: printed so that it can be published and compared with bundles' key id.
        System.out.println("=== Stayaway evidence signing key id " + key.keyId()
                + " (Ed25519; also at GET /api/evidence/key) ===\n"
                + key.publicKeyPem().trim());
        System.out.flush();
        LOG.info("evidence signing key id {}", key.keyId());
        EvidenceService evidence = new EvidenceService(
                database.dataSource(),
                key,
                stored -> OrderDocument.parse(stored).courtOrder(),
                alerts,
                config.communicationLoss(),
                clock);
        track(evidence.scheduleCheckpoints(config.checkpointInterval()));
        return evidence;
    }

    /** Users (with the bootstrap admin on first start), the token key, and the audit log. */
    private HttpApi.Access startAccessControl(GatewayConfig config, Clock clock) {
        UserDirectory users = new UserDirectory(database.dataSource(), clock);
        Optional<String> generated = users.ensureBootstrapAdmin(
                config.bootstrapAdminPassword().isEmpty() ? null : config.bootstrapAdminPassword());
        if (generated.isPresent()) {
            // Standard output only, once: the log records that it happened, never the password.
            System.out.println("=== Stayaway bootstrap admin: username '" + UserDirectory.BOOTSTRAP_ADMIN
                    + "', password " + generated.get() + " (shown this once; log in with POST /api/login) ===");
            System.out.flush();
            LOG.warn(
                    "created the bootstrap admin '{}' with a random password, printed once to standard output",
                    UserDirectory.BOOTSTRAP_ADMIN);
        }
        String secret = config.jwtSecret();
        if (secret.isEmpty()) {
            secret = SecretHash.newSecret(32);
            LOG.warn(
                    "STAYAWAY_JWT_SECRET is not set: API tokens are signed with a random per-process key; tokens will not survive a restart");
        }
        TokenService tokens = new TokenService(vertx, secret, config.tokenLifetime(), clock);
        metrics.counter(
                "stayaway_api_refusals", "API requests refused with 401, 403 or 429", denials, DenialLog::total);
        return new HttpApi.Access(
                users,
                tokens,
                new LoginThrottle(database.dataSource(), config.loginFailuresPerMinute()),
                new AuditLog(database.dataSource()),
                denials,
                clock);
    }

    /** The gateway's meters, grouped by the step of a ping they measure (docs/operations.md, "Health, readiness and metrics"). */
    private void registerMetrics(NotificationDispatcher dispatcher) {
        registerStorageMetrics();
        registerEvaluationMetrics();
        registerAlertingMetrics(dispatcher);
        registerHealthMetrics();
        registerDownlinkMetrics();
    }

    /** Commands to devices: waiting for acknowledgement, delivered, retried, superseded, expired, failed writes. */
    private void registerDownlinkMetrics() {
        metrics.gauge(
                "stayaway_downlink_pending",
                "commands to devices not yet acknowledged",
                downlink,
                DownlinkQueue::pendingCount);
        metrics.counter(
                "stayaway_downlink_delivered",
                "commands to devices acknowledged",
                downlink,
                DownlinkQueue::deliveredCount);
        metrics.counter(
                "stayaway_downlink_retries",
                "command deliveries that failed and are retried (device away, broker busy or down)",
                downlink,
                DownlinkQueue::retryCount);
        metrics.counter(
                "stayaway_downlink_superseded",
                "pending set_interval commands replaced by a newer one",
                downlink,
                DownlinkQueue::supersededCount);
        metrics.counter(
                "stayaway_downlink_expired",
                "notify commands that expired before their device was reachable",
                downlink,
                DownlinkQueue::expiredCount);
        metrics.counter(
                "stayaway_downlink_failures",
                "commands that could not be written yet (retried) or were malformed",
                downlink,
                DownlinkQueue::failureCount);
    }

    /** Ingestion and storage: records stored, recognised as duplicates, waiting, refused and not kept. */
    private void registerStorageMetrics() {
        metrics.counter("stayaway_ingest_stored", "records newly stored", writer, TelemetryWriter::storedCount);
        metrics.counter(
                "stayaway_ingest_duplicates",
                "redelivered records recognised and stored once",
                writer,
                TelemetryWriter::duplicateCount);
        metrics.gauge(
                "stayaway_ingest_queue_depth", "records accepted, not yet stored", writer, TelemetryWriter::queueDepth);
        for (io.stayaway.gateway.ingest.RejectReason reason : io.stayaway.gateway.ingest.RejectReason.values()) {
            metrics.counter(
                    "stayaway_ingest_rejected",
                    "uplink records refused, by reason",
                    "reason",
                    reason.wireName(),
                    rejections,
                    l -> l.count(reason));
        }
        metrics.counter(
                "stayaway_rejections_not_kept",
                "refused raw messages that could not be kept for investigation",
                writer,
                TelemetryWriter::rejectionsDropped);
    }

    /** Geofence evaluation: its count and time, and the failures (of evaluation or of the hand-over to it). */
    private void registerEvaluationMetrics() {
        metrics.counter("stayaway_evaluations", "geofence evaluations", evaluation, EvaluationService::evaluationCount);
        metrics.counter(
                "stayaway_evaluation_failures",
                "evaluation tasks that failed (each may be a missed alert)",
                evaluation,
                EvaluationService::failureCount);
        metrics.counter(
                "stayaway_evaluation_handover_failures",
                "stored batches not handed to evaluation (each may be a missed alert)",
                writer,
                TelemetryWriter::handOverFailureCount);
        metrics.counter(
                "stayaway_evaluation_seconds",
                "time spent in geofence evaluation",
                evaluation,
                e -> e.evaluationNanos() / 1e9);
    }

    /** Alerting and notification: alerts stored, failed and waiting; notifications sent and given up. */
    private void registerAlertingMetrics(NotificationDispatcher dispatcher) {
        metrics.counter("stayaway_alerts_stored", "alert raises and updates stored", raiser, AlertRaiser::raisedCount);
        metrics.counter(
                "stayaway_alert_store_failures",
                "alert store attempts that failed (retried; alerts late)",
                raiser,
                AlertRaiser::failureCount);
        metrics.gauge("stayaway_alert_backlog", "alert triggers waiting to be stored", raiser, AlertRaiser::backlog);
        metrics.counter(
                "stayaway_notifications_sent",
                "notifications accepted by the provider",
                dispatcher,
                NotificationDispatcher::sentCount);
        metrics.counter(
                "stayaway_notifications_failed",
                "notifications given up after all attempts",
                dispatcher,
                NotificationDispatcher::failedCount);
        metrics.counter(
                "stayaway_escalation_failures",
                "escalation steps that failed and were postponed (each a late escalation)",
                alerting.escalations(),
                EscalationScheduler::failureCount);
    }

    /** Health: of the devices (online, and the timer that watches them) and of the gateway itself (ready). */
    private void registerHealthMetrics() {
        metrics.counter(
                "stayaway_health_check_failures",
                "device health timer passes that failed (loss alerts may be missed)",
                health,
                DeviceHealthMonitor::failureCount);
        metrics.gauge(
                "stayaway_devices_online",
                "devices heard from within the communication-loss window",
                health,
                DeviceHealthMonitor::onlineCount);
        metrics.gauge("stayaway_ready", "1 while the database is writable and MQTT connected", () -> ready() ? 1 : 0);
    }

    public java.util.Optional<io.stayaway.gateway.health.DeviceHealth> deviceHealth(String deviceId) {
        return health.health(deviceId);
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

    /** Database writable and MQTT connected (broker mode) or listening (embedded mode). */
    public boolean ready() {
        boolean mqtt = broker != null ? broker.connected() : embedded != null && embedded.listening();
        return writer != null && writer.databaseHealthy() && mqtt;
    }

    /** The embedded MQTT endpoint's port (embedded mode only). */
    public int mqttPort() {
        return embedded.actualPort();
    }

    /** The downlink queue, for tests that send commands to devices directly. */
    DownlinkQueue downlink() {
        return downlink;
    }

    public int httpPort() {
        return api.actualPort();
    }

    public NotificationChannel channel() {
        return channel;
    }

    public EvidenceService evidence() {
        return evidence;
    }

    public RejectionLog rejections() {
        return rejections;
    }

    public TelemetryWriter writer() {
        return writer;
    }

    /** The HTTP API's routes as "METHOD /path/{param}" (tests check each is in /openapi.yaml). */
    public java.util.List<String> httpRoutes() {
        return api.routes();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn(
                        "error while stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}
