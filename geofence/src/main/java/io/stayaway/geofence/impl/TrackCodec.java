package io.stayaway.geofence.impl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The {@link DeviceTrack} part of a {@link SnapshotCodec} frame, in each format version. Stateless, thread-safe. */
final class TrackCodec {
    private TrackCodec() {}

    static void write(DataOutputStream out, DeviceTrack t) throws IOException {
        FixCodec.writeFix(out, t.lastAccepted());
        FixCodec.writeFix(out, t.lastRejected());
        out.writeLong(t.newestMillis());
        out.writeLong(t.newestSeq());
        FixCodec.writeFix(out, t.beforeAccepted());
        FixCodec.writeFix(out, t.rejectedSince());
        FixCodec.writeFix(out, t.phantom());
        FixCodec.writeFix(out, t.precise());
    }

    /** Reads a track; formats before 5 know only the accepted and rejected fixes, the rest is unknown. */
    static DeviceTrack read(DataInputStream in, int version) throws IOException {
        Fix accepted = FixCodec.readFix(in, version);
        Fix rejected = FixCodec.readFix(in, version);
        long newestMillis = in.readLong();
        long newestSeq = in.readLong();
        if (version < 5) {
            return new DeviceTrack(accepted, rejected, newestMillis, newestSeq, null, null, null, null);
        }
        Fix before = FixCodec.readFix(in, version);
        Fix since = FixCodec.readFix(in, version);
        Fix phantom = FixCodec.readFix(in, version);
        Fix precise = FixCodec.readFix(in, version);
        return new DeviceTrack(accepted, rejected, newestMillis, newestSeq, before, since, phantom, precise);
    }
}
