package io.stayaway.gateway.ingest;

import java.util.List;

/** What one MQTT message yielded: the accepted records (in message order) and the refused ones. */
public record ParseOutcome(List<Telemetry> accepted, List<Rejection> rejected) {
    public ParseOutcome {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }
}
