package io.stayaway.gateway.api;

import io.stayaway.alerts.AlertService;
import io.stayaway.alerts.evidence.report.ReportPage;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.PositionViews;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.orders.OrderRegistry;
import io.stayaway.gateway.storage.LatestFixes;
import io.stayaway.gateway.storage.PartyTracks;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import javax.sql.DataSource;

/**
 * The duty-desk console (docs/console.md): its static files at {@code /console/} (from
 * the classpath folder {@code console/}, no build step), Leaflet from its WebJar at
 * {@code /console/vendor/leaflet/}, and the API routes only it needs: {@code GET /api/console/settings},
 * {@code GET /api/alerts/stream} ({@link AlertStream}) and {@code GET /api/orders/:id/positions}
 * ({@link PositionRoutes}). Mounted by {@link HttpApi} right after authentication, so the stream route
 * is matched before {@code /api/alerts/:id}. Stateless.
 */
final class ConsoleRoutes {
    /** Leaflet's files inside its WebJar; the version is the pom's {@code leaflet.version}. */
    static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist";

    private ConsoleRoutes() {}

    /**
     * The page may load only its own files and talk only to its own origin, images aside: those may also
     * come from the configured tile source. It is never framed.
     */
    static String contentSecurityPolicy(MapTiles tiles) {
        String images = "'self' data:" + (tiles.enabled() ? " " + tiles.imageSource() : "");
        // The reports' own style element is admitted by its hash: the renewal review opens from a blob, which
        // inherits this policy.
        return "default-src 'none'; script-src 'self'; style-src 'self' " + ReportPage.styleSource() + "; img-src "
                + images
                + "; media-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    }

    /** What every signed-in console reads once: how to draw the map. */
    private static JsonObject settings(MapTiles tiles) {
        return new JsonObject().put("map", tiles.json());
    }

    /** Mounts the console and its routes; returns the live stream, which the HTTP API starts and stops. */
    static AlertStream mount(
            Router router,
            AccessGuard guard,
            HttpApi.Access access,
            OrderRegistry orders,
            AlertService alerts,
            DataSource data,
            MapTiles tiles) {
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
        String policy = contentSecurityPolicy(tiles);
        StaticHandler consoleFiles =
                StaticHandler.create("console").setCachingEnabled(false).setDefaultContentEncoding("UTF-8");
        StaticHandler leafletFiles =
                StaticHandler.create(LEAFLET).setCachingEnabled(false).setDefaultContentEncoding("UTF-8");
        router.route("/console/*")
                .handler(ctx -> {
                    ctx.response()
                            .putHeader("Content-Security-Policy", policy)
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader("Referrer-Policy", "no-referrer")
                            .putHeader("Cache-Control", "no-cache");
                    ctx.next();
                })
                .handler(ctx -> {
                    // Leaflet is served from its WebJar under the console's own path and headers.
                    if (ctx.request().path().startsWith("/console/vendor/leaflet/")) {
                        ctx.next();
                    } else {
                        consoleFiles.handle(ctx);
                    }
                });
        router.route("/console/vendor/leaflet/*").handler(leafletFiles);
        router.get("/api/console/settings").handler(ctx -> ApiReplies.json(ctx, 200, settings(tiles)));

        AlertStream stream = new AlertStream(orders, alerts, access.audit(), access.users(), access.clock());
        // The stream carries alerts as GET /api/alerts shows them, places and devices included: not for caseworkers.
        router.get("/api/alerts/stream")
                .handler(guard.requireRole("stream alerts", Role.ADMIN, Role.DESK, Role.COURT))
                .handler(stream::open);

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
