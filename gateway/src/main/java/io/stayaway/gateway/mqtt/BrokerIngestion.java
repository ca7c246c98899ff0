package io.stayaway.gateway.mqtt;

import io.stayaway.gateway.cluster.SessionAdoption;
import io.stayaway.gateway.downlink.DownlinkTransport;
import io.stayaway.gateway.ingest.RawMessage;
import io.stayaway.gateway.ingest.Topic;
import io.stayaway.gateway.ops.LogSafe;
import io.stayaway.gateway.pipeline.Pipeline;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker mode: the gateway subscribes to an external MQTT broker (Paho MQTT v5) with QoS 1, a
 * persistent session and manual acknowledgement. A message is acknowledged only after every record
 * in it is durably stored (or refused); until then the broker keeps it and redelivers it after a
 * crash. Paho delivers messages on one callback thread, so per-device order is kept; acknowledgements
 * complete in storage order, which is arrival order (MQTT 5 §4.6 asks PUBACKs in order).
 *
 * <p>With a shared subscription the broker spreads one device's messages over several gateways;
 * the evaluator then restores per-device order by fix time.
 *
 * <p>It is also the downlink's transport in broker mode: commands are published through the same client
 * (QoS 1); the broker's PUBACK acknowledges them, and the broker holds them for a device whose persistent
 * session is offline.
 */
public final class BrokerIngestion implements DownlinkTransport, SessionAdoption.Session {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerIngestion.class);

    private final MqttAsyncClient client;
    private final Pipeline pipeline;
    private final Clock clock;
    private final String[] filters;
    private final MqttConnectionOptions options;

    public BrokerIngestion(
            String brokerUrl,
            String clientId,
            String user,
            String password,
            String shareGroup,
            int receiveMaximum,
            long sessionExpirySeconds,
            Pipeline pipeline,
            Clock clock)
            throws MqttException {
        this(
                brokerUrl,
                clientId,
                user,
                password,
                shareGroup,
                receiveMaximum,
                sessionExpirySeconds,
                pipeline,
                clock,
                true);
    }

    /**
     * @param reconnect false for a session adopted from a departed cluster node ({@code cluster.SessionAdoption}):
     *     when the node returns and takes its session over, the adopter must not take it back
     */
    public BrokerIngestion(
            String brokerUrl,
            String clientId,
            String user,
            String password,
            String shareGroup,
            int receiveMaximum,
            long sessionExpirySeconds,
            Pipeline pipeline,
            Clock clock,
            boolean reconnect)
            throws MqttException {
        this.client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        this.pipeline = pipeline;
        this.clock = clock;
        String prefix = shareGroup == null || shareGroup.isEmpty() ? "" : "$share/" + shareGroup + "/";
        this.filters = new String[] {prefix + Topic.PING_FILTER, prefix + Topic.EVENT_FILTER};
        this.options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpirySeconds);
        options.setAutomaticReconnect(reconnect);
        options.setAutomaticReconnectDelay(1, 10);
        options.setReceiveMaximum(receiveMaximum);
        if (user != null && !user.isEmpty()) {
            options.setUserName(user);
            options.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    /** Connects and subscribes; completes when the subscription is in place. */
    @Override
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            client.connect(options).waitForCompletion(TimeUnit.SECONDS.toMillis(10));
            subscribe();
            started.complete(null);
        } catch (MqttException e) {
            started.completeExceptionally(new IllegalStateException(
                    "cannot connect to MQTT broker " + client.getServerURI() + ": " + e.getMessage(), e));
        }
        return started;
    }

    private void subscribe() throws MqttException {
        IMqttToken token = client.subscribe(filters, new int[] {1, 1});
        token.waitForCompletion(TimeUnit.SECONDS.toMillis(10));
        LOG.info("subscribed to {} at {}", String.join(", ", filters), client.getServerURI());
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    /**
     * Publishes a command (QoS 1) to the device through the broker; completes on the broker's PUBACK, fails
     * when the client is disconnected, the broker's limit of publishes in flight is reached, or the PUBACK
     * says no one is subscribed (0x10: the device is offline without a persistent session, and the broker
     * dropped the command; the queue sends it again until the device is back).
     */
    @Override
    public CompletableFuture<Void> deliver(String deviceId, String command) {
        MqttMessage m = new MqttMessage(command.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        m.setQos(1);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            client.publish(Topic.commandTopic(deviceId), m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (noMatchingSubscribers(token)) {
                        // MQTT 5 reason 0x10: the broker dropped it, the device has no session subscribed to it.
                        acked.completeExceptionally(new IllegalStateException(
                                "no subscriber: the device is not connected or not subscribed to its command topic"));
                    } else {
                        acked.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    acked.completeExceptionally(failure);
                }
            });
        } catch (MqttException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private static boolean noMatchingSubscribers(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        if (codes == null) {
            return false;
        }
        for (int code : codes) {
            if (code == org.eclipse.paho.mqttv5.common.packet.MqttReturnCode.RETURN_CODE_NO_MATCHING_SUBSCRIBERS) {
                return true;
            }
        }
        return false;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            RawMessage raw = new RawMessage(topic, message.getPayload(), clock.instant(), null);
            int id = message.getId();
            int qos = message.getQos();
            pipeline.accept(raw).whenComplete((outcome, failure) -> {
                if (failure != null) {
                    LOG.error(
                            "message {} on {} not stored, left unacknowledged for redelivery: {}",
                            id,
                            LogSafe.quote(topic),
                            LogSafe.quote(failure));
                    return;
                }
                if (qos > 0) {
                    try {
                        client.messageArrivedComplete(id, qos);
                    } catch (MqttException e) {
                        LOG.warn(
                                "could not acknowledge message {} on {} (the broker will redeliver; it is stored once): {}",
                                id,
                                LogSafe.quote(topic),
                                e.getMessage());
                    }
                }
            });
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                LOG.info("reconnected to {}", serverURI);
                try {
                    subscribe();
                } catch (MqttException e) {
                    LOG.error("could not resubscribe after reconnect: {}", e.getMessage());
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn(
                    "{} disconnected from broker (reason code {}): {}",
                    client.getClientId(),
                    response.getReturnCode(),
                    response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.error("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.warn("error closing MQTT client: {}", e.getMessage());
        }
    }
}
