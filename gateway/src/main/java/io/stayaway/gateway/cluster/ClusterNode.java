package io.stayaway.gateway.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * This gateway as a member of a cluster: a Vert.x instance clustered through Vert.x's Hazelcast cluster
 * manager (membership, the clustered event bus, cluster-wide shared data), joined by a TCP/IP member list
 * with multicast off, and the order ownership Hazelcast's partition table decides: an order belongs to the
 * member that owns the partition of its id. A dead member is declared gone after
 * {@value #DEAD_AFTER_SECONDS} s without a heartbeat; its partitions, and so its orders, move to the
 * survivors. Thread-safe.
 */
public final class ClusterNode implements Ownership {
    /** Seconds without a heartbeat after which a member is removed and its orders move (failover gap). */
    static final int DEAD_AFTER_SECONDS = 5;

    private final Vertx vertx;
    private final HazelcastInstance hazelcast;
    private final String node;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private ClusterNode(Vertx vertx, HazelcastInstance hazelcast) {
        this.vertx = vertx;
        this.hazelcast = hazelcast;
        this.node = hazelcast.getCluster().getLocalMember().getUuid().toString();
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed();
            }
        });
        hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {}

            @Override
            public void migrationFinished(MigrationState state) {
                changed();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {}

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {}
        });
    }

    /**
     * Joins (or forms) the cluster: this member listens on {@code host:port} and looks for the others at
     * {@code members}; the event bus listens on {@code host} at a free port. Blocks until joined.
     */
    public static ClusterNode join(String host, int port, List<String> members) {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(host, port, members));
        VertxOptions options = new VertxOptions()
                .setEventBusOptions(new EventBusOptions().setHost(host).setClusterPublicHost(host));
        try {
            Vertx vertx = Vertx.builder()
                    .with(options)
                    .withClusterManager(manager)
                    .buildClustered()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
            return new ClusterNode(vertx, manager.getHazelcastInstance());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the cluster", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "could not join the cluster at " + host + ":" + port + " (members " + members + "): "
                            + cause.getMessage(),
                    cause);
        }
    }

    /** Vert.x's default Hazelcast configuration (its maps for subscriptions and node info), joined by TCP/IP. */
    private static Config hazelcastConfig(String host, int port, List<String> members) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName("stayaway");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(DEAD_AFTER_SECONDS));
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.local.localAddress", host);
        config.setProperty("hazelcast.socket.bind.any", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false).setPublicAddress(host + ":" + port);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(members);
        return config;
    }

    /** The Hazelcast member, for the cluster's own maps ({@link SessionAdoption}). */
    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The clustered Vert.x instance: its event bus and shared data reach every node. */
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String ownerOf(String orderId) {
        Member owner = hazelcast.getPartitionService().getPartition(orderId).getOwner();
        return owner == null ? null : owner.getUuid().toString();
    }

    @Override
    public List<String> members() {
        return hazelcast.getCluster().getMembers().stream()
                .map(m -> m.getUuid().toString())
                .toList();
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
