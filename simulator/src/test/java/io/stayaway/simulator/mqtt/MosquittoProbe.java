package io.stayaway.simulator.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A test's own client on the real Mosquitto at 127.0.0.1:1883: watches everything under a unique
 * topic prefix and can publish downlink commands. Messages are recorded on Paho's thread into a
 * thread-safe queue.
 */
public final class MosquittoProbe implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 1883;

    private final MqttAsyncClient client;
    private final TopicScheme topics;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    /** A message seen by the probe, with its arrival time. */
    public record Received(String topic, String payload, long arrivedNanos) {}

    public MosquittoProbe() throws MqttException {
        this(new TopicScheme("test-" + UUID.randomUUID()));
    }

    /** A probe subscribed to every wearable topic under {@code topics}' prefix. */
    public MosquittoProbe(TopicScheme topics) throws MqttException {
        this.topics = topics;
        this.client = new MqttAsyncClient(
                "tcp://" + HOST + ":" + PORT, "probe-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(
                        topic, new String(message.getPayload(), StandardCharsets.UTF_8), System.nanoTime()));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(5_000);
        client.subscribe(topics.prefix() + "wearables/#", 1).waitForCompletion(5_000);
    }

    public TopicScheme topics() {
        return topics;
    }

    public MqttEndpoint endpoint() {
        return MqttEndpoint.plain(HOST, PORT, topics);
    }

    public List<Received> received(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public int count() {
        return received.size();
    }

    public void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false)
                .waitForCompletion(5_000);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
