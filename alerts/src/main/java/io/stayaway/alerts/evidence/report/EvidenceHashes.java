package io.stayaway.alerts.evidence.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The values a court quotes to verify the bundle: the evidence digest (SHA-256 over the chain files' digests, see BundleVerifier), the key that signed it, the
 * transparency checkpoint it is anchored to, and each device's hash-chain head at export.
 */
public record EvidenceHashes(
        String evidenceDigest,
        String signingKeyId,
        String checkpointId,
        Instant checkpointTime,
        List<ChainHead> chainHeads) {
    public EvidenceHashes {
        Objects.requireNonNull(evidenceDigest, "evidenceDigest");
        Objects.requireNonNull(signingKeyId, "signingKeyId");
        Objects.requireNonNull(checkpointId, "checkpointId");
        Objects.requireNonNull(checkpointTime, "checkpointTime");
        chainHeads = List.copyOf(chainHeads);
    }

    /** The head of one device's telemetry hash chain. */
    public record ChainHead(String deviceId, String headHash) {
        public ChainHead {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(headHash, "headHash");
        }
    }
}
