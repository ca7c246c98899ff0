package io.stayaway.geofence.impl;

import io.stayaway.geofence.FixSource;
import io.stayaway.geofence.Ping;
import io.stayaway.geofence.SnapshotFormatException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;

/** The fixes and pings of a {@link SnapshotCodec} snapshot, in each format version. Stateless, thread-safe. */
final class FixCodec {
    private FixCodec() {}

    static void writeFix(DataOutputStream out, Fix f) throws IOException {
        out.writeBoolean(f != null);
        if (f != null) {
            out.writeLong(f.seq());
            out.writeLong(f.timeMillis());
            out.writeDouble(f.lat());
            out.writeDouble(f.lon());
            out.writeDouble(f.uncertainty());
            out.writeByte(f.source().ordinal());
        }
    }

    /** Reads a fix; formats before 6 did not keep its source, which is then unknown (taken as satellite). */
    static Fix readFix(DataInputStream in, int version) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long seq = in.readLong();
        long millis = in.readLong();
        double lat = in.readDouble();
        double lon = in.readDouble();
        double uncertainty = in.readDouble();
        return new Fix(seq, millis, lat, lon, uncertainty, version >= 6 ? readSource(in) : FixSource.UNKNOWN);
    }

    private static FixSource readSource(DataInputStream in) throws IOException {
        int ordinal = in.readUnsignedByte();
        FixSource[] all = FixSource.values();
        if (ordinal >= all.length) {
            throw new SnapshotFormatException("unknown fix source " + ordinal);
        }
        return all[ordinal];
    }

    static void writePing(DataOutputStream out, Ping p) throws IOException {
        out.writeUTF(p.deviceId());
        out.writeLong(p.seq());
        out.writeLong(p.time().getEpochSecond());
        out.writeInt(p.time().getNano());
        out.writeDouble(p.lat());
        out.writeDouble(p.lon());
        out.writeDouble(p.accuracyMetres());
        out.writeByte(p.source().ordinal());
    }

    static Ping readPing(DataInputStream in, int version) throws IOException {
        String device = in.readUTF();
        long seq = in.readLong();
        Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
        double lat = in.readDouble();
        double lon = in.readDouble();
        double accuracy = in.readDouble();
        return new Ping(device, seq, time, lat, lon, accuracy, version >= 6 ? readSource(in) : FixSource.UNKNOWN);
    }
}
