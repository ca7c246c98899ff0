package io.stayaway.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.stayaway.gateway.devices.DeviceCredentials;
import io.stayaway.gateway.downlink.DownlinkTransport;
import io.stayaway.gateway.ingest.RawMessage;
import io.stayaway.gateway.ingest.Topic;
import io.stayaway.gateway.ops.GatewayMetrics;
import io.stayaway.gateway.ops.LogSafe;
import io.stayaway.gateway.ops.LogThrottle;
import io.stayaway.gateway.pipeline.Pipeline;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded mode: the gateway is the devices' MQTT endpoint (Vert.x MQTT server, MQTT 3.1.1 and 5).
 * A device authenticates with username = its device id and its issued secret; it may publish only
 * to {@code wearables/{itself}/ping|event} and subscribe only to its own {@code cmd} and
 * {@code error} topics. A QoS 1 PUBLISH is acknowledged only after every record in it is durable,
 * so a device can never be told "stored" for a ping that is not; the client's in-flight window
 * (Receive Maximum, announced in CONNACK) then slows a device down while storage is behind. Whatever
 * the device's protocol version or QoS, the endpoint also stops reading from its connection while
 * storage is saturated ({@link ReadPause}), so the store's queue overshoots its capacity by at most
 * what was already read.
 * A device whose secret is rotated or which is retired has its session ended at once.
 * Handlers run on the endpoint's event loop; JDBC and PBKDF2 run in {@code executeBlocking}, the credential
 * checks unordered on their own pool ({@value #CHECK_POOL}) so that one CONNECT never waits for another's.
 * Whatever a client sent is escaped in the log ({@link LogSafe}); refused CONNECTs are logged at most 20 a minute
 * ({@link ConnectRefusals}).
 */
public final class EmbeddedMqttEndpoint extends VerticleBase implements DownlinkTransport {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttEndpoint.class);
    /** In-flight QoS 1 messages a device may have unacknowledged (MQTT 5 §3.2.2.3.3). */
    private static final int RECEIVE_MAXIMUM = 100;
    /** The worker pool that checks CONNECT credentials (PBKDF2 and a JDBC read each): two threads per core. */
    static final String CHECK_POOL = "mqtt-credential-checks";

    private final String host;
    private final int port;
    private final int maxMessageBytes;
    private final Pipeline pipeline;
    private final DeviceCredentials credentials;
    private final Clock clock;
    private final Map<String, Connected> connected = new ConcurrentHashMap<>();
    private final LogThrottle subscriptionRefusals = new LogThrottle(java.time.Duration.ofMinutes(1));
    private final ConnectRefusals refusals;
    /** Per device, how many times its secret was revoked: a CONNECT checked across a revocation is not accepted. */
    private final Map<String, Long> revocations = new ConcurrentHashMap<>();

    private final AtomicInteger checksInFlight = new AtomicInteger();
    private final AtomicInteger peakChecksInFlight = new AtomicInteger();
    private MqttServer server;
    private ReadPause backpressure;
    private WorkerExecutor checks;
    private long refusalReport = -1;

    private final List<Consumer<String>> subscribedListeners = new CopyOnWriteArrayList<>();

    /**
     * A device's session: its endpoint, the event loop it runs on, whether it subscribed to its command
     * topic, and the commands published to it that await its PUBACK, by packet id (touched only on that
     * event loop).
     */
    private record Connected(
            MqttEndpoint endpoint,
            Context context,
            AtomicBoolean commandsSubscribed,
            Map<Integer, CompletableFuture<Void>> awaitingAck) {
        Connected(MqttEndpoint endpoint, Context context) {
            this(endpoint, context, new AtomicBoolean(), new HashMap<>());
        }

        void failAwaiting(String why) {
            awaitingAck.values().forEach(f -> f.completeExceptionally(new IllegalStateException(why)));
            awaitingAck.clear();
        }
    }

    public EmbeddedMqttEndpoint(
            String host, int port, int maxMessageBytes, Pipeline pipeline, DeviceCredentials credentials, Clock clock) {
        this.host = host;
        this.port = port;
        this.maxMessageBytes = maxMessageBytes;
        this.pipeline = pipeline;
        this.credentials = credentials;
        this.clock = clock;
        this.refusals = new ConnectRefusals(clock);
        credentials.onRevoked(this::endRevokedSession);
    }

    /**
     * A device whose secret was rotated or which was retired has its open session ended at once, not at its next
     * CONNECT (which the old secret no longer passes): MQTT 5 DISCONNECT with reason 0x98, administrative action
     * (§3.14.2.1). The count is raised first, so that a CONNECT whose check read the old secret and that is
     * accepted after this look-up is closed by {@link #accept} itself.
     */
    private void endRevokedSession(DeviceCredentials.Revoked revoked) {
        String deviceId = revoked.deviceId();
        revocations.merge(deviceId, 1L, Long::sum);
        Connected c = connected.get(deviceId);
        if (c != null) {
            c.context().runOnContext(v -> {
                if (c.endpoint().isConnected()) {
                    LOG.info(
                            "device {} {}: closing its session",
                            LogSafe.quote(deviceId),
                            revoked.why() == DeviceCredentials.Revoked.Why.RETIRED ? "retired" : "secret rotated");
                    disconnectAdministratively(c.endpoint());
                }
            });
        }
    }

    private static void disconnectAdministratively(MqttEndpoint endpoint) {
        if (endpoint.protocolVersion() == 5) {
            endpoint.disconnect(
                    io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION,
                    MqttProperties.NO_PROPERTIES);
        } else {
            endpoint.close();
        }
    }

    /** The endpoint's own meters: refused CONNECTs by reason, secrets checked, checks in flight (now and at most). */
    public void registerMetrics(GatewayMetrics metrics) {
        refusals.register(metrics);
        metrics.counter(
                "stayaway_mqtt_secret_checks",
                "device secrets checked with PBKDF2 at CONNECT (one per CONNECT, device known or not)",
                credentials,
                DeviceCredentials::secretChecks);
        metrics.gauge(
                "stayaway_mqtt_credential_checks_in_flight",
                "CONNECT credential checks running or waiting for a worker",
                checksInFlight,
                AtomicInteger::get);
        metrics.gauge(
                "stayaway_mqtt_credential_checks_in_flight_max",
                "the most CONNECT credential checks in flight at once since start (the largest CONNECT burst)",
                peakChecksInFlight,
                AtomicInteger::get);
    }

    @Override
    public Future<?> start() {
        try {
            ReadPause.requireAvailable();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        backpressure = new ReadPause(vertx, pipeline::saturated);
        checks = vertx.createSharedWorkerExecutor(
                CHECK_POOL, 2 * Runtime.getRuntime().availableProcessors());
        refusalReport = vertx.setPeriodic(60_000, t -> refusals.reportSuppressed());
        MqttServerOptions options = new MqttServerOptions()
                .setHost(host)
                .setPort(port)
                // Larger than the payload limit so an oversize payload reaches the parser and is refused with a reason.
                .setMaxMessageSize(maxMessageBytes * 2 + 1024)
                .setTimeoutOnConnect(30);
        server = MqttServer.create(vertx, options);
        server.endpointHandler(this::onConnect)
                .exceptionHandler(e -> LOG.warn("MQTT endpoint error: {}", LogSafe.quote(e.getMessage())));
        return server.listen()
                .onSuccess(s -> LOG.info("embedded MQTT endpoint listening on {}:{}", host, s.actualPort()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    public boolean listening() {
        return server != null;
    }

    private void onConnect(MqttEndpoint endpoint) {
        MqttAuth auth = endpoint.auth();
        boolean v5 = endpoint.protocolVersion() == 5;
        if (auth == null || auth.getUsername() == null || auth.getPassword() == null) {
            refusals.refused(
                    ConnectRefusals.Reason.NO_CREDENTIALS,
                    auth == null ? null : auth.getUsername(),
                    endpoint.remoteAddress(),
                    null);
            endpoint.reject(
                    v5
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                            : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        String deviceId = auth.getUsername();
        String secret = auth.getPassword();
        Context context = vertx.getOrCreateContext();
        long revokedBefore = revocations.getOrDefault(deviceId, 0L);
        peakChecksInFlight.accumulateAndGet(checksInFlight.incrementAndGet(), Math::max);
        // Unordered: checks of different CONNECTs run side by side on the pool instead of one after another.
        checks.executeBlocking(() -> credentials.verify(deviceId, secret), false)
                .onComplete(ar -> {
                    checksInFlight.decrementAndGet();
                    if (ar.failed()) {
                        refusals.refused(
                                ConnectRefusals.Reason.UNAVAILABLE,
                                deviceId,
                                endpoint.remoteAddress(),
                                ar.cause().getMessage());
                        endpoint.reject(
                                v5
                                        ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                    } else if (!ar.result()) {
                        refusals.refused(
                                ConnectRefusals.Reason.BAD_CREDENTIALS, deviceId, endpoint.remoteAddress(), null);
                        endpoint.reject(
                                v5
                                        ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                                        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
                    } else {
                        accept(endpoint, deviceId, v5, context, revokedBefore);
                    }
                });
    }

    private void accept(MqttEndpoint endpoint, String deviceId, boolean v5, Context context, long revokedBefore) {
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(m -> {
            onPublish(endpoint, deviceId, m);
            backpressure.afterPublish(endpoint, context);
        });
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.unsubscribeHandler(u -> endpoint.unsubscribeAcknowledge(u.messageId()));
        Connected session = new Connected(endpoint, context);
        endpoint.subscribeHandler(s -> {
            onSubscribe(endpoint, deviceId, v5, s);
            if (s.topicSubscriptions().stream().anyMatch(t -> t.topicName().equals(Topic.commandTopic(deviceId)))) {
                session.commandsSubscribed().set(true);
                subscribedListeners.forEach(l -> l.accept(deviceId));
            }
        });
        endpoint.publishAcknowledgeHandler(packetId -> {
            CompletableFuture<Void> acked = session.awaitingAck().remove(packetId);
            if (acked != null) {
                acked.complete(null);
            }
        });
        // Only this session's own entry: after a takeover the entry is the new session's, which stays.
        endpoint.closeHandler(v -> {
            backpressure.closed(endpoint);
            connected.remove(deviceId, session);
            session.failAwaiting("the device's session closed before it acknowledged");
        });
        Connected previous = connected.put(deviceId, session);
        if (revocations.getOrDefault(deviceId, 0L) != revokedBefore) {
            // Its secret was revoked while it was being checked, perhaps before endRevokedSession could see it here.
            if (previous == null || !connected.replace(deviceId, session, previous)) {
                connected.remove(deviceId, session);
            }
            refusals.refused(ConnectRefusals.Reason.BAD_CREDENTIALS, deviceId, endpoint.remoteAddress(), null);
            endpoint.reject(
                    v5
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                            : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        if (previous != null && previous.endpoint() != endpoint) {
            // MQTT §3.1.4: a second connection for the same identity takes over.
            previous.context().runOnContext(v -> previous.endpoint().close());
        }
        if (v5) {
            MqttProperties props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), RECEIVE_MAXIMUM));
            endpoint.accept(false, props);
        } else {
            endpoint.accept(false);
        }
    }

    private void onPublish(MqttEndpoint endpoint, String deviceId, MqttPublishMessage m) {
        RawMessage raw = new RawMessage(m.topicName(), m.payload().getBytes(), clock.instant(), deviceId);
        int id = m.messageId();
        MqttQoS qos = m.qosLevel();
        Context context = vertx.getOrCreateContext();
        pipeline.acceptNow(raw)
                .whenComplete((outcome, failure) -> context.runOnContext(v -> {
                    if (failure != null) {
                        LOG.error(
                                "publish {} from {} not stored; not acknowledged, the device will resend: {}",
                                id,
                                LogSafe.quote(deviceId),
                                LogSafe.quote(failure));
                        return;
                    }
                    if (!outcome.rejected().isEmpty()) {
                        echoErrors(deviceId, outcome.rejected());
                    }
                    if (!endpoint.isConnected()) {
                        return;
                    }
                    if (qos == MqttQoS.AT_LEAST_ONCE) {
                        endpoint.publishAcknowledge(id);
                    } else if (qos == MqttQoS.EXACTLY_ONCE) {
                        endpoint.publishReceived(id);
                    }
                }));
    }

    private void echoErrors(String deviceId, List<io.stayaway.gateway.ingest.Rejection> rejected) {
        for (io.stayaway.gateway.ingest.Rejection r : rejected) {
            publish(
                    deviceId,
                    Topic.errorTopic(deviceId),
                    new io.vertx.core.json.JsonObject()
                            .put("reason", r.reason().wireName())
                            .put("detail", r.detail())
                            .encode());
        }
    }

    private void onSubscribe(MqttEndpoint endpoint, String deviceId, boolean v5, MqttSubscribeMessage s) {
        List<MqttSubAckReasonCode> codes = new ArrayList<>();
        List<MqttQoS> granted = new ArrayList<>();
        for (MqttTopicSubscription sub : s.topicSubscriptions()) {
            boolean own = sub.topicName().equals(Topic.commandTopic(deviceId))
                    || sub.topicName().equals(Topic.errorTopic(deviceId));
            MqttQoS qos = sub.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
            codes.add(own ? MqttSubAckReasonCode.qosGranted(qos) : MqttSubAckReasonCode.NOT_AUTHORIZED);
            granted.add(own ? qos : MqttQoS.FAILURE);
            if (!own) {
                // A device may ask again and again: one line per device a minute, saying how many were held back.
                subscriptionRefusals
                        .admit(deviceId, clock.instant())
                        .ifPresent(suppressed -> LOG.warn(
                                "device {} may not subscribe to {}{}",
                                LogSafe.quote(deviceId),
                                LogSafe.quote(sub.topicName()),
                                LogThrottle.suppressedNote(suppressed, "refused subscriptions")));
            }
        }
        if (v5) {
            endpoint.subscribeAcknowledge(s.messageId(), codes, MqttProperties.NO_PROPERTIES);
        } else {
            endpoint.subscribeAcknowledge(s.messageId(), granted);
        }
    }

    /**
     * Publishes a command to the device's live session; completes on the device's PUBACK. Fails at once if
     * the device is not connected (the queue retries, and again when it subscribes to its command topic).
     */
    @Override
    public CompletableFuture<Void> deliver(String deviceId, String command) {
        Connected c = connected.get(deviceId);
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("device not connected"));
        }
        if (!c.commandsSubscribed().get()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("device connected but not subscribed to its command topic"));
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        c.context().runOnContext(v -> {
            if (!c.endpoint().isConnected()) {
                acked.completeExceptionally(new IllegalStateException("device not connected"));
                return;
            }
            c.endpoint()
                    .publish(
                            Topic.commandTopic(deviceId),
                            Buffer.buffer(command.getBytes(StandardCharsets.UTF_8)),
                            MqttQoS.AT_LEAST_ONCE,
                            false,
                            false)
                    .onSuccess(packetId -> c.awaitingAck().put(packetId, acked))
                    .onFailure(acked::completeExceptionally);
        });
        return acked;
    }

    /** Tells the listener when a device subscribes to its command topic: from then on a command reaches it. */
    @Override
    public void onDeviceConnected(Consumer<String> listener) {
        subscribedListeners.add(listener);
    }

    /** Publishes to one of the device's own topics (QoS 1) on its connection's event loop, if it is connected. */
    private void publish(String deviceId, String topic, String payload) {
        Connected c = connected.get(deviceId);
        if (c == null) {
            LOG.info(
                    "device {} not connected; message on {} not delivered",
                    LogSafe.quote(deviceId),
                    LogSafe.quote(topic));
            return;
        }
        c.context().runOnContext(v -> {
            if (c.endpoint().isConnected()) {
                c.endpoint()
                        .publish(
                                topic,
                                Buffer.buffer(payload.getBytes(StandardCharsets.UTF_8)),
                                MqttQoS.AT_LEAST_ONCE,
                                false,
                                false);
            }
        });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(refusalReport);
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(() -> checks == null ? Future.succeededFuture() : checks.close());
    }
}
