package io.stayaway.alerts.evidence.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash-chain rule shared by the database ({@code chain_append}), the telemetry writer, the bundle
 * builder and the offline verifier: {@code link(0) = SHA-256("stayaway-chain-v1:" + chain)} and
 * {@code link(n) = SHA-256(link(n-1) || SHA-256(record(n)))}, where record(n) is the record's exact bytes.
 */
public final class ChainHash {
    private static final HexFormat HEX = HexFormat.of();

    private ChainHash() {}

    public static byte[] genesis(String chain) {
        return sha256(("stayaway-chain-v1:" + chain).getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] recordHash(byte[] record) {
        return sha256(record);
    }

    public static byte[] link(byte[] previous, byte[] recordHash) {
        MessageDigest d = digest();
        d.update(previous);
        d.update(recordHash);
        return d.digest();
    }

    public static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    /** The chain of a device's pings and events. */
    public static String deviceChain(String deviceId) {
        return "device:" + deviceId;
    }

    /**
     * The chain of an order's own records: evidence accesses to the order (compliance, export, renewal review),
     * safety check-ins and her replies, and follow-up contacts.
     */
    public static String orderChain(String orderId) {
        return "order:" + orderId;
    }

    /** The chain of an alert's lifecycle, notifications and evidence accesses. */
    public static String alertChain(Object alertId) {
        return "alert:" + alertId;
    }
}
