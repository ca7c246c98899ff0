package io.stayaway.gateway.api;

import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.alerts.evidence.EvidenceService;
import io.stayaway.alerts.evidence.ReportLanguage;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.AuditEntry;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.Role;
import io.stayaway.gateway.access.UserAccount;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Evidence routes (docs/evidence.md): the published signing key, the evidence bundle of
 * an alert, an order's compliance report and its full export. Releasing evidence needs a reason; each release is recorded in the alert's chain
 * (chain of custody, listed in later bundles) and in the audit log before any byte is sent.
 */
final class EvidenceRoutes {
    static final int MAX_REASON = 500;

    private final EvidenceService evidence;
    private final AuditLog audit;
    private final Clock clock;

    EvidenceRoutes(EvidenceService evidence, AuditLog audit, Clock clock) {
        this.evidence = evidence;
        this.audit = audit;
        this.clock = clock;
    }

    /** The public key needs no token: anyone checking a bundle must be able to fetch it. Mount before authentication. */
    void mountPublic(Router router) {
        router.get("/api/evidence/key")
                .handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(new JsonObject()
                                .put("algorithm", "Ed25519")
                                .put("keyId", evidence.key().keyId())
                                .put("publicKeyPem", evidence.key().publicKeyPem())
                                .encode()));
    }

    void mount(Router router, AccessGuard guard) {
        router.get("/api/evidence/checkpoints").handler(this::checkpoints);
        router.get("/api/alerts/:id/evidence")
                .handler(guard.requireRole("export evidence", Role.DESK, Role.COURT))
                .handler(guard.alertInScope("evidence.open"))
                .handler(this::alertBundle);
        router.get("/api/orders/:id/compliance")
                .handler(guard.requireRole(
                        "read compliance reports", Role.DESK, Role.COURT, Role.ADMIN, Role.CASEWORKER))
                .handler(guard::orderInScope)
                .handler(this::compliance);
        router.get("/api/orders/:id/renewal-review")
                .handler(guard.requireRole("read renewal reviews", Role.COURT, Role.CASEWORKER, Role.ADMIN))
                .handler(guard::orderInScope)
                .handler(this::renewalReview);
        router.get("/api/orders/:id/export")
                .handler(guard.requireRole("export an order's history", Role.COURT, Role.ADMIN))
                .handler(guard::orderInScope)
                .handler(this::orderExport);
    }

    /**
     * The signed checkpoints after {@code after} (default 0), oldest first, {@code limit} (1..500, default
     * 100) at most; any role. A checkpoint's body names every chain that moved (alerts, orders and devices of
     * every station and court) with its record count, so only an admin receives the body and its signature;
     * a desk or court user receives each checkpoint's SHA-256 {@code digest}, which is what the next
     * checkpoint names as {@code previous} and what the {@code checkpoints/<id>.json} of a bundle they may
     * export hashes to: enough to confirm that the bundle's checkpoint is the one published.
     */
    private void checkpoints(RoutingContext ctx) {
        boolean withBodies = AccessGuard.caller(ctx).role() == Role.ADMIN;
        Long after = optionalPosition(ctx, "after");
        Long limit = optionalPosition(ctx, "limit");
        if (limit != null && (limit < 1 || limit > 500)) {
            throw new ApiError(400, "invalid_limit", "limit must be 1..500", "limit");
        }
        ApiReplies.respond(ctx, 200, () -> {
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            for (var cp : evidence.checkpoints(after == null ? 0 : after, limit == null ? 100 : limit.intValue())) {
                JsonObject out = new JsonObject()
                        .put("id", cp.id())
                        .put("at", cp.at().toString())
                        .put("keyId", cp.keyId())
                        .put("digest", sha256Hex(cp.body()));
                if (withBodies) {
                    out.put("body", new String(cp.body(), java.nio.charset.StandardCharsets.UTF_8))
                            .put("signature", java.util.Base64.getEncoder().encodeToString(cp.signature()));
                }
                list.add(out);
            }
            return new JsonObject().put("checkpoints", list);
        });
    }

    /**
     * The compliance report over [from, to) (default: the order's validity up to now), as JSON or as
     * HTML ({@code format=html}, {@code lang=en|zh}); a view of evidence, so a reason is required and recorded.
     */
    private void compliance(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String reason = reason(ctx);
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        String format = format(ctx, "json");
        ReportLanguage lang = language(ctx);
        UserAccount caller = AccessGuard.caller(ctx);
        ApiReplies.then(
                ctx,
                ApiReplies.onWorker(ctx, () -> {
                    CourtOrder order = storedOrder(id);
                    Instant start = from != null ? from : order.validFrom();
                    Instant now = clock.instant();
                    Instant end = to != null ? to : (order.validUntil().isBefore(now) ? order.validUntil() : now);
                    if (!end.isAfter(start)) {
                        throw new ApiError(
                                400,
                                "invalid_period",
                                "the period must end after it starts: " + start + " .. " + end,
                                to != null ? "to" : "from");
                    }
                    recordRelease(ChainHash.orderChain(id), caller, "compliance.view", "order/" + id, reason);
                    return evidence.compliance(order, start, end);
                }),
                report -> answerReport(ctx, format, () -> report.html(lang), report::toJson));
    }

    /** The order as stored (terminated ones too), or 404. Blocking. */
    private CourtOrder storedOrder(String id) {
        return evidence.order(id).orElseThrow(() -> new ApiError(404, "not_found", "no order " + id));
    }

    /** Answers a report as its printable page ({@code format=html}) or as JSON. */
    private static void answerReport(
            RoutingContext ctx,
            String format,
            java.util.function.Supplier<String> html,
            java.util.function.Supplier<JsonObject> json) {
        if (format.equals("html")) {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html.get());
        } else {
            ApiReplies.json(ctx, 200, json.get());
        }
    }

    /** The {@code format} parameter: {@code json} or {@code html}, {@code fallback} when absent. */
    private static String format(RoutingContext ctx, String fallback) {
        String format = ctx.queryParams().get("format") == null
                ? fallback
                : ctx.queryParams().get("format");
        if (!format.equals("json") && !format.equals("html")) {
            throw new ApiError(400, "invalid_format", "format must be json or html", "format");
        }
        return format;
    }

    /** The {@code lang} parameter of a report: {@code en} (default) or {@code zh}. */
    private static ReportLanguage language(RoutingContext ctx) {
        String langText =
                ctx.queryParams().get("lang") == null ? "en" : ctx.queryParams().get("lang");
        return switch (langText) {
            case "en" -> ReportLanguage.EN;
            case "zh" -> ReportLanguage.ZH;
            default -> throw new ApiError(400, "invalid_lang", "lang must be en or zh", "lang");
        };
    }

    /**
     * The renewal review (issue 19): a printable page ({@code format=html}, the default, {@code lang=en|zh}) or
     * JSON of the order's compliance over its life so far, its alerts, check-ins and follow-up contacts. A view of
     * evidence: a reason is required and recorded in the order's chain and the audit log.
     */
    private void renewalReview(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String reason = reason(ctx);
        String format = format(ctx, "html");
        ReportLanguage lang = language(ctx);
        UserAccount caller = AccessGuard.caller(ctx);
        ApiReplies.then(
                ctx,
                ApiReplies.onWorker(ctx, () -> {
                    CourtOrder order = storedOrder(id);
                    Instant now = clock.instant();
                    if (!now.isAfter(order.validFrom())) {
                        throw new ApiError(
                                409,
                                "order_not_started",
                                "order " + id + " is not in force before " + order.validFrom()
                                        + ": there is nothing to review yet");
                    }
                    recordRelease(ChainHash.orderChain(id), caller, "renewal_review.view", "order/" + id, reason);
                    return evidence.renewalReview(order, now);
                }),
                review -> answerReport(ctx, format, () -> review.html(lang), review::toJson));
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiError(
                    400, "invalid_" + name, name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z", name);
        }
    }

    /** Streams the full export; the access is recorded in the order's chain and the audit log first. */
    private void orderExport(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String reason = reason(ctx);
        UserAccount caller = AccessGuard.caller(ctx);
        ApiReplies.then(
                ctx,
                ApiReplies.onWorker(ctx, () -> {
                    CourtOrder order = storedOrder(id);
                    recordRelease(ChainHash.orderChain(id), caller, "order.export", "order/" + id, reason);
                    return order;
                }),
                order -> {
                    ctx.response()
                            .putHeader("Content-Type", "application/zip")
                            .putHeader("Content-Disposition", "attachment; filename=\"order-" + id + "-export.zip\"")
                            .putHeader("X-Evidence-Key-Id", evidence.key().keyId());
                    ResponseStream out = new ResponseStream(ctx.response());
                    ApiReplies.onWorker(ctx, () -> {
                                evidence.writeOrderExport(order, out);
                                out.close();
                                return null;
                            })
                            .onFailure(e -> {
                                // Headers are gone: the client sees a cut archive, which the verifier rejects; the log
                                // says why.
                                org.slf4j.LoggerFactory.getLogger(EvidenceRoutes.class)
                                        .error("export of order {} failed midway: {}", id, e.toString());
                                ctx.response().reset();
                            });
                });
    }

    private void alertBundle(RoutingContext ctx) {
        UUID id = uuid(ctx.pathParam("id"));
        String reason = reason(ctx);
        Long requested = optionalPosition(ctx, "through");
        UserAccount caller = AccessGuard.caller(ctx);
        ApiReplies.then(
                ctx,
                ApiReplies.onWorker(ctx, () -> {
                    EvidenceService.Subject subject =
                            evidence.subject(id).orElseThrow(() -> new ApiError(404, "not_found", "no alert " + id));
                    String chain = EvidenceService.alertChain(id);
                    long head = evidence.head(chain);
                    if (head == 0) {
                        throw new ApiError(
                                409,
                                "no_evidence_chain",
                                "alert " + id + " was raised before this installation kept evidence chains;"
                                        + " its records are in the database but cannot be proved");
                    }
                    long through = requested == null ? head : requested;
                    if (through < 1 || through > head) {
                        throw new ApiError(
                                400,
                                "invalid_through",
                                "through must be a position of the alert's chain, 1.." + head,
                                "through");
                    }
                    // Recorded before release: no bundle leaves without its custody record.
                    recordRelease(chain, caller, "evidence.export", "alert/" + id, reason);
                    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                    evidence.writeAlertBundle(subject, through, out);
                    return new Bundle(out.toByteArray(), through);
                }),
                b -> {
                    ctx.response()
                            .putHeader("Content-Type", "application/zip")
                            .putHeader(
                                    "Content-Disposition",
                                    "attachment; filename=\"evidence-" + id + "-" + b.through() + ".zip\"")
                            .putHeader("X-Evidence-Key-Id", evidence.key().keyId())
                            .putHeader("X-Evidence-Through", Long.toString(b.through()))
                            .end(Buffer.buffer(b.zip()));
                });
    }

    private record Bundle(byte[] zip, long through) {}

    /** Records a release of evidence in its chain (custody) and in the audit log; blocking, and before any byte is sent. */
    private void recordRelease(String chain, UserAccount caller, String action, String resource, String reason) {
        evidence.recordAccess(chain, caller.username(), caller.role().wireName(), action, resource, reason);
        audit.record(new AuditEntry(
                clock.instant(),
                caller.username(),
                caller.role(),
                action,
                resource,
                AuditEntry.Outcome.ALLOWED,
                reason));
    }

    static String reason(RoutingContext ctx) {
        String reason = ctx.queryParams().get("reason");
        if (reason == null || reason.isBlank()) {
            throw new ApiError(
                    400,
                    "reason_required",
                    "say why the evidence is needed: add reason (recorded in the chain of custody)",
                    "reason");
        }
        if (reason.length() > MAX_REASON) {
            throw new ApiError(400, "invalid_reason", "reason must be at most " + MAX_REASON + " characters", "reason");
        }
        return reason.strip();
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Long optionalPosition(RoutingContext ctx, String name) {
        String v = ctx.queryParams().get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "invalid_" + name, name + " must be a whole number", name);
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_id", "alert id must be a UUID", "id");
        }
    }
}
