package io.stayaway.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.stayaway.gateway.devices.DeviceCredentials;
import io.stayaway.gateway.downlink.Downlink;
import io.stayaway.gateway.ingest.RawMessage;
import io.stayaway.gateway.ingest.Topic;
import io.stayaway.gateway.pipeline.Pipeline;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * Handlers run on the endpoint's event loop; JDBC and PBKDF2 run in {@code executeBlocking}.
 */
public final class EmbeddedMqttEndpoint extends VerticleBase implements Downlink {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttEndpoint.class);
    /** In-flight QoS 1 messages a device may have unacknowledged (MQTT 5 §3.2.2.3.3). */
    private static final int RECEIVE_MAXIMUM = 100;

    private final String host;
    private final int port;
    private final int maxMessageBytes;
    private final Pipeline pipeline;
    private final DeviceCredentials credentials;
    private final Clock clock;
    private final Map<String, Connected> connected = new ConcurrentHashMap<>();
    private MqttServer server;
    private ReadPause backpressure;

    private record Connected(MqttEndpoint endpoint, Context context) {}

    public EmbeddedMqttEndpoint(
            String host, int port, int maxMessageBytes, Pipeline pipeline, DeviceCredentials credentials, Clock clock) {
        this.host = host;
        this.port = port;
        this.maxMessageBytes = maxMessageBytes;
        this.pipeline = pipeline;
        this.credentials = credentials;
        this.clock = clock;
        credentials.onRetired(this::disconnectRetired);
    }

    /**
     * A retired device's open session is ended at once, not at its next CONNECT (which its
     * credentials no longer pass): MQTT 5 DISCONNECT with reason 0x98, administrative action (§3.14.2.1).
     */
    private void disconnectRetired(String deviceId) {
        Connected c = connected.get(deviceId);
        if (c == null) {
            return;
        }
        c.context().runOnContext(v -> {
            if (!c.endpoint().isConnected()) {
                return;
            }
            LOG.info("device {} retired: closing its session", deviceId);
            if (c.endpoint().protocolVersion() == 5) {
                c.endpoint()
                        .disconnect(
                                io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION,
                                MqttProperties.NO_PROPERTIES);
            } else {
                c.endpoint().close();
            }
        });
    }

    @Override
    public Future<?> start() {
        try {
            ReadPause.requireAvailable();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
        backpressure = new ReadPause(vertx, pipeline::saturated);
        MqttServerOptions options = new MqttServerOptions()
                .setHost(host)
                .setPort(port)
                // Larger than the payload limit so an oversize payload reaches the parser and is refused with a reason.
                .setMaxMessageSize(maxMessageBytes * 2 + 1024)
                .setTimeoutOnConnect(30);
        server = MqttServer.create(vertx, options);
        server.endpointHandler(this::onConnect)
                .exceptionHandler(e -> LOG.warn("MQTT endpoint error: {}", e.getMessage()));
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
            endpoint.reject(
                    v5
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                            : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        String deviceId = auth.getUsername();
        String secret = auth.getPassword();
        Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> credentials.verify(deviceId, secret)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.error(
                        "cannot check credentials of {} (database?): {}",
                        deviceId,
                        ar.cause().getMessage());
                endpoint.reject(
                        v5
                                ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                                : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                return;
            }
            if (!ar.result()) {
                LOG.warn(
                        "refused MQTT connection for device {} from {}: bad credentials",
                        deviceId,
                        endpoint.remoteAddress());
                endpoint.reject(
                        v5
                                ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                                : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
                return;
            }
            accept(endpoint, deviceId, v5, context);
        });
    }

    private void accept(MqttEndpoint endpoint, String deviceId, boolean v5, Context context) {
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(m -> {
            onPublish(endpoint, deviceId, m);
            backpressure.afterPublish(endpoint, context);
        });
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(s -> onSubscribe(endpoint, deviceId, v5, s));
        endpoint.unsubscribeHandler(u -> endpoint.unsubscribeAcknowledge(u.messageId()));
        Connected session = new Connected(endpoint, context);
        // Only this session's own entry: after a takeover the entry is the new session's, which stays.
        endpoint.closeHandler(v -> {
            backpressure.closed(endpoint);
            connected.remove(deviceId, session);
        });
        Connected previous = connected.put(deviceId, session);
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
                                deviceId,
                                failure.toString());
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
                LOG.warn("device {} may not subscribe to {}", deviceId, sub.topicName());
            }
        }
        if (v5) {
            endpoint.subscribeAcknowledge(s.messageId(), codes, MqttProperties.NO_PROPERTIES);
        } else {
            endpoint.subscribeAcknowledge(s.messageId(), granted);
        }
    }

    /** Downlink: delivered if the device is connected now; otherwise dropped with a log line (the command is re-sent on the next state change). */
    @Override
    public void send(String deviceId, String command) {
        publish(deviceId, Topic.commandTopic(deviceId), command);
    }

    /** Publishes to one of the device's own topics (QoS 1) on its connection's event loop, if it is connected. */
    private void publish(String deviceId, String topic, String payload) {
        Connected c = connected.get(deviceId);
        if (c == null) {
            LOG.info("device {} not connected; message on {} not delivered: {}", deviceId, topic, payload);
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
        return server == null ? Future.succeededFuture() : server.close();
    }
}
