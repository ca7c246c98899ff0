package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * {@code GET /api/cluster} (admin): this node's id, the live members, and the orders this node holds with
 * the receive time of the newest record it evaluated for each: what an operator (or the cluster test)
 * reads to see who evaluates what and that evaluation goes on after a failover. Stateless.
 */
final class ClusterRoutes {
    private ClusterRoutes() {}

    static void mount(Router router, AccessGuard guard, Supplier<JsonObject> view) {
        router.get("/api/cluster")
                .handler(guard.requireRole("read the cluster's state", Role.ADMIN))
                .handler(ctx -> ApiReplies.json(ctx, 200, view.get()));
    }
}
