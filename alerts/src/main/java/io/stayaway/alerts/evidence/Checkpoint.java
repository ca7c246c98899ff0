package io.stayaway.alerts.evidence;

/**
 * A signed checkpoint of the evidence chains: {@code body} is exactly the signed bytes (JSON: id, time,
 * key id, the SHA-256 of the previous checkpoint's body, and the heads of the chains that moved), signed
 * with Ed25519 by the key {@code keyId}. {@code chains} is how many heads it signs, or -1 when read back.
 */
public record Checkpoint(long id, java.time.Instant at, String keyId, byte[] body, byte[] signature, int chains) {}
