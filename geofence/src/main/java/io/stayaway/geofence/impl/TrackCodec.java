package io.stayaway.geofence.impl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The {@link DeviceTrack} part of a {@link SnapshotCodec} frame, in each format version. Stateless, thread-safe. */
final class TrackCodec {
    private TrackCodec() {}

    static void write(DataOutputStream out, DeviceTrack t) throws IOException {
        SnapshotCodec.writeFix(out, t.lastAccepted());
        SnapshotCodec.writeFix(out, t.lastRejected());
        out.writeLong(t.newestMillis());
        out.writeLong(t.newestSeq());
        SnapshotCodec.writeFix(out, t.beforeAccepted());
        SnapshotCodec.writeFix(out, t.rejectedSince());
        SnapshotCodec.writeFix(out, t.phantom());
        SnapshotCodec.writeFix(out, t.precise());
    }

    /** Reads a track; formats before 5 know only the accepted and rejected fixes, the rest is unknown. */
    static DeviceTrack read(DataInputStream in, int version) throws IOException {
        Fix accepted = SnapshotCodec.readFix(in);
        Fix rejected = SnapshotCodec.readFix(in);
        long newestMillis = in.readLong();
        long newestSeq = in.readLong();
        if (version < 5) {
            return new DeviceTrack(accepted, rejected, newestMillis, newestSeq, null, null, null, null);
        }
        Fix before = SnapshotCodec.readFix(in);
        Fix since = SnapshotCodec.readFix(in);
        Fix phantom = SnapshotCodec.readFix(in);
        Fix precise = SnapshotCodec.readFix(in);
        return new DeviceTrack(accepted, rejected, newestMillis, newestSeq, before, since, phantom, precise);
    }
}
