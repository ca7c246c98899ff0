package io.stayaway.alerts.evidence;

import io.stayaway.alerts.evidence.chain.ChainHash;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks an evidence archive offline (no database, no network): the manifest's signature, every file's
 * SHA-256, every checkpoint's signature, and every chain record by record up to the signed head.
 * Names the exact record at fault: a changed record fails its link, a removed one leaves a gap in the
 * positions, a record given by hash only inside the evidence is reported as withheld.
 */
public final class BundleVerifier {
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    public static final String KEY_FILE = "signing-key.pem";

    /** What the verifier found: each line is OK, NOTE or FAIL; the archive verifies when no line fails. */
    public record Verdict(List<Line> lines, String keyId, long records) {
        public boolean verified() {
            return lines.stream().noneMatch(l -> l.level() == Level.FAIL);
        }

        public List<Line> failures() {
            return lines.stream().filter(l -> l.level() == Level.FAIL).toList();
        }

        public String render() {
            StringBuilder out = new StringBuilder();
            for (Line l : lines) {
                out.append(l.level()).append("  ").append(l.message()).append('\n');
            }
            int failed = failures().size();
            out.append(
                    verified()
                            ? "VERDICT: VERIFIED — " + records + " chained record(s); signed by key " + keyId + "\n"
                            : "VERDICT: NOT VERIFIED — " + failed + " problem(s); do not rely on this archive\n");
            return out.toString();
        }
    }

    public enum Level {
        OK,
        NOTE,
        FAIL
    }

    public record Line(Level level, String message) {}

    /**
     * SHA-256 over the chain files' names and SHA-256s ({@code name TWO-SPACES sha256 NEWLINE}, in name
     * order): one value for the report to quote that covers every chained record in the archive.
     */
    public static String evidenceDigest(Map<String, String> chainFileHashes) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(chainFileHashes)
                .forEach((name, sha) ->
                        text.append(name).append("  ").append(sha).append('\n'));
        return ChainHash.hex(ChainHash.sha256(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private final List<Line> lines = new ArrayList<>();
    private long records;

    private BundleVerifier() {}

    /**
     * Verifies {@code archive}; when {@code publishedKey} is given the archive must be signed by it,
     * otherwise the key inside the archive is used and its id is reported for comparison with the published one.
     */
    public static Verdict verify(Path archive, Optional<PublicKey> publishedKey) throws IOException {
        BundleVerifier v = new BundleVerifier();
        String keyId;
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            keyId = v.run(zip, publishedKey);
        } catch (java.util.zip.ZipException e) {
            v.fail("not a readable ZIP archive: " + e.getMessage());
            keyId = "?";
        }
        return new Verdict(List.copyOf(v.lines), keyId, v.records);
    }

    private String run(ZipFile zip, Optional<PublicKey> publishedKey) throws IOException {
        byte[] manifestBytes = read(zip, MANIFEST);
        byte[] signature = read(zip, SIGNATURE);
        if (manifestBytes == null || signature == null) {
            fail("the archive has no " + (manifestBytes == null ? MANIFEST : SIGNATURE)
                    + ": it is not an evidence archive or was cut");
            return "?";
        }
        JsonObject manifest;
        PublicKey key;
        try {
            manifest = new JsonObject(new String(manifestBytes, StandardCharsets.UTF_8));
            key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(
                            new X509EncodedKeySpec(Base64.getDecoder().decode(manifest.getString("publicKey"))));
        } catch (DecodeException | IllegalArgumentException | NullPointerException | GeneralSecurityException e) {
            fail(MANIFEST + " is not a valid manifest: " + e.getMessage());
            return "?";
        }
        String keyId = EvidenceKey.keyId(key);
        if (publishedKey.isPresent()) {
            if (!Arrays.equals(publishedKey.get().getEncoded(), key.getEncoded())) {
                fail("the archive is signed with key " + keyId + ", not with the published key "
                        + EvidenceKey.keyId(publishedKey.get()));
                return keyId;
            }
            ok("signing key " + keyId + " is the published key");
        } else {
            note(
                    "signing key " + keyId
                            + " taken from the archive: compare it with the key the operator publishes (GET /api/evidence/key), or pass --key");
        }
        if (EvidenceKey.verify(key, manifestBytes, decodeSignature(signature))) {
            ok("manifest signature is valid (Ed25519, key " + keyId + ")");
        } else {
            fail("manifest signature does NOT verify: " + MANIFEST
                    + " was changed after signing, or signed by another key");
        }
        Map<String, String> listed = new HashMap<>();
        for (Object o : manifest.getJsonArray("files", new JsonArray())) {
            JsonObject f = (JsonObject) o;
            listed.put(f.getString("name"), f.getString("sha256"));
        }
        checkFiles(zip, listed);
        Map<String, Map<Long, byte[]>> signedHeads = checkpoints(zip, key, keyId);
        JsonObject subject = manifest.getJsonObject("subject", new JsonObject());
        Map<String, String> chainFiles = new HashMap<>();
        for (Object o : manifest.getJsonArray("chains", new JsonArray())) {
            JsonObject c = (JsonObject) o;
            chainFiles.put(c.getString("file"), listed.get(c.getString("file")));
            checkChain(zip, c.getString("file"), c.getString("purpose"), subject.getJsonObject("window"), signedHeads);
        }
        note("subject: " + subject.encode());
        note("manifest SHA-256 " + ChainHash.hex(ChainHash.sha256(manifestBytes))
                + "; evidence digest (quoted in the report) " + evidenceDigest(chainFiles));
        return keyId;
    }

    private void checkFiles(ZipFile zip, Map<String, String> listed) throws IOException {
        int good = 0;
        Set<String> present = new HashSet<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            present.add(name);
            if (!listed.containsKey(name) && !name.equals(MANIFEST) && !name.equals(SIGNATURE)) {
                fail("file " + name + " is not listed in the manifest: it was added after signing");
            }
        }
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(listed).entrySet()) {
            if (!present.contains(f.getKey())) {
                fail("file " + f.getKey() + " listed in the manifest is missing");
                continue;
            }
            MessageDigest d = ChainHash.digest();
            try (InputStream in = zip.getInputStream(zip.getEntry(f.getKey()))) {
                byte[] buf = new byte[65536];
                for (int n; (n = in.read(buf)) > 0; ) {
                    d.update(buf, 0, n);
                }
            }
            String actual = ChainHash.hex(d.digest());
            if (actual.equals(f.getValue())) {
                good++;
            } else {
                fail("file " + f.getKey() + " was changed: SHA-256 " + actual + ", manifest says " + f.getValue());
            }
        }
        ok(good + " of " + listed.size() + " file(s) match their SHA-256 in the manifest");
    }

    private Map<String, Map<Long, byte[]>> checkpoints(ZipFile zip, PublicKey key, String keyId) throws IOException {
        Map<String, Map<Long, byte[]>> heads = new HashMap<>();
        List<String> names = new ArrayList<>();
        zip.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.startsWith("checkpoints/") && n.endsWith(".json"))
                .sorted()
                .forEach(names::add);
        for (String name : names) {
            byte[] body = read(zip, name);
            byte[] sig = read(zip, name.substring(0, name.length() - 5) + ".sig");
            if (sig == null || !EvidenceKey.verify(key, body, decodeSignature(sig))) {
                fail("checkpoint " + name + " signature does NOT verify with key " + keyId);
                continue;
            }
            JsonObject cp = new JsonObject(new String(body, StandardCharsets.UTF_8));
            ok("checkpoint " + cp.getLong("id") + " signed at " + cp.getString("at") + " by key "
                    + cp.getString("keyId") + " (" + cp.getJsonArray("heads").size() + " chain head(s))");
            for (Object o : cp.getJsonArray("heads")) {
                JsonObject h = (JsonObject) o;
                heads.computeIfAbsent(h.getString("chain"), k -> new HashMap<>())
                        .put(h.getLong("pos"), ChainHash.unhex(h.getString("link")));
            }
        }
        return heads;
    }

    /** Where the check of one chain file stands, line after line. */
    private static final class ChainWalk {
        final String chain;
        final long from;
        final boolean export;
        /** The window's start when the first record must lie before it (a telemetry window not starting at genesis), else null. */
        final Instant windowFrom;

        byte[] computed;
        long expected;
        long full;
        long withheld;
        String previous;
        boolean firstChecked;

        ChainWalk(JsonObject header, String purpose, JsonObject window) {
            this.chain = header.getString("chain");
            this.from = header.getLong("from");
            this.export = "export".equals(purpose);
            this.windowFrom = window != null && "telemetry-window".equals(purpose) && from > 0
                    ? Instant.parse(window.getString("from"))
                    : null;
            this.computed = ChainHash.unhex(header.getString("fromLink"));
            this.expected = from + 1;
            this.previous = from == 0 ? "the start of the chain" : "position " + from;
        }
    }

    private void checkChain(
            ZipFile zip, String file, String purpose, JsonObject window, Map<String, Map<Long, byte[]>> signedHeads)
            throws IOException {
        ZipEntry entry = file == null ? null : zip.getEntry(file);
        if (entry == null) {
            fail("chain file " + file + " named in the manifest is missing");
            return;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            Lines chainLines = new Lines(in, 1 << 16);
            ChainWalk walk = new ChainWalk(
                    new JsonObject(new String(chainLines.next(), StandardCharsets.UTF_8)), purpose, window);
            if (walk.from == 0 && !Arrays.equals(walk.computed, ChainHash.genesis(walk.chain))) {
                fail(walk.chain + ": the chain does not start from its genesis link");
            }
            byte[] line;
            while ((line = chainLines.next()) != null) {
                if (!checkLine(walk, line)) {
                    return;
                }
            }
            records += walk.full;
            checkSignedEnd(walk, signedHeads);
        }
    }

    /** Checks one line ({@code pos TAB link TAB record}) against the link before it; false when the line is malformed. */
    private boolean checkLine(ChainWalk w, byte[] line) {
        String chain = w.chain;
        int t1 = indexOf(line, 0);
        int t2 = indexOf(line, t1 + 1);
        if (t1 < 0 || t2 < 0) {
            fail(chain + ": malformed line after " + w.previous);
            return false;
        }
        long pos = Long.parseLong(new String(line, 0, t1, StandardCharsets.US_ASCII));
        byte[] stated = ChainHash.unhex(new String(line, t1 + 1, t2 - t1 - 1, StandardCharsets.US_ASCII));
        byte[] content = Arrays.copyOfRange(line, t2 + 1, line.length);
        boolean elided = content.length > 0 && content[0] == '=';
        String who = elided ? "record at position " + pos + " (hash only)" : describe(content, pos);
        if (pos != w.expected) {
            fail(chain + ": "
                    + (pos > w.expected
                            ? "record(s) at position " + w.expected + (pos - 1 > w.expected ? "–" + (pos - 1) : "")
                                    + " MISSING, between " + w.previous + " and " + who
                            : "position " + pos + " out of order after " + w.previous));
        }
        byte[] rh = elided
                ? ChainHash.unhex(new String(content, 1, content.length - 1, StandardCharsets.US_ASCII))
                : ChainHash.recordHash(content);
        w.computed = ChainHash.link(w.computed, rh);
        if (!Arrays.equals(w.computed, stated)) {
            fail(chain + ": " + who + " does not match its chain link: the record was changed, inserted or reordered");
            w.computed = stated; // go on from the stated link so that later faults are located too
        }
        if (elided) {
            w.withheld++;
            if (!w.export) {
                fail(chain + ": " + who + " is withheld inside the evidence: its content is not in the archive");
            }
        } else {
            w.full++;
            if (!w.firstChecked && w.windowFrom != null) {
                Instant ts = timeOf(content);
                if (ts != null && !ts.isBefore(w.windowFrom)) {
                    fail(
                            chain + ": the first record, " + who
                                    + ", is inside the window: the record before it is missing, so the window's start is not proven");
                }
            }
            w.firstChecked = true;
        }
        w.previous = who;
        w.expected = Math.max(w.expected, pos) + 1;
        return true;
    }

    /** The chain file must end at a head a checkpoint in the archive signs, with the link recomputed. */
    private void checkSignedEnd(ChainWalk w, Map<String, Map<Long, byte[]>> signedHeads) {
        long last = w.expected - 1;
        byte[] head = signedHeads.getOrDefault(w.chain, Map.of()).get(last);
        if (head == null) {
            fail(w.chain + ": no signed checkpoint in the archive covers position " + last
                    + ": the chain's end is not signed");
        } else if (!Arrays.equals(head, w.computed)) {
            fail(w.chain + ": recomputed link at position " + last
                    + " differs from the signed checkpoint: records were changed");
        } else {
            ok(w.chain + ": positions " + (w.from + 1) + "–" + last + " verified against a signed checkpoint (" + w.full
                    + " record(s)" + (w.withheld > 0 ? ", " + w.withheld + " removed by retention, hashes kept" : "")
                    + ")");
        }
    }

    /** A human name for a record: its kind and identity, e.g. {@code ping device r-1 seq 42 at 2026-…}. */
    private static String describe(byte[] content, long pos) {
        try {
            JsonObject r = new JsonObject(new String(content, StandardCharsets.UTF_8));
            if (r.containsKey("deviceId")) {
                return r.getString("kind") + " of device " + r.getString("deviceId") + " seq " + r.getValue("seq")
                        + " at " + r.getString("ts") + " (position " + pos + ")";
            }
            JsonObject row = r.getJsonObject("row", new JsonObject());
            Object id = row.getValue("id");
            return r.getString("kind") + " record" + (id == null ? "" : " " + id) + " (position " + pos + ")";
        } catch (DecodeException | ClassCastException e) {
            return "record at position " + pos + " (not valid JSON)";
        }
    }

    private static Instant timeOf(byte[] content) {
        try {
            String ts = new JsonObject(new String(content, StandardCharsets.UTF_8)).getString("ts");
            return ts == null ? null : Instant.parse(ts);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int indexOf(byte[] line, int from) {
        for (int i = Math.max(from, 0); i < line.length; i++) {
            if (line[i] == '\t') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The lines of a chain file, without their {@code '\n'}; the last line may lack one. Reads the
     * stream in blocks and scans them: reading a million-record export byte by byte through a
     * {@code BufferedInputStream} (a synchronized call per byte) was 80 % of its verification time.
     * Not thread-safe.
     */
    static final class Lines {
        private final InputStream in;
        private final byte[] buf;
        private int start;
        private int end;
        private boolean eof;

        Lines(InputStream in, int bufferSize) {
            this.in = in;
            this.buf = new byte[bufferSize];
        }

        /** The next line, or null at the end of the stream. */
        byte[] next() throws IOException {
            ByteArrayOutputStream longLine = null;
            int scan = start;
            while (true) {
                for (; scan < end; scan++) {
                    if (buf[scan] == '\n') {
                        byte[] line = take(longLine, scan);
                        start = scan + 1;
                        return line;
                    }
                }
                if (eof) {
                    if (start == end && longLine == null) {
                        return null;
                    }
                    byte[] line = take(longLine, end);
                    start = end;
                    return line;
                }
                if (end == buf.length) {
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        scan -= start;
                        start = 0;
                    } else {
                        // The line is longer than the buffer: keep what was scanned and read on.
                        if (longLine == null) {
                            longLine = new ByteArrayOutputStream(buf.length * 2);
                        }
                        longLine.write(buf, 0, end);
                        start = 0;
                        end = 0;
                        scan = 0;
                    }
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                } else {
                    end += n;
                }
            }
        }

        private byte[] take(ByteArrayOutputStream longLine, int to) {
            if (longLine == null) {
                return Arrays.copyOfRange(buf, start, to);
            }
            longLine.write(buf, start, to - start);
            return longLine.toByteArray();
        }
    }

    private static byte[] decodeSignature(byte[] text) {
        try {
            return Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] read(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private void ok(String m) {
        lines.add(new Line(Level.OK, m));
    }

    private void note(String m) {
        lines.add(new Line(Level.NOTE, m));
    }

    private void fail(String m) {
        lines.add(new Line(Level.FAIL, m));
    }
}
