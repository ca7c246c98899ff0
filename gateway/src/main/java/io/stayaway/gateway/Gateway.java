package io.stayaway.gateway;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.Alerting;
import io.stayaway.alerts.checkin.CheckIns;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
import io.stayaway.gateway.access.LoginThrottle;
import io.stayaway.gateway.access.TokenService;
import io.stayaway.gateway.access.UserDirectory;
import io.stayaway.gateway.alerting.AlertRaiser;
import io.stayaway.gateway.api.HttpApi;
import io.stayaway.gateway.cluster.ClusterNode;
import io.stayaway.gateway.cluster.OwnedOrders;
import io.stayaway.gateway.cluster.Ownership;
import io.stayaway.gateway.cluster.RecordRouting;
import io.stayaway.gateway.cluster.SessionAdoption;
import io.stayaway.gateway.devices.DeviceCredentials;
import io.stayaway.gateway.devices.SecretHash;
import io.stayaway.gateway.downlink.DownlinkQueue;
import io.stayaway.gateway.downlink.PursuitMode;
import io.stayaway.gateway.evaluation.EvaluationService;
import io.stayaway.gateway.health.DeviceHealthMonitor;
import io.stayaway.gateway.health.HealthSettings;
import io.stayaway.gateway.health.OrderExpiryWatch;
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
    private CheckIns checkIns;
    private TelemetryWriter writer;
    private RejectionLog rejections;
    private NotificationChannel channel;
    private BrokerIngestion broker;
    private HttpApi api;
    private DeviceHealthMonitor health;
    private OrderExpiryWatch expiry;
    private AlertRaiser raiser;
    private EvaluationService evaluation;
    private DeviceCredentials credentials;
    private EmbeddedMqttEndpoint embedded;
    private EvidenceService evidence;
    private DownlinkQueue downlink;
    private Ownership ownership;
    private OwnedOrders owned;
    private RecordRouting routing;
    private SessionAdoption adoption;
    private io.stayaway.gateway.orders.OrderSync orderSync;
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
        database = track(Database.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize()));

        channel = AlertingSetup.notificationChannel(config);
        alerting =
                track(Alerting.create(database.dataSource(), channel, clock, AlertingSetup.alertingSettings(config)));
        alerts = alerting.alerts();

        evidence = startEvidence(config, clock);

        joinCluster(config);
        orders = new OrderRegistry(database.dataSource());
        orders.load();
        Pipeline pipeline = buildPipeline(config, clock);
        evaluation.start();
        // Takes on the orders this node owns: evaluates what was stored but not evaluated before a restart (or by a
        // node that died), before any transport opens, then follows ownership as nodes join and leave.
        owned = track(new OwnedOrders(ownership, orders, List.of(evaluation, health)));
        owned.start();
        orderSync = track(io.stayaway.gateway.orders.OrderSync.start(vertx, orders)); // orders changed at any gateway
        checkIns = track(AlertingSetup.checkIns(config, database.dataSource(), channel, clock, alerts, orders));
        alerting.start();
        checkIns.start();
        orders.onAdded(doc -> checkIns.ordersChanged());
        orders.onChanged(history -> checkIns.ordersChanged());
        health.start(1_000);
        expiry = track(new OrderExpiryWatch(orders, ownership, raiser, OrderExpiryWatch.REVIEW_BEFORE, clock));
        expiry.start(Duration.ofMinutes(1));
        track(new RetentionPolicy(
                        database.dataSource(),
                        config.protectedRetention(),
                        config.respondentRetention(),
                        clock,
                        evidence::signNow))
                .start();
        new GatewayMeters(
                        metrics,
                        writer,
                        rejections,
                        evaluation,
                        raiser,
                        alerting,
                        health,
                        downlink,
                        routing,
                        owned,
                        orderSync,
                        this::ready)
                .registerAll(alerting.dispatcher());
        metrics.counter("stayaway_check_ins_sent", "safety check-ins texted", checkIns, CheckIns::sentCount);
        metrics.counter(
                "stayaway_check_ins_failed",
                "safety check-ins given up: Twilio refused them or every attempt failed",
                checkIns,
                CheckIns::failedCount);

        credentials = new DeviceCredentials(database.dataSource());
        api = startHttpApi(config, startAccessControl(config, clock));

        startTransport(config, pipeline, clock);
        LOG.info("gateway ready: HTTP on port {}, notifications via {}", api.actualPort(), channel.name());
    }

    /**
     * This node's Vert.x: clustered through Hazelcast when {@code STAYAWAY_CLUSTER_MEMBERS} is set (its
     * partition table then decides which orders this node owns), a local one owning every order otherwise.
     * Closed last, so that the cluster sees this node leave only once everything else has stopped.
     */
    private void joinCluster(GatewayConfig config) {
        if (config.clustered()) {
            ClusterNode node = ClusterNode.join(config.clusterHost(), config.clusterPort(), config.clusterMembers());
            vertx = node.vertx();
            ownership = node;
            LOG.info(
                    "joined the cluster as node {} with {} member(s)",
                    node.node(),
                    node.members().size());
        } else {
            vertx = Vertx.vertx();
            ownership = Ownership.single();
        }
        track(() -> vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    /** What {@code GET /api/cluster} shows: this node, the members, the orders it holds and how far each is evaluated. */
    private io.vertx.core.json.JsonObject clusterView() {
        io.vertx.core.json.JsonArray held = new io.vertx.core.json.JsonArray();
        owned.held().stream()
                .sorted()
                .forEach(id -> held.add(new io.vertx.core.json.JsonObject()
                        .put("orderId", id)
                        .put(
                                "evaluatedThrough",
                                evaluation
                                        .evaluatedThrough(id)
                                        .map(Object::toString)
                                        .orElse(null))));
        return new io.vertx.core.json.JsonObject()
                .put("node", ownership.node())
                .put("clustered", ownership.clustered())
                .put("members", new io.vertx.core.json.JsonArray(ownership.members()))
                .put("orders", held)
                .put(
                        "adoptedSessions",
                        new io.vertx.core.json.JsonArray(
                                adoption == null ? List.of() : List.copyOf(adoption.adoptedSessions())));
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
        http.withConsoleData(database.dataSource());
        http.withClusterView(this::clusterView);
        http.withMapTiles(config.mapTiles());
        checkIns.inbound().ifPresent(http::withInboundMessages);
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
                ownership,
                database.dataSource(),
                raiser,
                new HealthSettings(config.communicationLoss(), config.gnssLoss(), config.usableAccuracyMetres()),
                clock));
        downlink = track(new DownlinkQueue(database.dataSource(), clock, this::deliversTo));
        PursuitMode pursuit = new PursuitMode(downlink, health::observedIntervalSeconds);
        evaluation = track(new EvaluationService(
                orders,
                ownership,
                raiser,
                pursuit,
                downlink,
                database.dataSource(),
                EvaluatorSettings.defaults(),
                clock));
        routing = track(new RecordRouting(vertx, ownership, orders, new Pipeline.HandOver(health, evaluation)));
        writer = track(new TelemetryWriter(
                database.dataSource(),
                config.writerBatchSize(),
                config.writerQueueCapacity(),
                new Pipeline.Route(routing),
                metrics.storeBatch()));
        rejections = new RejectionLog();
        Pipeline.Screen screen = new Pipeline.Screen(
                new MessageParser(config.futureTolerance(), config.maxPayloadBytes()),
                orders::isKnownDevice,
                rejections,
                clock);
        return new Pipeline(screen, writer, clock, metrics.ackLatency());
    }

    /**
     * Whether this node delivers a device's commands: those of devices of the orders it owns (one node per
     * order), and of a device with no active order, the owner of the device id's partition.
     */
    private boolean deliversTo(String deviceId) {
        List<String> of = orders.ordersOf(deviceId);
        return of.isEmpty() ? ownership.owns("device:" + deviceId) : of.stream().anyMatch(ownership::owns);
    }

    /** A departed node's broker session, read through this node's pipeline until that node returns. */
    private static BrokerIngestion adoptedSession(
            GatewayConfig config, String clientId, Pipeline pipeline, Clock clock) {
        try {
            return new BrokerIngestion(
                    config.brokerUrl(),
                    clientId,
                    config.brokerUser(),
                    config.brokerPassword(),
                    config.brokerShareGroup(),
                    config.brokerReceiveMaximum(),
                    config.brokerSessionExpirySeconds(),
                    pipeline,
                    clock,
                    false);
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            throw new IllegalStateException("cannot read the MQTT session " + clientId + ": " + e.getMessage(), e);
        }
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
            if (ownership instanceof ClusterNode node) {
                adoption = track(new SessionAdoption(
                        node, config.brokerClientId(), id -> adoptedSession(config, id, pipeline, clock)));
                adoption.start();
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
            embedded.registerMetrics(metrics);
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
                new LoginThrottle(
                        database.dataSource(),
                        config.loginFailuresPerMinute(),
                        config.loginFailuresPerMinuteAllUsers()),
                new AuditLog(database.dataSource()),
                denials,
                clock);
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
