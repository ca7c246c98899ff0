package io.stayaway.gateway.cluster;

import com.hazelcast.map.IMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every gateway's MQTT session read while its gateway is away. A broker gives each message of a shared
 * subscription to one member session, and some brokers (Mosquitto among them) give a persistent session its
 * turn even while its client is disconnected, keeping those messages until the same client id returns: a dead
 * gateway's share of pings would wait for its restart. So each node records its broker client id in a
 * Hazelcast map ({@value #MAP}); when a node leaves or dies, the member that owns the partition of its client
 * id connects as that client id (resuming its session: the messages it had not acknowledged and those queued
 * since), stores and acknowledges them through this node's pipeline, until the node returns and takes its
 * session back (the adopter does not reconnect) or another member becomes the adopter. Brokers that send a
 * shared subscription's messages to connected members only (HiveMQ, EMQX configured so) leave little to adopt.
 * Runs on its own thread, {@code session-adoption}.
 */
public final class SessionAdoption implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAdoption.class);
    static final String MAP = "stayaway.broker-sessions";
    private static final long RECHECK_SECONDS = 2;

    /** A broker session read as another client id (implemented by {@code mqtt.BrokerIngestion}). */
    public interface Session extends AutoCloseable {
        /** Connects and subscribes; completes when the subscription is in place. */
        java.util.concurrent.CompletableFuture<Void> start();

        boolean connected();

        @Override
        void close();
    }

    private final ClusterNode node;
    private final String ownClientId;
    private final Function<String, Session> connectAs;
    private final IMap<String, String> sessions;
    /** Thread {@code session-adoption} only. */
    private final Map<String, Session> adopted = new HashMap<>();

    private final AtomicBoolean requested = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-adoption");
        t.setDaemon(true);
        return t;
    });

    /** @param connectAs a not yet started ingestion reading the session of the given client id, without reconnecting */
    public SessionAdoption(ClusterNode node, String ownClientId, Function<String, Session> connectAs) {
        this.node = node;
        this.ownClientId = ownClientId;
        this.connectAs = connectAs;
        this.sessions = node.hazelcast().getMap(MAP);
    }

    /** Records this node's session (call before this node's own ingestion connects), then watches the others. */
    public void start() {
        sessions.put(ownClientId, node.node());
        node.onChange(this::request);
        thread.scheduleWithFixedDelay(this::request, RECHECK_SECONDS, RECHECK_SECONDS, TimeUnit.SECONDS);
    }

    private void request() {
        if (requested.compareAndSet(false, true)) {
            thread.execute(() -> {
                requested.set(false);
                try {
                    recheck();
                } catch (RuntimeException e) {
                    LOG.error("MQTT session adoption failed (retried in {} s): {}", RECHECK_SECONDS, e.toString(), e);
                }
            });
        }
    }

    private void recheck() {
        Set<String> live = Set.copyOf(node.members());
        for (Map.Entry<String, String> e : Map.copyOf(sessions).entrySet()) {
            String clientId = e.getKey();
            if (clientId.equals(ownClientId)) {
                continue;
            }
            boolean mine = !live.contains(e.getValue()) && node.owns("session:" + clientId);
            Session current = adopted.get(clientId);
            if (mine && (current == null || !current.connected())) {
                release(clientId);
                adopt(clientId);
            } else if (!mine && current != null) {
                release(clientId);
                LOG.info("gave back the MQTT session {}: its node is back or another member reads it", clientId);
            }
        }
    }

    private void adopt(String clientId) {
        Session ingestion = connectAs.apply(clientId);
        try {
            ingestion.start().get(15, TimeUnit.SECONDS);
            adopted.put(clientId, ingestion);
            LOG.warn(
                    "adopted the MQTT session {} of a departed gateway: its pings are stored here until it returns",
                    clientId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ingestion.close();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            ingestion.close();
            LOG.error("could not adopt the MQTT session {} (retried): {}", clientId, e.toString());
        }
    }

    private void release(String clientId) {
        Session current = adopted.remove(clientId);
        if (current != null) {
            current.close();
        }
    }

    /** The client ids of the sessions this node reads for departed nodes (for tests and the log). */
    public Set<String> adoptedSessions() {
        try {
            return thread.submit(() -> Set.copyOf(adopted.keySet())).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("session adoption thread unavailable", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        adopted.values().forEach(Session::close);
        adopted.clear();
    }
}
