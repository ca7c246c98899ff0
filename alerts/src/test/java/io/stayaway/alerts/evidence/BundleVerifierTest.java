package io.stayaway.alerts.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.alerts.evidence.bundle.BundleWriter;
import io.stayaway.alerts.evidence.chain.ChainHash;
import io.stayaway.alerts.evidence.chain.Checkpoints;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive format and the offline verifier, on a synthetic chain: every edit a forger would make is caught and named. */
class BundleVerifierTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String CHAIN = ChainHash.deviceChain("resp-1");

    @TempDir
    Path dir;

    private final EvidenceKey key = EvidenceKey.loadOrCreate(Path.of(
            System.getProperty("java.io.tmpdir"),
            "stayaway-test-key-" + ProcessHandle.current().pid() + ".pem"));

    /** Ten pings, 15 s apart; the window is pings 3–7; the chain goes on to 10, which checkpoint 1 signs. */
    private Path archive(String name) throws IOException {
        List<TelemetryRecord> records = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Instant ts = T0.plusSeconds(15L * i);
            String raw = "{\"seq\":" + i + ",\"ts\":\"" + ts + "\",\"lat\":52.5" + i + ",\"lon\":13.4,\"acc\":5}";
            records.add(new TelemetryRecord(
                    "ping", "resp-1", i, ts, ts.plusMillis(300), raw.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] link = ChainHash.genesis(CHAIN);
        List<byte[]> links = new ArrayList<>();
        for (TelemetryRecord r : records) {
            link = ChainHash.link(link, r.hash());
            links.add(link);
        }
        Checkpoint cp =
                Checkpoints.sign(key, 1, T0.plusSeconds(600), null, List.of(new Checkpoints.Head(CHAIN, 10, link)));
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                BundleWriter w = new BundleWriter(out, key)) {
            w.file("timeline.json", "{\"points\":[]}");
            try (BundleWriter.ChainFile c = w.chain(CHAIN, 1, links.get(0), "telemetry-window")) {
                for (int i = 2; i <= 10; i++) {
                    c.record(i, links.get(i - 1), records.get(i - 1).canonical());
                }
            }
            w.checkpoint(cp);
            w.finish(new JsonObject()
                    .put("alertId", "a-1")
                    .put(
                            "window",
                            new JsonObject()
                                    .put("from", T0.plusSeconds(45).toString())
                                    .put("to", T0.plusSeconds(105).toString())));
        }
        return file;
    }

    @Test
    void anUntouchedArchiveVerifies() throws IOException {
        BundleVerifier.Verdict v = BundleVerifier.verify(archive("ok.zip"), Optional.of(key.publicKey()));
        assertTrue(v.verified(), v.render());
        assertEquals(9, v.records());
        assertTrue(v.render().contains("VERDICT: VERIFIED"), v.render());
    }

    @Test
    void theSameInputsGiveByteIdenticalArchives() throws IOException {
        assertArrayEquals(Files.readAllBytes(archive("a.zip")), Files.readAllBytes(archive("b.zip")));
    }

    @Test
    void aMovedFixIsNamed() throws IOException {
        Path forged = rewrite(
                archive("moved.zip"),
                "chains/device_resp-1.chain",
                payloads(raw -> raw.replace("\"lat\":52.55,", "\"lat\":52.65,")));
        assertFailsNaming(forged, "seq 5", "does not match its chain link");
    }

    @Test
    void anEditedTimeIsNamed() throws IOException {
        Path forged = rewrite(
                archive("time.zip"),
                "chains/device_resp-1.chain",
                s -> s.replace("\"ts\":\"" + T0.plusSeconds(90) + "\"", "\"ts\":\"" + T0.plusSeconds(95) + "\""));
        assertFailsNaming(forged, "seq 6", "does not match its chain link");
    }

    @Test
    void aRemovedPingInsideTheWindowIsNamed() throws IOException {
        Path forged = rewrite(archive("removed.zip"), "chains/device_resp-1.chain", s -> {
            List<String> kept = new ArrayList<>();
            for (String line : s.split("\n")) {
                if (!line.startsWith("5\t")) {
                    kept.add(line);
                }
            }
            return String.join("\n", kept) + "\n";
        });
        BundleVerifier.Verdict v = BundleVerifier.verify(forged, Optional.of(key.publicKey()));
        assertFalse(v.verified());
        assertTrue(v.render().contains("position 5 MISSING"), v.render());
    }

    @Test
    void aRecordGivenByHashOnlyInsideTheWindowIsWithheld() throws IOException {
        Path forged = rewrite(archive("withheld.zip"), "chains/device_resp-1.chain", s -> {
            StringBuilder out = new StringBuilder();
            for (String line : s.split("\n")) {
                if (line.startsWith("6\t")) {
                    String[] p = line.split("\t", 3);
                    line = p[0] + "\t" + p[1] + "\t="
                            + ChainHash.hex(ChainHash.recordHash(p[2].getBytes(StandardCharsets.UTF_8)));
                }
                out.append(line).append('\n');
            }
            return out.toString();
        });
        assertFailsNaming(forged, "position 6", "withheld");
    }

    @Test
    void aChangedManifestOrForeignKeyFails() throws IOException {
        Path forged = rewrite(archive("manifest.zip"), BundleVerifier.MANIFEST, s -> s.replace("\"a-1\"", "\"a-2\""));
        assertFailsNaming(forged, BundleVerifier.MANIFEST, "signature does NOT verify");
        EvidenceKey other = EvidenceKey.loadOrCreate(dir.resolve("other.pem"));
        BundleVerifier.Verdict v = BundleVerifier.verify(archive("foreign.zip"), Optional.of(other.publicKey()));
        assertFalse(v.verified());
        assertTrue(v.render().contains("not with the published key"), v.render());
    }

    @Test
    void theFirstRecordMustPrecedeTheWindow() throws IOException {
        Path forged = rewrite(archive("start.zip"), "chains/device_resp-1.chain", s -> {
            List<String> lines = new ArrayList<>(List.of(s.split("\n")));
            String[] first = lines.get(1).split("\t", 3);
            JsonObject header = new JsonObject(lines.get(0)).put("from", 2).put("fromLink", first[1]);
            lines.set(0, header.encode());
            lines.remove(1);
            return String.join("\n", lines) + "\n";
        });
        assertFailsNaming(forged, "seq 3", "window's start is not proven");
    }

    @Test
    void chainFileLinesSurviveBufferBoundariesLongLinesEmptyLinesAndNoFinalNewline() throws IOException {
        List<String> expected =
                List.of("header", "", "a".repeat(7), "b".repeat(23), "", "c".repeat(5), "last-without-newline");
        byte[] text = String.join("\n", expected).getBytes(StandardCharsets.US_ASCII);
        for (int buffer : new int[] {1, 2, 3, 7, 8, 64}) {
            for (int chunk : new int[] {1, 3, 1000}) {
                // A stream that hands out at most `chunk` bytes per read, as an inflater may.
                InputStream in = new java.io.ByteArrayInputStream(text) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, chunk));
                    }
                };
                BundleVerifier.Lines lines = new BundleVerifier.Lines(in, buffer);
                List<String> read = new ArrayList<>();
                for (byte[] line; (line = lines.next()) != null; ) {
                    read.add(new String(line, StandardCharsets.US_ASCII));
                }
                assertEquals(expected, read, "buffer " + buffer + ", reads of " + chunk);
            }
        }
        BundleVerifier.Lines trailing = new BundleVerifier.Lines(
                new java.io.ByteArrayInputStream("x\ny\n".getBytes(StandardCharsets.US_ASCII)), 4);
        assertEquals("x", new String(trailing.next(), StandardCharsets.US_ASCII));
        assertEquals("y", new String(trailing.next(), StandardCharsets.US_ASCII));
        assertEquals(null, trailing.next(), "a final newline ends the last line, it does not start an empty one");
    }

    private void assertFailsNaming(Path archive, String who, String what) throws IOException {
        BundleVerifier.Verdict v = BundleVerifier.verify(archive, Optional.of(key.publicKey()));
        assertFalse(v.verified(), v.render());
        assertTrue(
                v.failures().stream()
                        .anyMatch(l -> l.message().contains(who) && l.message().contains(what)),
                v.render());
        assertTrue(v.render().contains("NOT VERIFIED"), v.render());
    }

    /** Copies the archive, passing one entry's text through {@code edit}; every other byte unchanged. */
    private Path rewrite(Path archive, String entryName, UnaryOperator<String> edit) throws IOException {
        Path out = dir.resolve("forged-" + archive.getFileName());
        boolean changed = false;
        try (ZipFile in = new ZipFile(archive.toFile());
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] content;
                try (InputStream s = in.getInputStream(e)) {
                    content = s.readAllBytes();
                }
                if (e.getName().equals(entryName)) {
                    String before = new String(content, StandardCharsets.UTF_8);
                    String text = edit.apply(before);
                    changed = !text.equals(before);
                    content = text.getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        assertTrue(changed, "the forgery must change " + entryName);
        return out;
    }

    /** An edit of the device payloads inside a chain file, as a forger would make it: decode, change, re-encode. */
    private static UnaryOperator<String> payloads(UnaryOperator<String> edit) {
        return text -> editPayloads(text, edit);
    }

    private static String editPayloads(String text, UnaryOperator<String> edit) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int tab = line.indexOf('\t', line.indexOf('\t') + 1);
            if (tab > 0 && line.charAt(tab + 1) == '{') {
                JsonObject r = new JsonObject(line.substring(tab + 1));
                String raw =
                        new String(java.util.Base64.getDecoder().decode(r.getString("raw")), StandardCharsets.UTF_8);
                String edited = edit.apply(raw);
                if (!edited.equals(raw)) {
                    r.put("raw", java.util.Base64.getEncoder().encodeToString(edited.getBytes(StandardCharsets.UTF_8)));
                    line = line.substring(0, tab + 1) + r.encode();
                }
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
