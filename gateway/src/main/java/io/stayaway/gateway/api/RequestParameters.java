package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.orders.OrderInput;
import io.stayaway.gateway.orders.OrderValidationException;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The check every {@code /api/*} request passes before its route (docs/http-api.md, "Limits"): no path
 * segment and no query parameter may hold a control character (U+0000–U+001F, U+007F), and a date
 * query parameter ({@code from}, {@code to}) that parses must lie in the dates the API accepts. A
 * refusal is 400 {@code invalid_parameter} naming the parameter: the path parameter's name as the
 * route declares it (e.g. {@code id}), else the query parameter's. Event-loop only; reads the
 * router's routes once, on the first request.
 */
final class RequestParameters {
    /** The query parameters that hold dates (openapi.yaml: {@code format: date-time}). */
    static final Set<String> DATE_PARAMETERS = Set.of("from", "to");

    private final Router router;
    private List<String[]> templates;

    RequestParameters(Router router) {
        this.router = router;
    }

    void check(RoutingContext ctx) {
        try {
            checkPath(ctx.request().path());
            checkQuery(ctx.queryParams());
        } catch (ApiError refusal) {
            ApiReplies.fail(ctx, refusal);
            return;
        }
        ctx.next();
    }

    private void checkPath(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiError.badField(parameterAt(segments, i), "the path is not validly percent-encoded");
            }
            if (OrderInput.controlCharacter(decoded) >= 0) {
                String name = parameterAt(segments, i);
                throw ApiError.badField(name, name + " must not contain control characters");
            }
        }
    }

    private static void checkQuery(MultiMap query) {
        for (String name : query.names()) {
            if (OrderInput.controlCharacter(name) >= 0 || name.isBlank()) {
                throw ApiError.badField(
                        "query", "a query parameter's name must not be blank or contain control characters");
            }
            for (String value : query.getAll(name)) {
                if (OrderInput.controlCharacter(value) >= 0) {
                    throw ApiError.badField(name, name + " must not contain control characters");
                }
                if (DATE_PARAMETERS.contains(name)) {
                    checkDate(name, value);
                }
            }
        }
    }

    private static void checkDate(String name, String value) {
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeException e) {
            return; // the route answers a date it cannot read, with its own message
        }
        try {
            OrderInput.requireSaneDate(at, name);
        } catch (OrderValidationException e) {
            throw ApiError.badField(name, e.getMessage());
        }
    }

    /** The name of the path parameter at segment {@code index} of the first route whose template fits, else "path". */
    private String parameterAt(String[] segments, int index) {
        for (String[] template : templates()) {
            if (template.length == segments.length && fits(template, segments)) {
                return template[index].startsWith(":") ? template[index].substring(1) : "path";
            }
        }
        return "path";
    }

    private static boolean fits(String[] template, String[] segments) {
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith(":") && !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    private List<String[]> templates() {
        if (templates == null) {
            templates = router.getRoutes().stream()
                    .map(Route::getPath)
                    .filter(Objects::nonNull)
                    .filter(p -> p.contains(":"))
                    .map(p -> p.split("/", -1))
                    .toList();
        }
        return templates;
    }
}
