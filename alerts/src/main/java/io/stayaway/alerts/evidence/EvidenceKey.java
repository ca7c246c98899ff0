package io.stayaway.alerts.evidence;

import io.stayaway.alerts.evidence.chain.ChainHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's Ed25519 signing key (JDK built-in): signs checkpoints, evidence manifests and retention
 * records. Kept in one PEM file (PKCS#8 private key and X.509 public key); created with owner-only
 * permissions on first start when absent. The key id is the first 16 hex digits of the SHA-256 of the
 * public key's X.509 encoding: what a court compares with the published key.
 */
public final class EvidenceKey {
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private EvidenceKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the key at {@code path}, or creates it there (owner read/write only) when the file does not exist. */
    public static EvidenceKey loadOrCreate(Path path) {
        try {
            if (Files.exists(path)) {
                return parse(Files.readString(path, StandardCharsets.US_ASCII));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            EvidenceKey key = new EvidenceKey(pair.getPrivate(), pair.getPublic());
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(path, "", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            Files.writeString(
                    path,
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + key.publicKeyPem(),
                    StandardCharsets.US_ASCII);
            return key;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read or create the evidence signing key at " + path + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the evidence signing key at " + path + " is not a valid Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** A key that lives only as long as the process (tests, demos): evidence it signs cannot be verified after a restart against a published key. */
    public static EvidenceKey ephemeral() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new EvidenceKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    static EvidenceKey parse(String text) throws GeneralSecurityException {
        byte[] priv = null;
        byte[] pub = null;
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if (m.group(1).equals("PRIVATE KEY")) {
                priv = der;
            } else if (m.group(1).equals("PUBLIC KEY")) {
                pub = der;
            }
        }
        if (priv == null || pub == null) {
            throw new GeneralSecurityException("the file must hold a PRIVATE KEY and a PUBLIC KEY block");
        }
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        EvidenceKey key = new EvidenceKey(
                kf.generatePrivate(new PKCS8EncodedKeySpec(priv)), kf.generatePublic(new X509EncodedKeySpec(pub)));
        byte[] probe = "stayaway key pair check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(key.publicKey, probe, key.sign(probe))) {
            throw new GeneralSecurityException("the public key does not belong to the private key");
        }
        return key;
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId(publicKey);
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    public static String keyId(PublicKey key) {
        return ChainHash.hex(ChainHash.sha256(key.getEncoded())).substring(0, 16);
    }

    /** Reads the first PUBLIC KEY block of a PEM text. */
    public static PublicKey parsePublicKey(String pemText) throws GeneralSecurityException {
        Matcher m = PEM.matcher(pemText);
        while (m.find()) {
            if (m.group(1).equals("PUBLIC KEY")) {
                return KeyFactory.getInstance("Ed25519")
                        .generatePublic(
                                new X509EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(2))));
            }
        }
        throw new GeneralSecurityException("no PUBLIC KEY block");
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
