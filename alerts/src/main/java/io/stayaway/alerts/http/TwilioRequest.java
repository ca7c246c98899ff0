package io.stayaway.alerts.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a request that claims to come from Twilio carries (a status callback, an inbound message): its form fields,
 * its {@code X-Twilio-Signature} (null when absent) and the sender's address, for the signature check and the record
 * of refusals. Immutable.
 */
record TwilioRequest(Map<String, String> params, String signature, String remoteAddress) {
    static TwilioRequest of(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        Map<String, String> params = new LinkedHashMap<>();
        form.names().forEach(name -> params.put(name, form.get(name)));
        String remote = ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
        return new TwilioRequest(params, ctx.request().getHeader("X-Twilio-Signature"), remote);
    }
}
