package io.stayaway.gateway.ingest;

/** A refused message or array element: the reason, a sentence saying exactly what was wrong, and the raw bytes. */
public record Rejection(String topic, String deviceId, RejectReason reason, String detail, byte[] raw) {}
