package io.stayaway.simulator.mqtt;

import io.stayaway.simulator.device.AddressedCommand;
import io.stayaway.simulator.device.DownlinkCommand;
import io.stayaway.simulator.device.Uplink;
import io.stayaway.simulator.device.UplinkChannel;
import io.stayaway.simulator.device.UplinkKind;
import io.stayaway.simulator.device.WireCodec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * One MQTT v5 connection per simulated wearable, as real devices have: username = device id,
 * its own password, QoS 1 uplinks on the contract topics, and a subscription to its cmd and error
 * topics whose commands are queued for the scenario thread. {@link #send} is called from the
 * scenario thread; Paho callbacks arrive on Paho's threads and only touch thread-safe state.
 */
public final class WearableLinks implements UplinkChannel, AutoCloseable {
    private final MqttEndpoint endpoint;
    private final Map<String, MqttAsyncClient> clients = new LinkedHashMap<>();
    private final BlockingQueue<AddressedCommand> downlink;
    private final PrintStream console;
    private final ConcurrentLinkedQueue<IMqttToken> inFlight = new ConcurrentLinkedQueue<>();
    /**
     * Per device, uplinks Paho refused because the connection had just dropped: in the moment between losing the
     * connection and starting to reconnect, Paho neither sends nor buffers. A tracker keeps them and sends them when
     * it is back, as it keeps what it measures offline; {@link DeviceCallback#connectComplete} sends them.
     */
    private final Map<String, ConcurrentLinkedQueue<Uplink>> unsent = new ConcurrentHashMap<>();

    private static final Duration UNSENT_POLL = Duration.ofMillis(100);
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    private static final Duration RESEND_PAUSE = Duration.ofMillis(500);
    /** Time that must be left to send a dropped uplink again: the pause, and a second for its acknowledgement. */
    private static final Duration RESEND_NEEDS = RESEND_PAUSE.plusSeconds(1);

    private final long sessionExpirySeconds;

    private WearableLinks(
            MqttEndpoint endpoint,
            BlockingQueue<AddressedCommand> downlink,
            PrintStream console,
            long sessionExpirySeconds) {
        this.endpoint = endpoint;
        this.sessionExpirySeconds = sessionExpirySeconds;
        this.downlink = downlink;
        this.console = console;
    }

    /**
     * Connects every device ({@code passwords}: device id to password, null for none) and
     * subscribes it to its downlink topics; fails if any device cannot connect.
     */
    public static WearableLinks connect(
            MqttEndpoint endpoint,
            Map<String, String> passwords,
            BlockingQueue<AddressedCommand> downlink,
            PrintStream console,
            Duration timeout)
            throws MqttException {
        return connect(endpoint, passwords, downlink, console, timeout, 0);
    }

    /**
     * As {@link #connect(MqttEndpoint, Map, BlockingQueue, PrintStream, Duration)}, each device with a
     * persistent session when {@code sessionExpirySeconds} > 0 (see {@link MqttEndpoint#connectionOptions}).
     */
    public static WearableLinks connect(
            MqttEndpoint endpoint,
            Map<String, String> passwords,
            BlockingQueue<AddressedCommand> downlink,
            PrintStream console,
            Duration timeout,
            long sessionExpirySeconds)
            throws MqttException {
        WearableLinks links = new WearableLinks(endpoint, downlink, console, sessionExpirySeconds);
        try {
            for (Map.Entry<String, String> device : passwords.entrySet()) {
                links.connectDevice(device.getKey(), device.getValue(), timeout);
            }
        } catch (MqttException | RuntimeException e) {
            links.close();
            throw e;
        }
        return links;
    }

    private void connectDevice(String deviceId, String password, Duration timeout) throws MqttException {
        String clientId =
                "stayaway-sim-" + deviceId + "-" + UUID.randomUUID().toString().substring(0, 8);
        MqttAsyncClient client = new MqttAsyncClient(endpoint.serverUri(), clientId, new MemoryPersistence());
        clients.put(deviceId, client);
        client.setCallback(new DeviceCallback(deviceId, client));
        client.setBufferOpts(reconnectBuffer());
        try {
            client.connect(endpoint.connectionOptions(deviceId, password, sessionExpirySeconds))
                    .waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            throw new MqttException(
                    e.getReasonCode(),
                    new IllegalStateException(
                            "device " + deviceId + " cannot connect to " + endpoint.serverUri() + ": " + e.getMessage(),
                            e));
        }
        subscribe(deviceId, client, timeout.toMillis());
    }

    /** While reconnecting, a device keeps what it sends (as real trackers do) instead of failing it. */
    private static DisconnectedBufferOptions reconnectBuffer() {
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(10_000);
        buffer.setDeleteOldestMessages(false);
        buffer.setPersistBuffer(false);
        return buffer;
    }

    private void subscribe(String deviceId, MqttAsyncClient client, long timeoutMillis) throws MqttException {
        client.subscribe(
                        new String[] {
                            endpoint.topics().command(deviceId),
                            endpoint.topics().error(deviceId)
                        },
                        new int[] {1, 1})
                .waitForCompletion(timeoutMillis);
    }

    @Override
    public void send(Uplink uplink) {
        MqttAsyncClient client = clients.get(uplink.deviceId());
        if (client == null) {
            throw new IllegalStateException("no MQTT link for device " + uplink.deviceId());
        }
        if (client.isConnected()) {
            sendKept(uplink.deviceId()); // back before its reconnect callback: what it kept goes first
        }
        publish(client, uplink);
    }

    /** Hands one uplink to Paho; one refused because the connection just dropped is kept, not failed. */
    private void publish(MqttAsyncClient client, Uplink uplink) {
        String topic = uplink.kind() == UplinkKind.EVENT
                ? endpoint.topics().event(uplink.deviceId())
                : endpoint.topics().ping(uplink.deviceId());
        try {
            inFlight.add(
                    client.publish(topic, uplink.payload().getBytes(StandardCharsets.UTF_8), 1, false, uplink, null));
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED) {
                unsent.computeIfAbsent(uplink.deviceId(), k -> new ConcurrentLinkedQueue<>())
                        .add(uplink);
                console.printf("%s: not connected, kept to send on reconnecting%n", uplink.deviceId());
                return;
            }
            failures.incrementAndGet();
            console.printf("%s: publish failed (%s)%n", uplink.deviceId(), e.getMessage());
        }
    }

    /**
     * Sends what the device kept while it was not connected, in order; what it cannot send now stays kept. Called
     * after a reconnect (Paho's callback thread), before a new uplink, and while waiting for deliveries.
     */
    private void sendKept(String deviceId) {
        ConcurrentLinkedQueue<Uplink> kept = unsent.get(deviceId);
        if (kept == null) {
            return;
        }
        MqttAsyncClient client = clients.get(deviceId);
        for (int n = kept.size(); n > 0; n--) {
            Uplink u = kept.poll();
            if (u == null) {
                return;
            }
            publish(client, u);
        }
    }

    private boolean anyKept() {
        return unsent.values().stream().anyMatch(q -> !q.isEmpty());
    }

    /**
     * Waits for every QoS 1 publish to be acknowledged; returns how many were acknowledged and failed. A PUBACK with
     * reason 0x10 (no matching subscribers: the broker dropped it, having lost the gateway's subscription) is not a
     * delivery (docs/wire-contract.md, "Acknowledgement"): the uplink is sent again after a pause, as long as the
     * time left leaves its acknowledgement a second to come; then it is reported as dropped.
     */
    public DeliveryReport awaitDelivery(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems = new ArrayList<>();
        IMqttToken token;
        while ((token = nextInFlight(deadline)) != null) {
            long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                token.waitForCompletion(remaining);
                if (token.getException() != null) {
                    failures.incrementAndGet();
                    problems.add(token.getException().getMessage());
                } else if (droppedByBroker(token) && deadline - System.nanoTime() > RESEND_NEEDS.toNanos()) {
                    resent.incrementAndGet();
                    Thread.sleep(RESEND_PAUSE.toMillis());
                    send((Uplink) token.getUserContext());
                } else if (droppedByBroker(token)) {
                    failures.incrementAndGet();
                    problems.add("acknowledged with 0x10 (no matching subscribers): dropped by the broker");
                } else {
                    acknowledged.incrementAndGet();
                }
            } catch (MqttException e) {
                failures.incrementAndGet();
                problems.add(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while waiting for acknowledgements");
                break;
            }
        }
        for (ConcurrentLinkedQueue<Uplink> kept : unsent.values()) {
            for (Uplink u; (u = kept.poll()) != null; ) {
                failures.incrementAndGet();
                problems.add(u.deviceId() + ": kept while not connected, and not reconnected in time to send it");
            }
        }
        return new DeliveryReport(acknowledged.get(), failures.get(), List.copyOf(problems));
    }

    /** The next publish to wait for; while only kept uplinks remain, waits (until the deadline) for them to go out. */
    private IMqttToken nextInFlight(long deadline) {
        IMqttToken token = inFlight.poll();
        while (token == null && anyKept() && System.nanoTime() < deadline) {
            unsent.keySet().stream()
                    .filter(device -> clients.get(device).isConnected())
                    .forEach(this::sendKept);
            try {
                Thread.sleep(UNSENT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            token = inFlight.poll();
        }
        return token;
    }

    private static boolean droppedByBroker(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes != null
                && Arrays.stream(codes).anyMatch(c -> c == MqttReturnCode.RETURN_CODE_NO_MATCHING_SUBSCRIBERS);
    }

    /** Uplinks sent again because the broker acknowledged them with 0x10. */
    public int resentCount() {
        return resent.get();
    }

    @Override
    public void close() {
        for (MqttAsyncClient client : clients.values()) {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(3_000);
                }
            } catch (MqttException e) {
                console.printf("disconnect of %s failed: %s%n", client.getClientId(), e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                console.printf("close of %s failed: %s%n", client.getClientId(), e.getMessage());
            }
        }
        clients.clear();
    }

    /** How the QoS 1 uplinks fared. Immutable, thread-safe. */
    public record DeliveryReport(int acknowledged, int failed, List<String> problems) {}

    /** Receives one device's downlink traffic on Paho's callback thread. */
    private final class DeviceCallback implements MqttCallback {
        private final String deviceId;
        private final MqttAsyncClient client;

        DeviceCallback(String deviceId, MqttAsyncClient client) {
            this.deviceId = deviceId;
            this.client = client;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String text = new String(message.getPayload(), StandardCharsets.UTF_8);
            if (topic.equals(endpoint.topics().error(deviceId))) {
                console.printf("%s: gateway error: %s%n", deviceId, text);
                return;
            }
            try {
                DownlinkCommand command = WireCodec.decodeCommand(message.getPayload());
                downlink.add(new AddressedCommand(deviceId, command));
            } catch (IllegalArgumentException e) {
                console.printf("%s: unreadable command ignored: %s%n", deviceId, e.getMessage());
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            console.printf("%s: reconnected to %s%n", deviceId, serverUri);
            try {
                client.subscribe(
                        new String[] {
                            endpoint.topics().command(deviceId),
                            endpoint.topics().error(deviceId)
                        },
                        new int[] {1, 1});
            } catch (MqttException e) {
                console.printf("%s: resubscribe failed, commands will be missed: %s%n", deviceId, e.getMessage());
            }
            sendKept(deviceId);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            console.printf("%s: disconnected (%s)%n", deviceId, response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            console.printf("%s: MQTT error %s%n", deviceId, exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Acknowledgements are collected from the publish tokens in awaitDelivery.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            console.printf("%s: unexpected AUTH packet, reason %d%n", deviceId, reasonCode);
        }
    }
}
