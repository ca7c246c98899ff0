package io.stayaway.geofence.impl;

import io.stayaway.geofence.Episode;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.SnapshotFormatException;
import io.stayaway.geofence.Zone;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary encoding of an {@link EngineState} (tracks, machines, crossing paths, replay history, announced episodes),
 * format 6: magic, version, order id, a fingerprint of its rules, then the state. Formats 1 (no pending crossings,
 * server times), 2 (no fix before a crossing path's anchor), 3 (no time naming a pending run's episode), 4 (no fix
 * before the accepted one, rejected-run start, phantom, precise fix: unknown) and 5 (no fix source: unknown) are read. States shared by the history
 * are written once. Installations keep these bytes: change the format only under a new version, keep reading old ones.
 */
final class SnapshotCodec {
    private static final int MAGIC = 0x53414746;
    private static final int VERSION = 6;

    private SnapshotCodec() {}

    static byte[] encode(Order order, EngineState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(order.id());
            out.writeUTF(fingerprint(order));
            Map<MachineState, Integer> machineTable = new IdentityHashMap<>();
            Map<TransitState, Integer> transitTable = new IdentityHashMap<>();
            List<MachineState> machines = new ArrayList<>();
            List<TransitState> transits = new ArrayList<>();
            collect(state.live(), machineTable, transitTable, machines, transits);
            for (EngineState.HistoryEntry h : state.history()) {
                collect(h.before(), machineTable, transitTable, machines, transits);
            }
            out.writeInt(machines.size());
            for (MachineState m : machines) {
                writeMachine(out, m);
            }
            out.writeInt(transits.size());
            for (TransitState t : transits) {
                writeTransit(out, t);
            }
            writeFrame(out, state.live(), machineTable, transitTable);
            out.writeInt(state.history().size());
            for (EngineState.HistoryEntry h : state.history()) {
                FixCodec.writePing(out, h.ping());
                writeFrame(out, h.before(), machineTable, transitTable);
            }
            out.writeLong(state.monitoringSinceMillis());
            out.writeInt(state.evaluatedAtServer().length);
            for (long at : state.evaluatedAtServer()) {
                out.writeLong(at);
            }
            out.writeInt(state.announced().size());
            for (Episode e : state.announced()) {
                writeEpisode(out, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory snapshot encoding failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a snapshot of version 1 to 6 for the compiled order's rules.
     *
     * @throws SnapshotFormatException if it is corrupt, of another version, or for another order's rules
     */
    static EngineState decode(CompiledOrder compiled, byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = readHeader(in, compiled.order());
            List<MachineState> machines = new ArrayList<>();
            int machineCount = in.readInt();
            for (int i = 0; i < machineCount; i++) {
                machines.add(readMachine(in, version));
            }
            List<TransitState> transits = new ArrayList<>();
            int transitCount = in.readInt();
            for (int i = 0; i < transitCount; i++) {
                transits.add(readTransit(in, version));
            }
            EngineState.Frame live = requireShape(compiled, readFrame(in, version, machines, transits));
            List<EngineState.HistoryEntry> history = new ArrayList<>();
            int historySize = in.readInt();
            for (int i = 0; i < historySize; i++) {
                Ping p = FixCodec.readPing(in, version);
                history.add(new EngineState.HistoryEntry(
                        p, requireShape(compiled, readFrame(in, version, machines, transits))));
            }
            long monitoringSince = in.readLong();
            long[] evaluatedAtServer =
                    version >= 2 ? readServerTimes(in, compiled.devices().size()) : unknownServerTimes(compiled);
            List<Episode> announced = new ArrayList<>();
            int announcedSize = in.readInt();
            for (int i = 0; i < announcedSize; i++) {
                announced.add(readEpisode(in));
            }
            if (in.available() != 0) {
                throw new SnapshotFormatException("snapshot has " + in.available() + " trailing bytes");
            }
            return new EngineState(live, history, monitoringSince, evaluatedAtServer, announced);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SnapshotFormatException s) {
                throw s;
            }
            throw new SnapshotFormatException("corrupt snapshot: " + e, e);
        }
    }

    /** Reads and checks magic, version, order id and rule fingerprint; returns the version. */
    private static int readHeader(DataInputStream in, Order order) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new SnapshotFormatException("not a geofence snapshot (bad magic)");
        }
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new SnapshotFormatException(
                    "unsupported snapshot version " + version + " (this engine reads 1 to " + VERSION + ")");
        }
        String orderId = in.readUTF();
        String print = in.readUTF();
        if (!orderId.equals(order.id()) || !print.equals(fingerprint(order))) {
            throw new SnapshotFormatException("snapshot is for order " + orderId + " with rules [" + print
                    + "], not order " + order.id() + " with rules [" + fingerprint(order) + "]");
        }
        return version;
    }

    private static long[] readServerTimes(DataInputStream in, int expected) throws IOException {
        int devices = in.readInt();
        if (devices != expected) {
            throw new SnapshotFormatException(
                    "snapshot has server times for " + devices + " devices, the order has " + expected);
        }
        long[] times = new long[devices];
        for (int d = 0; d < devices; d++) {
            times[d] = in.readLong();
        }
        return times;
    }

    /** Version 1 kept no server times of evaluation: each is taken as the next advanceTo instant. */
    private static long[] unknownServerTimes(CompiledOrder compiled) {
        long[] times = new long[compiled.devices().size()];
        Arrays.fill(times, OrderClock.SERVER_TIME_UNKNOWN);
        return times;
    }

    /** The rule layout a snapshot depends on: zone ids and types, and the parties' devices, in order. */
    static String fingerprint(Order order) {
        StringBuilder b = new StringBuilder(order.respondentDeviceId());
        for (String p : order.protectedDeviceIds()) {
            b.append(',').append(p);
        }
        for (Zone z : order.zones()) {
            b.append(';').append(z.getClass().getSimpleName()).append(':').append(z.id());
        }
        return b.toString();
    }

    private static EngineState.Frame requireShape(CompiledOrder compiled, EngineState.Frame f) {
        if (f.tracks().length != compiled.devices().size()
                || f.machines().length != compiled.machineCount()
                || f.transits().length != compiled.transitCount()) {
            throw new SnapshotFormatException("snapshot state does not match the order's rules");
        }
        return f;
    }

    private static void collect(
            EngineState.Frame f,
            Map<MachineState, Integer> mt,
            Map<TransitState, Integer> tt,
            List<MachineState> machines,
            List<TransitState> transits) {
        for (MachineState m : f.machines()) {
            if (!mt.containsKey(m)) {
                mt.put(m, machines.size());
                machines.add(m);
            }
        }
        for (TransitState t : f.transits()) {
            if (!tt.containsKey(t)) {
                tt.put(t, transits.size());
                transits.add(t);
            }
        }
    }

    private static void writeFrame(
            DataOutputStream out, EngineState.Frame f, Map<MachineState, Integer> mt, Map<TransitState, Integer> tt)
            throws IOException {
        out.writeInt(f.tracks().length);
        for (DeviceTrack t : f.tracks()) {
            TrackCodec.write(out, t);
        }
        out.writeInt(f.machines().length);
        for (MachineState m : f.machines()) {
            out.writeInt(mt.get(m));
        }
        out.writeInt(f.transits().length);
        for (TransitState t : f.transits()) {
            out.writeInt(tt.get(t));
        }
    }

    private static EngineState.Frame readFrame(
            DataInputStream in, int version, List<MachineState> machines, List<TransitState> transits)
            throws IOException {
        DeviceTrack[] tracks = new DeviceTrack[in.readInt()];
        for (int i = 0; i < tracks.length; i++) {
            tracks[i] = TrackCodec.read(in, version);
        }
        MachineState[] ms = new MachineState[in.readInt()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = machines.get(in.readInt());
        }
        TransitState[] ts = new TransitState[in.readInt()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = transits.get(in.readInt());
        }
        return new EngineState.Frame(tracks, ms, ts);
    }

    private static void writeMachine(DataOutputStream out, MachineState m) throws IOException {
        MachineState.Run r = m.run();
        out.writeBoolean(r != null);
        if (r != null) {
            out.writeLong(r.startMillis());
            out.writeLong(r.firstSeq());
            out.writeUTF(r.idDevice());
            out.writeLong(r.idSeq());
            out.writeLong(r.idMillis());
            out.writeInt(r.plausibleCount());
            out.writeLong(r.firstPlausibleMillis());
            out.writeLong(r.lastPlausibleMillis());
            out.writeDouble(r.minDistance());
            out.writeDouble(r.maxPenetration());
            out.writeDouble(r.maxUncertainty());
            writeSeqs(out, r.seqs());
            out.writeLong(r.lastSeq());
        }
        out.writeBoolean(m.open() != null);
        if (m.open() != null) {
            writeEpisode(out, m.open());
        }
        MachineState.ClearRun c = m.clear();
        out.writeBoolean(c != null);
        if (c != null) {
            out.writeInt(c.count());
            out.writeLong(c.firstMillis());
            out.writeLong(c.lastMillis());
        }
        out.writeDouble(m.announcedDistance());
        out.writeDouble(m.announcedPenetration());
    }

    private static MachineState readMachine(DataInputStream in, int version) throws IOException {
        MachineState.Run run = in.readBoolean() ? readRun(in, version) : null;
        Episode open = in.readBoolean() ? readEpisode(in) : null;
        MachineState.ClearRun clear =
                in.readBoolean() ? new MachineState.ClearRun(in.readInt(), in.readLong(), in.readLong()) : null;
        double announcedDistance = in.readDouble();
        double announcedPenetration = in.readDouble();
        if (run == null && open == null && clear == null) {
            return MachineState.IDLE;
        }
        return new MachineState(run, open, clear, announcedDistance, announcedPenetration);
    }

    /**
     * A pending run. Formats before 4 did not keep the device time of the fix that names its episode: the run's start
     * stands for it, which is that time for a run of the respondent's fixes unless an older fix extended it backwards.
     */
    private static MachineState.Run readRun(DataInputStream in, int version) throws IOException {
        long startMillis = in.readLong();
        long firstSeq = in.readLong();
        String idDevice = in.readUTF();
        long idSeq = in.readLong();
        long idMillis = version >= 4 ? in.readLong() : idSeq < 0 ? Observation.NO_FIX : startMillis;
        return new MachineState.Run(
                startMillis,
                firstSeq,
                idDevice,
                idSeq,
                idMillis,
                in.readInt(),
                in.readLong(),
                in.readLong(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                readSeqs(in),
                in.readLong());
    }

    private static void writeTransit(DataOutputStream out, TransitState t) throws IOException {
        FixCodec.writeFix(out, t.before());
        out.writeDouble(t.beforeDistance());
        FixCodec.writeFix(out, t.anchor());
        out.writeDouble(t.anchorDistance());
        FixCodec.writeFix(out, t.last());
        out.writeDouble(t.lastDistance());
        writeSeqs(out, t.seqs());
        TransitState.Candidate c = t.pending();
        out.writeBoolean(c != null);
        if (c != null) {
            FixCodec.writeFix(out, c.entry());
            out.writeDouble(c.entryDistance());
            FixCodec.writeFix(out, c.exit());
            out.writeDouble(c.exitDistance());
            out.writeDouble(c.depth());
            out.writeDouble(c.threshold());
            writeSeqs(out, c.seqs());
        }
    }

    private static TransitState readTransit(DataInputStream in, int version) throws IOException {
        if (version == 1) {
            Fix anchor = FixCodec.readFix(in, version);
            Fix last = FixCodec.readFix(in, version);
            double lastDistance = in.readDouble();
            in.readDouble();
            in.readDouble();
            List<Long> seqs = readSeqs(in);
            if (anchor == null && last == null) {
                return TransitState.NONE;
            }
            // Version 1 kept no anchor distance: 0 is a lower bound, which only makes the segment pre-check less
            // selective.
            double anchorDistance = anchor == last ? lastDistance : 0;
            return new TransitState(null, 0, anchor, anchorDistance, last, lastDistance, seqs, null);
        }
        Fix before = version >= 3 ? FixCodec.readFix(in, version) : null;
        double beforeDistance = version >= 3 ? in.readDouble() : 0;
        Fix anchor = FixCodec.readFix(in, version);
        double anchorDistance = in.readDouble();
        Fix last = FixCodec.readFix(in, version);
        double lastDistance = in.readDouble();
        List<Long> seqs = readSeqs(in);
        TransitState.Candidate pending = in.readBoolean()
                ? new TransitState.Candidate(
                        FixCodec.readFix(in, version),
                        in.readDouble(),
                        FixCodec.readFix(in, version),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        readSeqs(in))
                : null;
        if (anchor == null && last == null && pending == null) {
            return TransitState.NONE;
        }
        // Versions 1 and 2 kept no fix before the anchor (before == null): the anchor is then taken as it is, as the
        // engine that wrote the snapshot took it, so a crossing in progress at the upgrade is not missed.
        return new TransitState(before, beforeDistance, anchor, anchorDistance, last, lastDistance, seqs, pending);
    }

    private static void writeEpisode(DataOutputStream out, Episode e) throws IOException {
        out.writeUTF(e.id());
        out.writeUTF(e.orderId());
        out.writeUTF(e.zoneId());
        out.writeUTF(e.kind().name());
        out.writeUTF(e.deviceId());
        out.writeBoolean(e.counterpartDeviceId() != null);
        if (e.counterpartDeviceId() != null) {
            out.writeUTF(e.counterpartDeviceId());
        }
        out.writeLong(e.start().toEpochMilli());
        out.writeBoolean(e.end() != null);
        if (e.end() != null) {
            out.writeLong(e.end().toEpochMilli());
        }
        out.writeLong(e.firstSeq());
        out.writeLong(e.lastSeq());
        out.writeDouble(e.minDistanceMetres());
        out.writeDouble(e.maxPenetrationMetres());
        out.writeDouble(e.accuracyMetres());
        writeSeqs(out, e.supportingSeqs());
        out.writeBoolean(e.late());
        byte[] explanation = e.explanation().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(explanation.length);
        out.write(explanation);
    }

    private static Episode readEpisode(DataInputStream in) throws IOException {
        String id = in.readUTF();
        String orderId = in.readUTF();
        String zoneId = in.readUTF();
        EpisodeKind kind = EpisodeKind.valueOf(in.readUTF());
        String deviceId = in.readUTF();
        String counterpart = in.readBoolean() ? in.readUTF() : null;
        Instant start = Instant.ofEpochMilli(in.readLong());
        Instant end = in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
        long firstSeq = in.readLong();
        long lastSeq = in.readLong();
        double min = in.readDouble();
        double pen = in.readDouble();
        double acc = in.readDouble();
        List<Long> seqs = readSeqs(in);
        boolean late = in.readBoolean();
        byte[] explanation = new byte[in.readInt()];
        in.readFully(explanation);
        return Episode.builder()
                .id(id)
                .rule(orderId, zoneId, kind, deviceId, counterpart)
                .start(start)
                .end(end)
                .seqs(firstSeq, lastSeq)
                .measures(min, pen, acc)
                .supportingSeqs(seqs)
                .late(late)
                .explanation(new String(explanation, java.nio.charset.StandardCharsets.UTF_8))
                .build();
    }

    private static void writeSeqs(DataOutputStream out, List<Long> seqs) throws IOException {
        out.writeInt(seqs.size());
        for (long s : seqs) {
            out.writeLong(s);
        }
    }

    private static List<Long> readSeqs(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new SnapshotFormatException("bad sequence list length " + n);
        }
        List<Long> seqs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            seqs.add(in.readLong());
        }
        return List.copyOf(seqs);
    }
}
