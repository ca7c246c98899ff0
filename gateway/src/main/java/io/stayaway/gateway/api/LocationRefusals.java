package io.stayaway.gateway.api;

import io.stayaway.alerts.http.ApiError;
import io.stayaway.alerts.http.ApiReplies;
import io.stayaway.gateway.access.AuditEntry;
import io.stayaway.gateway.access.AuditEntry.Outcome;
import io.stayaway.gateway.access.AuditLog;
import io.stayaway.gateway.access.DenialLog;
import io.stayaway.gateway.access.UserAccount;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;

/**
 * How the routes that show where people are ({@link PositionRoutes}, {@link TrackRoutes}) refuse: the
 * refusal is logged (rate-limited) and audited under the route's own action before it is answered; an
 * audit failure is answered 500. Event-loop only; the audit row is written on a worker.
 */
final class LocationRefusals {
    private final String action;
    private final AuditLog audit;
    private final DenialLog denials;
    private final Clock clock;

    LocationRefusals(String action, AuditLog audit, DenialLog denials, Clock clock) {
        this.action = action;
        this.audit = audit;
        this.denials = denials;
        this.clock = clock;
    }

    void refuse(RoutingContext ctx, UserAccount caller, String resource, ApiError refusal, String reason) {
        Instant now = clock.instant();
        denials.record(
                "user " + caller.username(),
                refusal.status(),
                "GET " + ctx.request().path(),
                reason,
                now);
        AuditEntry entry =
                new AuditEntry(now, caller.username(), caller.role(), action, resource, Outcome.DENIED, reason);
        Future<Void> audited = ApiReplies.onWorker(ctx, () -> {
            audit.record(entry);
            return null;
        });
        ApiReplies.then(ctx, audited, v -> ApiReplies.fail(ctx, refusal));
    }
}
