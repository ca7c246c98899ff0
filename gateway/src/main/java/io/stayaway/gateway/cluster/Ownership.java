package io.stayaway.gateway.cluster;

import java.util.List;

/**
 * Which gateway evaluates which order: each order belongs to exactly one live node. A single gateway owns
 * every order ({@link #single}); in a cluster the owner is the Hazelcast member that owns the partition of
 * the order id ({@link ClusterNode}), so ownership moves by itself when a node joins or dies.
 * Implementations are thread-safe.
 */
public interface Ownership {
    /** This node's id (the Hazelcast member UUID in a cluster). */
    String node();

    /** The id of the node that owns {@code orderId} now; null while the cluster has no owner for it. */
    String ownerOf(String orderId);

    /** The ids of the live nodes, this one included. */
    List<String> members();

    /** True when there may be other nodes: stored records may have to travel to their owner. */
    boolean clustered();

    /** Registers a listener called (on any thread) whenever ownership may have changed. */
    void onChange(Runnable listener);

    default boolean owns(String orderId) {
        return node().equals(ownerOf(orderId));
    }

    /** A lone gateway: it owns everything and ownership never changes. */
    static Ownership single() {
        return new Ownership() {
            @Override
            public String node() {
                return "single";
            }

            @Override
            public String ownerOf(String orderId) {
                return "single";
            }

            @Override
            public List<String> members() {
                return List.of("single");
            }

            @Override
            public boolean clustered() {
                return false;
            }

            @Override
            public void onChange(Runnable listener) {}
        };
    }
}
