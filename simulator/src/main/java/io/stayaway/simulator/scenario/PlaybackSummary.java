package io.stayaway.simulator.scenario;

/** What a playback sent and received. Immutable, thread-safe. */
public record PlaybackSummary(int pings, int batches, int pingsInBatches, int events, int commands) {
    public String describe() {
        return String.format(
                "sent %d pings, %d store-and-forward bursts (%d pings), %d events; received %d commands",
                pings, batches, pingsInBatches, events, commands);
    }
}
