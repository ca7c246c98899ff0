package io.stayaway.gateway.api;

import io.stayaway.alerts.AlertService;
import io.stayaway.gateway.access.PositionViews;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.storage.LatestFixes;
import io.stayaway.gateway.storage.PartyTracks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import javax.sql.DataSource;

/**
 * The duty-desk console (docs/console.md): its static files at {@code /console/} (from
 * the classpath folder {@code console/}, no external resource, no build step) and the API routes
 * only it needs, {@code GET /api/alerts/stream} ({@link AlertStream}),
 * {@code GET /api/orders/:id/positions} ({@link PositionRoutes}) and {@code GET /api/alerts/:id/track}
 * ({@link TrackRoutes}). Mounted by {@link HttpApi} right
 * after authentication, so the stream route is matched before {@code /api/alerts/:id}. Stateless.
 */
final class ConsoleRoutes {
    /** The page may load only its own files and talk only to its own origin; it is never framed. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                    + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private ConsoleRoutes() {}

    /** Mounts the console and its routes; returns the live stream, which the HTTP API starts and stops. */
    static AlertStream mount(
            Router router,
            AccessGuard guard,
            HttpApi.Access access,
            OrderRegistry orders,
            AlertService alerts,
            DataSource data) {
        java.util.Objects.requireNonNull(
                data,
                "the positions and track routes need the database: call HttpApi.withConsoleData before deploying");
        LatestFixes fixes = new LatestFixes(data);
        // Vert.x matches "/console" with or without the trailing slash: redirect only the bare one.
        router.get("/console").handler(ctx -> {
            if ("/console".equals(ctx.request().path())) {
                ctx.redirect("/console/");
            } else {
                ctx.next();
            }
        });
        router.route("/console/*")
                .handler(ctx -> {
                    ctx.response()
                            .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader("Referrer-Policy", "no-referrer")
                            .putHeader("Cache-Control", "no-cache");
                    ctx.next();
                })
                .handler(
                        StaticHandler.create("console").setCachingEnabled(false).setDefaultContentEncoding("UTF-8"));

        AlertStream stream = new AlertStream(orders, alerts, access.audit(), access.users(), access.clock());
        router.get("/api/alerts/stream").handler(stream::open);

        PositionRoutes positions = new PositionRoutes(
                orders, fixes, new PositionViews(data), access.audit(), access.denials(), access.clock());
        router.get("/api/orders/:id/positions")
                .handler(guard.requireRole("read positions", Role.DESK))
                .handler(guard::holdOrder)
                .handler(positions::latest);

        // The role is checked by the route itself, so that its refusal is audited as track.read on the alert.
        TrackRoutes tracks = new TrackRoutes(
                orders, alerts, fixes, new PartyTracks(data), access.audit(), access.denials(), access.clock());
        router.get("/api/alerts/:id/track").handler(tracks::replay);
        return stream;
    }
}
