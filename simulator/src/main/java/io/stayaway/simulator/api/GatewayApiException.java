package io.stayaway.simulator.api;

import java.io.IOException;

/** The gateway's HTTP API answered something the simulator cannot use; carries the request, status and body. */
public final class GatewayApiException extends IOException {
    private final int status;

    public GatewayApiException(String request, int status, String body) {
        super(request + " answered HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)));
        this.status = status;
    }

    public int status() {
        return status;
    }

    private static String abbreviate(String body) {
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
