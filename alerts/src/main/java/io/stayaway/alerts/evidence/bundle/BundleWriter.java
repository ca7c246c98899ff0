package io.stayaway.alerts.evidence.bundle;

import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.Checkpoint;
import io.stayaway.alerts.evidence.EvidenceKey;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an evidence archive (docs/evidence.md, "Evidence bundle"): a ZIP whose every file is listed with
 * its SHA-256 in {@code manifest.json}, which is signed ({@code manifest.sig}) with the server's key
 * ({@code signing-key.pem}). Chain files ({@code chains/*.chain}) carry records exactly as chained, with
 * their links, up to a signed checkpoint ({@code checkpoints/<id>.json} + {@code .sig}).
 *
 * <p>Streams: files are written one after another and hashed as they pass, so an archive of any size
 * needs bounded memory; the manifest comes last. Deterministic: fixed entry times, fixed compression,
 * and the manifest lists files in name order, so the same inputs give byte-identical archives when the
 * caller writes the same files in the same order.
 */
public final class BundleWriter implements AutoCloseable {
    public static final String FORMAT = "stayaway-evidence/1";
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final ZipOutputStream zip;
    private final EvidenceKey key;
    private final Map<String, JsonObject> files = new TreeMap<>();
    private final JsonArray chains = new JsonArray();
    private final TreeSet<Long> checkpoints = new TreeSet<>();
    private boolean entryOpen;

    public BundleWriter(OutputStream out, EvidenceKey key) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        this.key = key;
    }

    /** Adds a whole file. */
    public void file(String name, byte[] content) throws IOException {
        try (OutputStream o = open(name)) {
            o.write(content);
        }
    }

    public void file(String name, String content) throws IOException {
        file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens a file for streaming; close the returned stream before opening the next. */
    public OutputStream open(String name) throws IOException {
        if (entryOpen) {
            throw new IllegalStateException("close the previous file before opening " + name);
        }
        if (files.containsKey(name) || name.equals(BundleVerifier.MANIFEST) || name.equals(BundleVerifier.SIGNATURE)) {
            throw new IllegalArgumentException("duplicate or reserved file name " + name);
        }
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        entryOpen = true;
        MessageDigest digest = ChainHash.digest();
        return new FilterOutputStream(zip) {
            long size;

            @Override
            public void write(int b) throws IOException {
                zip.write(b);
                digest.update((byte) b);
                size++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
                digest.update(b, off, len);
                size += len;
            }

            @Override
            public void close() throws IOException {
                zip.closeEntry();
                entryOpen = false;
                files.put(
                        name,
                        new JsonObject()
                                .put("name", name)
                                .put("sha256", ChainHash.hex(digest.digest()))
                                .put("bytes", size));
            }
        };
    }

    /** Starts a chain file: the records of {@code chain} after position {@code fromPos}, whose link is {@code fromLink}. */
    public ChainFile chain(String chain, long fromPos, byte[] fromLink, String purpose) throws IOException {
        String name = "chains/" + chain.replaceAll("[^A-Za-z0-9._-]", "_") + ".chain";
        OutputStream out = open(name);
        out.write(new JsonObject()
                .put("chain", chain)
                .put("from", fromPos)
                .put("fromLink", ChainHash.hex(fromLink))
                .put("purpose", purpose)
                .encode()
                .getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        chains.add(new JsonObject().put("chain", chain).put("file", name).put("purpose", purpose));
        return new ChainFile(out, fromPos);
    }

    /** Records (and, past the evidence, record hashes) of one chain, in position order. */
    public static final class ChainFile implements AutoCloseable {
        private final OutputStream out;
        private long last;

        private ChainFile(OutputStream out, long fromPos) {
            this.out = out;
            this.last = fromPos;
        }

        /** A record given in full: {@code pos TAB link TAB record-bytes}. */
        public void record(long pos, byte[] link, byte[] record) throws IOException {
            line(pos, link, record);
        }

        /** A record given by its hash only (outside the evidence, or removed by retention): {@code pos TAB link TAB =hash}. */
        public void elided(long pos, byte[] link, byte[] recordHash) throws IOException {
            line(pos, link, ("=" + ChainHash.hex(recordHash)).getBytes(StandardCharsets.US_ASCII));
        }

        private void line(long pos, byte[] link, byte[] content) throws IOException {
            if (pos != last + 1) {
                throw new IllegalArgumentException("chain positions must be consecutive: " + pos + " after " + last);
            }
            last = pos;
            out.write((pos + "\t" + ChainHash.hex(link) + "\t").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * The evidence digest of the chain files written so far: what a report quotes and the verifier
     * prints ({@link BundleVerifier#evidenceDigest}). Call after the chain files are closed.
     */
    public String evidenceDigest() {
        Map<String, String> chainFiles = new TreeMap<>();
        for (Object o : chains) {
            String name = ((JsonObject) o).getString("file");
            JsonObject f = files.get(name);
            if (f == null) {
                throw new IllegalStateException("chain file " + name + " is still open");
            }
            chainFiles.put(name, f.getString("sha256"));
        }
        return BundleVerifier.evidenceDigest(chainFiles);
    }

    /** Adds a signed checkpoint (once per id). */
    public void checkpoint(Checkpoint checkpoint) throws IOException {
        if (checkpoints.add(checkpoint.id())) {
            file("checkpoints/" + checkpoint.id() + ".json", checkpoint.body());
            file(
                    "checkpoints/" + checkpoint.id() + ".sig",
                    Base64.getEncoder().encodeToString(checkpoint.signature()) + "\n");
        }
    }

    /** Writes the public key, the manifest (with {@code subject} describing the archive) and its signature. */
    public void finish(JsonObject subject) throws IOException {
        file(BundleVerifier.KEY_FILE, key.publicKeyPem());
        JsonArray list = new JsonArray();
        files.values().forEach(list::add);
        byte[] manifest = new JsonObject()
                .put("format", FORMAT)
                .put("subject", subject)
                .put("keyId", key.keyId())
                .put(
                        "publicKey",
                        Base64.getEncoder().encodeToString(key.publicKey().getEncoded()))
                .put("chains", chains)
                .put("files", list)
                .encodePrettily()
                .getBytes(StandardCharsets.UTF_8);
        writeRaw(BundleVerifier.MANIFEST, manifest);
        writeRaw(
                BundleVerifier.SIGNATURE,
                (Base64.getEncoder().encodeToString(key.sign(manifest)) + "\n").getBytes(StandardCharsets.US_ASCII));
        zip.finish();
    }

    private void writeRaw(String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
