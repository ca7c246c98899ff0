package io.stayaway.gateway;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttPubAck;

/**
 * A wearable of the chaos run that keeps, on its own side, every ping the broker acknowledged to it
 * (PUBACK, MQTT 5 §4.3.2) with its seq and fix time, and resends what was not acknowledged with the
 * same seq and time, as a tracker with a store-and-forward buffer does (a publish that fails, or is
 * not acknowledged within {@value #RESEND_AFTER_MILLIS} ms, is sent again). It can lose its connection
 * in the middle of a stream ({@link #dropConnection}) and have its session taken over by a second
 * connection with its client id ({@link #takeOver}, MQTT 5 §3.1.4: the broker closes the first). Its
 * client id is its device id; it starts clean on every connection and keeps its own buffer (Paho 1.2.5
 * reconnecting a persistent session after a forced disconnection was refused by Mosquitto 2.0.11 with
 * "protocol error" in a loop). Driven by one thread; Paho's callbacks touch only thread-safe state.
 */
final class ChaosDevice implements AutoCloseable {
    private final String deviceId;
    private final String brokerUrl;
    private final double lat;
    private final double lon;
    private final Map<Long, Long> acked = new ConcurrentHashMap<>();
    private static final long RESEND_AFTER_MILLIS = 10_000;
    /** Paho logs every refused publish while the broker restarts; the run counts them instead. */
    private static final java.util.logging.Logger PAHO_LOG = quietPaho();

    private final Map<Long, String> unacked = new ConcurrentHashMap<>();
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final BlockingQueue<Long> toResend = new LinkedBlockingQueue<>();
    private final List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger resent = new AtomicInteger();
    private final AtomicInteger unconfirmed = new AtomicInteger();
    private final AtomicInteger noSubscribers = new AtomicInteger();
    /** PUBACK reason 0x10 (MQTT 5 §3.4.2.1): accepted, but nobody subscribed, so the broker dropped it. */
    private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger takeovers = new AtomicInteger();
    private volatile MqttAsyncClient client;
    private long nextSeq = 1;
    private long lastTs;

    ChaosDevice(String deviceId, String brokerUrl, double lat, double lon) throws MqttException {
        this.deviceId = deviceId;
        this.brokerUrl = brokerUrl;
        this.lat = lat;
        this.lon = lon;
        this.client = connected();
    }

    private static java.util.logging.Logger quietPaho() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.eclipse.paho.mqttv5.client");
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    String deviceId() {
        return deviceId;
    }

    private MqttAsyncClient connected() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(brokerUrl, deviceId, new MemoryPersistence());
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(100_000);
        buffer.setDeleteOldestMessages(false);
        c.setBufferOpts(buffer);
        c.setCallback(new CommandRecorder(commands));
        c.connect(options()).waitForCompletion(15_000);
        c.subscribe("wearables/" + deviceId + "/cmd", 1).waitForCompletion(15_000);
        return c;
    }

    private static MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 5);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(20);
        return o;
    }

    /** Sends the next ping (a fix now, 5 km from any zone) and any earlier one not acknowledged. */
    void publishNext() {
        resendDue();
        long seq = nextSeq++;
        long ts = Math.max(System.currentTimeMillis(), lastTs + 1);
        lastTs = ts;
        String payload = new JsonObject()
                .put("seq", seq)
                .put("ts", ts)
                .put("lat", lat)
                .put("lon", lon)
                .put("acc", 8.0)
                .encode();
        unacked.put(seq, payload);
        publish(seq, payload);
    }

    /** Sends again what failed, and what was not acknowledged within {@link #RESEND_AFTER_MILLIS}. */
    private void resendDue() {
        long now = System.currentTimeMillis();
        sentAt.forEach((seq, at) -> {
            if (now - at > RESEND_AFTER_MILLIS && unacked.containsKey(seq)) {
                toResend.add(seq);
            }
        });
        Set<Long> again = new java.util.TreeSet<>();
        toResend.drainTo(again);
        for (Long seq : again) {
            String payload = unacked.get(seq);
            if (payload != null) {
                resent.incrementAndGet();
                publish(seq, payload);
            }
        }
    }

    private void publish(long seq, String payload) {
        sentAt.put(seq, System.currentTimeMillis());
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        try {
            client.publish("wearables/" + deviceId + "/ping", m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (!(token.getResponse() instanceof MqttPubAck)) {
                        // completed without the broker's PUBACK (a connection lost, a client closed): not delivered
                        unconfirmed.incrementAndGet();
                        toResend.add(seq);
                        return;
                    }
                    int[] reasons = token.getReasonCodes();
                    if (reasons != null && reasons.length > 0 && reasons[0] == NO_MATCHING_SUBSCRIBERS) {
                        noSubscribers.incrementAndGet();
                    }
                    if (unacked.remove(seq) != null) {
                        acked.put(seq, new JsonObject(payload).getLong("ts"));
                    }
                    sentAt.remove(seq);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    toResend.add(seq);
                }
            });
        } catch (MqttException | RuntimeException e) {
            toResend.add(seq);
        }
    }

    /**
     * The connection breaks with pings in flight (no DISCONNECT): the device connects again, on a
     * new connection, and sends again what was not acknowledged.
     */
    void dropConnection() throws MqttException {
        drops.incrementAndGet();
        MqttAsyncClient old = client;
        old.disconnectForcibly(0, 0, false);
        old.close(true);
        MqttException last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                client = connected();
                unacked.keySet().forEach(toResend::add);
                return;
            } catch (MqttException e) {
                last = e; // the broker may be restarting: try again, as the device would
                sleepQuietly(1_000);
            }
        }
        throw last;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The device comes back on a new connection while the broker still holds the old one (a half-open
     * TCP connection after a network change): the broker closes the old one, whose unacknowledged pings
     * the device sends again on the new one.
     */
    void takeOver() throws MqttException {
        takeovers.incrementAndGet();
        MqttAsyncClient old = client;
        client = connected();
        try {
            old.disconnectForcibly(0, 0, false);
        } catch (MqttException alreadyClosed) {
            // the broker closed it first
        }
        old.close(true);
        unacked.keySet().forEach(toResend::add);
    }

    /** Keeps resending until every ping was acknowledged or {@code millis} passed; true when none is left. */
    boolean drain(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!unacked.isEmpty() && System.currentTimeMillis() < deadline) {
            resendDue();
            Thread.sleep(200);
        }
        return unacked.isEmpty();
    }

    /** seq → fix time (epoch ms) of every ping the broker acknowledged. */
    Map<Long, Long> acknowledged() {
        return Map.copyOf(acked);
    }

    Set<Long> unacknowledged() {
        return Set.copyOf(unacked.keySet());
    }

    int resent() {
        return resent.get();
    }

    /** Publishes Paho reported complete without a PUBACK from the broker (sent again, not counted as acknowledged). */
    int unconfirmed() {
        return unconfirmed.get();
    }

    /** Pings acknowledged with reason 0x10, no matching subscribers: acknowledged to the device, delivered to nobody. */
    int noSubscribers() {
        return noSubscribers.get();
    }

    int drops() {
        return drops.get();
    }

    int takeovers() {
        return takeovers.get();
    }

    /** The commands received on wearables/{id}/cmd, as sent. */
    List<String> commands() {
        return new ArrayList<>(commands);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }

    /** Records commands; everything else is the device's own business. */
    private record CommandRecorder(List<String> commands) implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            commands.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(
                int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
    }
}
