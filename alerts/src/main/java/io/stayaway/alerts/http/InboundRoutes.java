package io.stayaway.alerts.http;

import io.stayaway.alerts.checkin.InboundMessages;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /twilio/inbound}: the messaging webhook Twilio posts our number's incoming texts to (the
 * protected person's check-in replies). Form-encoded as Twilio sends it; verified and stored by
 * {@link InboundMessages} on a worker thread; answered with empty TwiML so Twilio sends no auto-reply of its
 * own. Handlers run on the event loop.
 */
public final class InboundRoutes {
    private static final long MAX_BODY_BYTES = 64 * 1024;
    /** Empty TwiML: take the message, send nothing back (Twilio's opt-out words get Twilio's own answer). */
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final InboundMessages inbound;

    private InboundRoutes(InboundMessages inbound) {
        this.inbound = inbound;
    }

    public static void mount(Router router, InboundMessages inbound) {
        InboundRoutes routes = new InboundRoutes(inbound);
        router.post("/twilio/inbound")
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(routes::receive);
    }

    private void receive(RoutingContext ctx) {
        TwilioRequest request = TwilioRequest.of(ctx);
        ApiReplies.then(
                ctx,
                ApiReplies.onWorker(
                        ctx, () -> inbound.receive(request.signature(), request.params(), request.remoteAddress())),
                result -> {
                    switch (result) {
                        case STORED, DUPLICATE ->
                            ctx.response()
                                    .setStatusCode(200)
                                    .putHeader("Content-Type", "text/xml; charset=utf-8")
                                    .end(EMPTY_TWIML);
                        case MALFORMED ->
                            ApiReplies.fail(
                                    ctx,
                                    new ApiError(
                                            400, "invalid_message", "an inbound message needs MessageSid and From"));
                        case REJECTED ->
                            ApiReplies.fail(
                                    ctx,
                                    new ApiError(
                                            403,
                                            "bad_signature",
                                            "X-Twilio-Signature does not verify",
                                            "X-Twilio-Signature"));
                    }
                });
    }
}
