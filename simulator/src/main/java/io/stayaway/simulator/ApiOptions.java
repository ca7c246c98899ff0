package io.stayaway.simulator;

import io.stayaway.simulator.api.GatewayApi;
import java.net.URI;
import picocli.CommandLine.Option;

/** The gateway's HTTP API, for loading orders and reading alerts. Picocli-populated, confined to the command's thread. */
final class ApiOptions {
    @Option(
            names = "--api",
            paramLabel = "URL",
            defaultValue = "${env:STAYAWAY_API}",
            description = "gateway HTTP API base URL, e.g. http://127.0.0.1:8080 (env STAYAWAY_API); "
                    + "without it no orders are created and no expectations checked")
    URI api;

    @Option(
            names = "--api-token",
            paramLabel = "TOKEN",
            defaultValue = "${env:STAYAWAY_API_TOKEN}",
            description = "sent as 'Authorization: Bearer TOKEN' (env STAYAWAY_API_TOKEN)")
    String token;

    boolean given() {
        return api != null;
    }

    GatewayApi client() {
        return new GatewayApi(api, token);
    }
}
