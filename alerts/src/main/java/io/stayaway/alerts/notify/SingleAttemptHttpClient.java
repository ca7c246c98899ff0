package io.stayaway.alerts.notify;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;

/**
 * The SDK's HTTP client as the outbox needs it: exactly one HTTP request per send (the SDK would
 * otherwise retry 5xx by itself, hiding attempts from the outbox's backoff and records), optionally
 * sent to another base URL (a Twilio-compatible endpoint) keeping the SDK's path, form encoding and
 * authentication. Thread-safe (the delegate pools connections).
 */
final class SingleAttemptHttpClient extends HttpClient {
    private final NetworkHttpClient delegate;
    private final URI base;

    /** @param base another base URL, or null for Twilio itself */
    SingleAttemptHttpClient(NetworkHttpClient delegate, URI base) {
        this.delegate = delegate;
        this.base = base;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        return delegate.makeRequest(base == null ? request : rebased(request));
    }

    private Request rebased(Request request) {
        URI original = URI.create(request.getUrl());
        String url = base.getScheme() + "://" + base.getRawAuthority() + original.getRawPath();
        Request copy = new Request(request.getMethod(), url);
        request.getQueryParams().forEach((name, values) -> values.forEach(v -> copy.addQueryParam(name, v)));
        request.getPostParams().forEach((name, values) -> values.forEach(v -> copy.addPostParam(name, v)));
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> copy.addHeaderParam(name, v)));
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        copy.setContentType(request.getContentType());
        return copy;
    }
}
